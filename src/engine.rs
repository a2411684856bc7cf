//! The embeddable entry point: [`Engine`] ties a corpus folder to its index, builds or refreshes
//! the index when it is missing or stale, and answers searches, `show`, `resolve` and `cited-by`.

use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::index::meta::IndexMeta;
use crate::index::{BuildMode, BuildReport, IndexSchema};
use crate::model::Lang;
use crate::progress::{Progress, ProgressFn};
use crate::query::search as exec;
use crate::query::{
    CitedByRequest, CitedByResponse, IndexStatus, ResolveResponse, SearchRequest, SearchResponse,
    ShowRequest, ShowResponse,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::{Index, IndexReader, ReloadPolicy};

/// How [`Engine::open_with`] treats a missing or stale index.
#[derive(Clone)]
pub struct OpenOptions {
    /// Build the index when it is missing or older than the corpus (default true).
    pub build_if_stale: bool,
    /// Told of each document indexed and of the finished build (default: none, silent).
    pub progress: Option<Arc<ProgressFn>>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            build_if_stale: true,
            progress: None,
        }
    }
}

impl std::fmt::Debug for OpenOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenOptions")
            .field("build_if_stale", &self.build_if_stale)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish()
    }
}

/// A corpus and its index, ready to answer queries. `Engine` is `Send + Sync`: share it behind
/// an `Arc`. Each call works on one consistent snapshot of the index; the reader follows new
/// commits (e.g. `undex index` run by another process) without a restart.
pub struct Engine {
    corpus_dir: PathBuf,
    index_dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: IndexSchema,
}

impl Engine {
    /// Opens the corpus and index folders, building the index first (silently) when it is
    /// missing or older than the corpus. [`Engine::open_with`] takes a progress callback.
    pub fn open(corpus: impl AsRef<Path>, index: impl AsRef<Path>) -> Result<Engine> {
        Engine::open_with(corpus, index, OpenOptions::default())
    }

    /// Opens with explicit options.
    pub fn open_with(
        corpus: impl AsRef<Path>,
        index: impl AsRef<Path>,
        opts: OpenOptions,
    ) -> Result<Engine> {
        let corpus_dir = corpus.as_ref().to_path_buf();
        let index_dir = index.as_ref().to_path_buf();
        // An index counts once an undex build has committed into it.
        let has_index = IndexMeta::read(&index_dir).is_some();
        if opts.build_if_stale {
            let corpus = Corpus::open(&corpus_dir)?;
            if let Some(report_to) = opts.progress.as_deref() {
                for w in corpus.warnings() {
                    report_to(&Progress::Warning(w));
                }
            }
            if corpus.documents().next().is_none() && !has_index {
                return Err(Error::BadInput(format!(
                    "no corpus at {}: run undex from the repository folder, pass --corpus DIR, or fetch documents with `undex crawl SYMBOL`",
                    corpus_dir.display()
                )));
            }
            let progress = opts.progress.as_deref();
            if has_index && !corpus.has_manifest() {
                // A missing manifest never empties the index: answer from the last build.
                if let Some(report_to) = progress {
                    report_to(&Progress::Warning(
                        "the corpus manifest is missing; answering from the last build (run `undex corpus repair`)",
                    ));
                }
            } else if crate::index::is_stale(&corpus, &index_dir) {
                match crate::index::build(&corpus, &index_dir, BuildMode::Incremental, progress) {
                    Ok(report) => {
                        if let Some(report_to) = progress {
                            report_to(&Progress::Indexed(&report));
                        }
                    }
                    // Another process is building: answer from its last commit, if any (without
                    // one, opening below says the index is being built).
                    Err(Error::Busy(msg)) => {
                        if let (Some(report_to), true) = (progress, has_index) {
                            report_to(&Progress::Warning(&format!(
                                "{msg}; answering from the last build"
                            )));
                        }
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        let index = crate::index::build::open_for_reading(&index_dir)?;
        let fields = IndexSchema::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .doc_store_cache_num_blocks(exec::DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        Ok(Engine {
            corpus_dir,
            index_dir,
            index,
            reader,
            fields,
        })
    }

    /// Rebuilds the index from the corpus (incremental unless `full`), returning what was done.
    /// Readers of this engine see the new index once the build commits.
    pub fn rebuild(&self, full: bool) -> Result<BuildReport> {
        let report = Engine::build_index(&self.corpus_dir, &self.index_dir, full, None)?;
        self.reader.reload()?;
        Ok(report)
    }

    /// Builds the index of the corpus in `corpus_dir` into `index_dir` (only what changed,
    /// unless `full`) without opening an engine, telling `progress` of each document: what
    /// `undex index` runs. An empty corpus is refused (unless its manifest is missing and an
    /// index exists: the build then keeps the index and says why).
    pub fn build_index(
        corpus_dir: &Path,
        index_dir: &Path,
        full: bool,
        progress: Option<&ProgressFn>,
    ) -> Result<BuildReport> {
        let corpus = Corpus::open(corpus_dir)?;
        let keep_index = !corpus.has_manifest() && index_dir.join("meta.json").is_file();
        if corpus.documents().next().is_none() && !keep_index {
            return Err(Error::BadInput(format!(
                "no documents in the corpus at {}: pass --corpus DIR or fetch some with `undex crawl SYMBOL`",
                corpus_dir.display()
            )));
        }
        let mode = if full {
            BuildMode::Full
        } else {
            BuildMode::Incremental
        };
        crate::index::build(&corpus, index_dir, mode, progress)
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        exec::search(&self.reader.searcher(), &self.fields, request)
    }

    /// Identifies the index snapshot that searches see now: it changes when the reader picks up
    /// a new commit (what a cache of answers keys on).
    pub fn snapshot_id(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// Shows a document (all paragraphs) or the paragraphs the request selects.
    pub fn show(&self, request: &ShowRequest) -> Result<ShowResponse> {
        exec::show(&self.reader.searcher(), &self.fields, request)
    }

    /// Resolves a reference ("第 2395(2017)号决议第 17 段", "S/RES/2178(2014) para 5") to the
    /// cited paragraph texts, in `lang` when available, else in the other language.
    pub fn resolve(&self, reference: &str, lang: Option<Lang>) -> Result<ResolveResponse> {
        exec::resolve(&self.reader.searcher(), &self.fields, reference, lang)
    }

    /// Paragraphs that cite a document or one of its paragraphs (`request.reference`).
    pub fn cited_by(&self, request: &CitedByRequest) -> Result<CitedByResponse> {
        exec::cited_by(
            &self.reader.searcher(),
            &self.fields,
            &request.reference,
            request.limit,
            request.offset,
        )
    }

    /// The citations in `input` (UTF-8 text, a PDF or an HTML file), as `undex cite` finds
    /// them. It does not read the index: [`crate::cite::cite_bytes`] does the same without an
    /// `Engine`, and [`crate::cite::cite_input`] streams a reader.
    pub fn cite(&self, input: &[u8]) -> Result<Vec<crate::cite::FoundCitation>> {
        crate::cite::cite_bytes(input)
    }

    /// Index and corpus status.
    pub fn status(&self) -> Result<IndexStatus> {
        let meta = IndexMeta::read(&self.index_dir);
        let fresh = match Corpus::open(&self.corpus_dir) {
            Ok(c) => !crate::index::is_stale(&c, &self.index_dir),
            Err(_) => false,
        };
        Ok(IndexStatus {
            documents: meta.as_ref().map(|m| m.documents.len()).unwrap_or(0),
            paragraphs: self.reader.searcher().num_docs() as usize,
            fresh,
            built_at: meta.map(|m| m.built_at),
        })
    }

    /// The corpus folder.
    pub fn corpus_dir(&self) -> &Path {
        &self.corpus_dir
    }

    /// The index folder.
    pub fn index_dir(&self) -> &Path {
        &self.index_dir
    }

    /// The underlying tantivy index (for advanced embedding).
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }
}
