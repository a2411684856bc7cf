//! Building the index from the corpus: full or incremental (only documents whose raw file is new,
//! changed or removed are touched), in one tantivy commit so readers never see a half-built
//! index. Extraction runs on all cores; progress goes to a callback. One build at a time: the
//! writer lock ([`WRITER_LOCK_FILE`]); undex's metadata is the commit's payload ([`super::meta`]).

use super::analyzers;
use super::freshness::{current_files, producer_fingerprint};
use super::meta::{IndexMeta, LEGACY_META_FILE, Skipped};
use super::schema::{
    IndexSchema, SCHEMA_VERSION, addr_keys, cite_keys, doc_key, join_section, symbol_prefixes,
};
use crate::corpus::lock::{self, WriterLock};
use crate::corpus::now_rfc3339;
use crate::corpus::{Corpus, ManifestEntry};
use crate::error::{Error, Result};
use crate::model::{CitationRef, merge_citations};
use crate::pipeline::{ProcessedDocument, StageTimes, process_entry};
use crate::progress::{Progress, ProgressFn};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// How to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildMode {
    /// Re-index only what changed since the last build (falls back to full when needed).
    Incremental,
    /// Re-index everything.
    Full,
}

/// What a build did, with per-stage throughput figures.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Whether the whole index was rebuilt.
    pub full: bool,
    /// Documents (symbol, language) indexed in this build.
    pub indexed: usize,
    /// Documents removed from the index.
    pub removed: usize,
    /// Documents left untouched.
    pub unchanged: usize,
    /// Documents that could not be indexed.
    pub skipped: Vec<Skipped>,
    /// Paragraphs written in this build.
    pub paragraphs_written: usize,
    /// Paragraphs in the index afterwards.
    pub paragraphs_total: usize,
    /// Stage times summed over worker threads.
    pub stages: StageTimes,
    /// Time spent adding documents to the writer and committing (analysis + write).
    pub write: Duration,
    /// Wall-clock time of the whole build.
    pub wall: Duration,
}

impl BuildReport {
    /// A human summary with MB/s per stage.
    pub fn summary(&self) -> String {
        let mbps = |bytes: u64, d: Duration| {
            let s = d.as_secs_f64();
            if s > 0.0 {
                bytes as f64 / 1e6 / s
            } else {
                f64::INFINITY
            }
        };
        format!(
            "{} {} documents ({} paragraphs) in {:.1} s; removed {}, unchanged {}, skipped {}. \
             extract {:.1} MB/s of raw input, segment {:.1} MB/s, cite {:.1} MB/s, analyze+write {:.1} MB/s of text",
            if self.full { "indexed" } else { "re-indexed" },
            self.indexed,
            self.paragraphs_written,
            self.wall.as_secs_f64(),
            self.removed,
            self.unchanged,
            self.skipped.len(),
            mbps(self.stages.raw_bytes, self.stages.extract),
            mbps(self.stages.text_bytes, self.stages.segment),
            mbps(self.stages.text_bytes, self.stages.cite),
            mbps(self.stages.text_bytes, self.write),
        )
    }
}

/// File name of undex's writer lock inside the index folder (see [`crate::corpus::lock`]).
pub const WRITER_LOCK_FILE: &str = ".undex-writer.lock";

/// Environment variable naming a point of the build where the process aborts on purpose (as
/// `kill -9` would stop it there): the crash-consistency tests use it (tests/faults.rs).
pub const FAULT_POINT_ENV: &str = "UNDEX_FAULT_POINT";

/// The named points of a build [`FAULT_POINT_ENV`] can stop at, in order.
pub const FAULT_POINTS: &[&str] = &[
    "after-lock",
    "after-open",
    "after-delete",
    "after-first-document",
    "before-commit",
    "after-prepare",
    "after-commit",
    "after-merge",
];

/// Test hook, a no-op unless [`FAULT_POINT_ENV`] names `point`: `POINT` aborts the process
/// there (as `kill -9` would); `pause:POINT` prints a marker to stderr and waits for a line on
/// stdin, so a test can run another process against a build in progress.
fn fault_point(point: &str) {
    let Some(wanted) = std::env::var_os(FAULT_POINT_ENV) else {
        return;
    };
    if wanted == point {
        eprintln!("undex: fault point {point}: aborting");
        std::process::abort();
    }
    if wanted.to_str().and_then(|w| w.strip_prefix("pause:")) == Some(point) {
        eprintln!("undex: fault point {point}: paused");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}

/// Whether the index at `index_dir` is missing or does not match the corpus: another schema or
/// producer (undex version, pipeline stages, dictionaries), a document added, removed or whose
/// file changed on disk.
pub fn is_stale(corpus: &Corpus, index_dir: &Path) -> bool {
    match IndexMeta::read(index_dir) {
        Some(meta) => stale_reason(corpus, &meta).is_some() || !has_current_schema(index_dir),
        None => true,
    }
}

/// Whether the tantivy index in `index_dir` has this build's schema (an index whose recorded
/// schema version matches but whose fields differ, as a development build can leave, is rebuilt
/// rather than refused).
fn has_current_schema(index_dir: &Path) -> bool {
    Index::open_in_dir(index_dir).is_ok_and(|index| index.schema() == IndexSchema::new().schema)
}

/// Why an index with this metadata does not match the corpus, or `None` when it is fresh.
pub fn stale_reason(corpus: &Corpus, meta: &IndexMeta) -> Option<String> {
    if meta.schema_version != SCHEMA_VERSION || meta.producer != producer_fingerprint() {
        return Some(format!(
            "the index was built by another undex ({}) or pipeline",
            if meta.undex_version.is_empty() {
                "older"
            } else {
                meta.undex_version.as_str()
            }
        ));
    }
    let files = current_files(corpus, &meta.known_files(), entry_key);
    for (key, file) in &files {
        let indexed = meta.documents.get(key) == Some(&file.sha256);
        let skipped = meta
            .skipped
            .get(key)
            .is_some_and(|s| s.sha256 == file.sha256);
        if !indexed && !skipped {
            return Some(format!("{key} is new or changed"));
        }
    }
    meta.documents
        .keys()
        .find(|k| !files.contains_key(*k))
        .map(|k| format!("{k} was removed"))
}

fn entry_key(e: &ManifestEntry) -> String {
    doc_key(e.symbol.as_str(), e.lang.code())
}

/// Opens the tantivy index in `index_dir` with undex's analyzers registered, for reading: never
/// creates, deletes or rebuilds anything (readers never disturb a writer). An index without a
/// committed undex build (none yet, or a first build still running) is no index.
pub fn open_for_reading(index_dir: &Path) -> Result<Index> {
    if index_dir.join("meta.json").is_file() {
        let index = Index::open_in_dir(index_dir).map_err(|e| {
            Error::Internal(format!(
                "the index at {} cannot be read ({e}); rebuild it with `undex index --full`",
                index_dir.display()
            ))
        })?;
        if IndexMeta::of_index(&index).is_some() {
            analyzers::register(&index);
            return Ok(index);
        }
    }
    Err(match lock::holder(&index_dir.join(WRITER_LOCK_FILE)) {
        Some(pid) => Error::Busy(format!(
            "the index at {} is being built by another `undex index` (pid {pid}); try again when it has finished",
            index_dir.display()
        )),
        None => Error::NotFound(format!(
            "no index at {}: run `undex index`",
            index_dir.display()
        )),
    })
}

/// Opens the tantivy index in `index_dir` for writing, creating it when absent. An index that
/// cannot be read or has another schema is wiped and re-created (it is derived data). Call only
/// while holding the writer lock.
fn open_or_create(index_dir: &Path) -> Result<(Index, bool)> {
    let schema = IndexSchema::new();
    if index_dir.join("meta.json").is_file()
        && let Ok(index) = Index::open_in_dir(index_dir)
        && index.schema() == schema.schema
    {
        analyzers::register(&index);
        return Ok((index, false));
    }
    // Wipe derived files (keep the folder, its README and the lock held right now).
    if let Ok(rd) = std::fs::read_dir(index_dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.file_name()
                .is_some_and(|n| n == "README.md" || n == WRITER_LOCK_FILE)
            {
                continue;
            }
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
    let index = Index::create_in_dir(index_dir, schema.schema.clone())?;
    analyzers::register(&index);
    Ok((index, true))
}

/// Threads that extract, segment, cite and analyse documents at most (the build is CPU-bound;
/// each thread also gets its own tantivy segment). Set by hand as a cap for large machines; not
/// measured (the development machine has 2 cores).
const MAX_BUILD_THREADS: usize = 8;

/// Memory tantivy's writer may use before it flushes a segment, all threads together
/// (tantivy's minimum is 15 MB per thread). The build's peak memory is this arena's filling
/// (the final merge takes less): at 16× the bundled corpus with the pair fields, 200 MB gave a
/// peak RSS of 404 MB in 65.8 s, 100 MB 340 MB in 64.5 s (the segments it flushes more often are
/// merged once at the end anyway).
const WRITER_HEAP_BYTES: usize = 100_000_000;

/// What changed between the corpus and the index: which documents to (re-)index, which index
/// documents to delete, and how many stay as they are.
struct ChangePlan<'c> {
    /// The corpus documents by `doc_key`.
    current: BTreeMap<String, &'c ManifestEntry>,
    /// Documents to index (new or changed).
    to_index: Vec<&'c ManifestEntry>,
    /// `doc_key`s whose paragraphs are deleted (changed or gone from the corpus).
    to_remove: Vec<String>,
    /// Documents left untouched (same file, or skipped before for the same file).
    unchanged: usize,
}

/// Compares the corpus with the metadata of the last build; `sha_of` gives the current file
/// hash of a `doc_key`.
fn plan_changes<'c>(
    corpus: &'c Corpus,
    old_meta: &IndexMeta,
    sha_of: &dyn Fn(&str) -> String,
) -> ChangePlan<'c> {
    let current: BTreeMap<String, &ManifestEntry> =
        corpus.documents().map(|e| (entry_key(e), e)).collect();
    let mut to_index: Vec<&ManifestEntry> = Vec::new();
    let mut to_remove: Vec<String> = Vec::new();
    let mut unchanged = 0usize;
    for (key, entry) in &current {
        let sha = sha_of(key);
        let still_skipped = old_meta.skipped.get(key).is_some_and(|k| k.sha256 == sha);
        match old_meta.documents.get(key) {
            Some(old_sha) if *old_sha == sha => unchanged += 1,
            Some(_) => {
                to_remove.push(key.clone());
                to_index.push(entry);
            }
            None if still_skipped => unchanged += 1,
            None => to_index.push(entry),
        }
    }
    for key in old_meta.documents.keys() {
        if !current.contains_key(key) {
            to_remove.push(key.clone());
        }
    }
    ChangePlan {
        current,
        to_index,
        to_remove,
        unchanged,
    }
}

/// Paragraphs in the index under these `doc_key`s.
fn count_paragraphs(index: &Index, fields: &IndexSchema, doc_keys: &[String]) -> Result<usize> {
    let searcher = index.reader()?.searcher();
    let mut n = 0usize;
    for key in doc_keys {
        let q = tantivy::query::TermQuery::new(
            Term::from_field_text(fields.doc_key, key),
            tantivy::schema::IndexRecordOption::Basic,
        );
        n += searcher.search(&q, &tantivy::collector::Count)?;
    }
    Ok(n)
}

/// What the worker threads of a build hand back, summed over threads.
#[derive(Default)]
struct IndexedDocuments {
    /// Stage times and volumes.
    stages: StageTimes,
    /// Documents that could not be indexed, with the reason.
    skipped: Vec<Skipped>,
    /// Documents indexed: `doc_key` → sha256 of the file.
    indexed: BTreeMap<String, String>,
    /// Time spent analysing and adding documents to the writer.
    write: Duration,
    /// Paragraphs added to the writer.
    paragraphs: usize,
}

impl IndexedDocuments {
    fn add(&mut self, other: IndexedDocuments) {
        self.stages.add(&other.stages);
        self.skipped.extend(other.skipped);
        self.indexed.extend(other.indexed);
        self.write += other.write;
        self.paragraphs += other.paragraphs;
    }
}

/// Runs `to_index` through the pipeline on `threads` threads and adds the paragraphs to
/// `writer`, reporting each document to `progress`.
fn index_documents(
    corpus: &Corpus,
    to_index: &[&ManifestEntry],
    writer: &IndexWriter<TantivyDocument>,
    threads: usize,
    sha_of: &(dyn Fn(&str) -> String + Sync),
    progress: Option<&ProgressFn>,
) -> Result<IndexedDocuments> {
    let fields = IndexSchema::new();
    let total = to_index.len();
    if let Some(report) = progress
        && total > 0
    {
        report(&Progress::Indexing { done: 0, total });
    }
    let next = AtomicUsize::new(0);
    let processed = AtomicUsize::new(0);
    let paragraphs_written = AtomicUsize::new(0);
    let results: Mutex<IndexedDocuments> = Mutex::new(IndexedDocuments::default());
    let write_error: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut mine = IndexedDocuments::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(entry) = to_index.get(i) else { break };
                    let key = doc_key(entry.symbol.as_str(), entry.lang.code());
                    match process_entry(corpus, entry, &mut mine.stages) {
                        Ok(doc) => {
                            let t = Instant::now();
                            let docs = to_tantivy_docs(&fields, &doc);
                            let n = docs.len();
                            for d in docs {
                                if let Err(e) = writer.add_document(d) {
                                    *write_error.lock().unwrap_or_else(|p| p.into_inner()) =
                                        Some(e);
                                    break;
                                }
                            }
                            mine.write += t.elapsed();
                            mine.paragraphs += n;
                            if paragraphs_written.fetch_add(n, Ordering::Relaxed) == 0 && n > 0 {
                                fault_point("after-first-document");
                            }
                            mine.indexed.insert(key.clone(), sha_of(&key));
                        }
                        Err(reason) => mine.skipped.push(Skipped {
                            symbol: entry.symbol.to_string(),
                            lang: entry.lang.code().to_string(),
                            sha256: sha_of(&key),
                            reason,
                        }),
                    }
                    if let Some(report) = progress {
                        let done = processed.fetch_add(1, Ordering::Relaxed) + 1;
                        report(&Progress::Indexing { done, total });
                    }
                }
                results.lock().unwrap_or_else(|p| p.into_inner()).add(mine);
            });
        }
    });
    if let Some(e) = write_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e.into());
    }
    Ok(results.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// The metadata committed with the index: the documents and skipped files of the last build
/// updated by this one (`full`: this one alone).
fn next_meta(
    old_meta: &IndexMeta,
    full: bool,
    plan: &ChangePlan,
    indexed: &IndexedDocuments,
    files: &BTreeMap<String, super::freshness::FileState>,
    paragraphs: usize,
) -> IndexMeta {
    let mut documents = if full {
        BTreeMap::new()
    } else {
        old_meta.documents.clone()
    };
    for key in &plan.to_remove {
        documents.remove(key);
    }
    documents.extend(indexed.indexed.clone());
    let mut skipped = if full {
        BTreeMap::new()
    } else {
        old_meta.skipped.clone()
    };
    skipped.retain(|k, _| plan.current.contains_key(k) && !documents.contains_key(k));
    for s in &indexed.skipped {
        skipped.insert(doc_key(&s.symbol, &s.lang), s.clone());
    }
    let stamps = files
        .iter()
        .filter(|(k, _)| documents.contains_key(*k) || skipped.contains_key(*k))
        .filter_map(|(k, f)| f.stamp.map(|s| (k.clone(), s)))
        .collect();
    IndexMeta {
        schema_version: SCHEMA_VERSION,
        undex_version: env!("CARGO_PKG_VERSION").to_string(),
        producer: producer_fingerprint(),
        built_at: now_rfc3339(),
        documents,
        stamps,
        skipped,
        paragraphs,
    }
}

/// Commits the writer's changes and `meta` in one tantivy commit, then waits for merges; after
/// a full build (`merge_all`), first merges every segment into one.
///
/// One segment because a search pays per segment: each plan step builds its scorers (phrase
/// scorers copy their postings' block buffers), filters and fast-column readers once per
/// segment, and tantivy's BM25 is the same whatever the split. Measured on the bundled corpus
/// (two segments, one per build thread, before): the HTTP load test's server CPU per answer
/// 334–349 → 292–302 µs, the peers harness's p50 65–67 → 59–62 µs; the merge costs 1.5 s of
/// a 53 s build at 16×. An incremental build leaves its small segment to tantivy's merge policy:
/// merging everything there would make re-indexing one document cost a full merge.
/// A crash during the merge leaves the commit as it was (tantivy swaps `meta.json` at the end;
/// the commit payload is carried over).
fn commit_with_meta(
    mut writer: IndexWriter<TantivyDocument>,
    index: &Index,
    meta: &IndexMeta,
    merge_all: bool,
) -> Result<()> {
    fault_point("before-commit");
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&meta.to_payload()?);
    fault_point("after-prepare");
    prepared.commit()?;
    fault_point("after-commit");
    if merge_all {
        release_freed_heap();
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
    }
    writer.wait_merging_threads()?;
    fault_point("after-merge");
    Ok(())
}

/// Returns the heap pages that the indexing threads freed to the OS, so that they do not stay
/// counted in the process's memory while a merge maps every segment: glibc keeps freed memory of
/// its per-thread arenas. The 16× build's peak RSS with the final merge: 350–430 MB without this
/// call, 358–365 MB with it (three runs each; 364–366 MB before the final merge existed).
fn release_freed_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointer and only walks glibc's own free lists, under its
    // arena locks; it is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Builds (or refreshes) the index of `corpus` in `index_dir`, reporting each processed
/// document to `progress` when given.
///
/// Holds the index's writer lock throughout (a second build fails at once with
/// [`Error::Busy`]) and commits the documents and undex's metadata in one tantivy commit.
pub fn build(
    corpus: &Corpus,
    index_dir: &Path,
    mode: BuildMode,
    progress: Option<&ProgressFn>,
) -> Result<BuildReport> {
    let started = Instant::now();
    std::fs::create_dir_all(index_dir)
        .map_err(|e| Error::io("creating the index folder", index_dir, e))?;
    let _lock = WriterLock::try_acquire(&index_dir.join(WRITER_LOCK_FILE), "`undex index`")?;
    fault_point("after-lock");
    let (index, created) = open_or_create(index_dir)?;
    fault_point("after-open");
    let fields = IndexSchema::new();
    let producer = producer_fingerprint();
    let old_meta = if created {
        None
    } else {
        IndexMeta::of_index(&index)
            .filter(|m| m.schema_version == SCHEMA_VERSION && m.producer == producer)
    };
    if !corpus.has_manifest() && old_meta.as_ref().is_some_and(|m| !m.documents.is_empty()) {
        return Err(Error::BadInput(format!(
            "the corpus manifest {} is missing, so the index is kept as it is; \
             run `undex corpus repair` to rebuild the manifest from the files",
            corpus.dir().join(crate::corpus::MANIFEST_FILE).display()
        )));
    }
    let full = created || mode == BuildMode::Full || old_meta.is_none();
    let old_meta = if full {
        IndexMeta::default()
    } else {
        old_meta.unwrap_or_default()
    };

    let files = current_files(corpus, &old_meta.known_files(), entry_key);
    let sha_of = |key: &str| files.get(key).map(|f| f.sha256.clone()).unwrap_or_default();
    let plan = plan_changes(corpus, &old_meta, &sha_of);
    let (paragraphs_before, paragraphs_removed) = if full {
        (0, 0)
    } else {
        (
            index.reader()?.searcher().num_docs() as usize,
            count_paragraphs(&index, &fields, &plan.to_remove)?,
        )
    };

    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, MAX_BUILD_THREADS);
    let writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(threads, WRITER_HEAP_BYTES)?;
    if full {
        // Everything is merged into one segment at the end (`commit_with_meta`): merging the
        // flushed segments along the way would be work done twice.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        writer.delete_all_documents()?;
    } else {
        for key in &plan.to_remove {
            writer.delete_term(Term::from_field_text(fields.doc_key, key));
        }
    }
    fault_point("after-delete");

    let mut indexed = index_documents(corpus, &plan.to_index, &writer, threads, &sha_of, progress)?;
    let paragraphs = paragraphs_before.saturating_sub(paragraphs_removed) + indexed.paragraphs;
    let meta = next_meta(&old_meta, full, &plan, &indexed, &files, paragraphs);
    let t = Instant::now();
    commit_with_meta(writer, &index, &meta, full)?;
    indexed.write += t.elapsed();
    // Metadata of undex versions before the commit payload: derived, now stale; remove it.
    let _ = std::fs::remove_file(index_dir.join(LEGACY_META_FILE));

    let paragraphs_total = index.reader()?.searcher().num_docs() as usize;
    Ok(BuildReport {
        full,
        indexed: plan.to_index.len() - indexed.skipped.len(),
        removed: plan
            .to_remove
            .iter()
            .filter(|k| !plan.current.contains_key(*k))
            .count(),
        unchanged: plan.unchanged,
        skipped: indexed.skipped,
        paragraphs_written: indexed.paragraphs,
        paragraphs_total,
        stages: indexed.stages,
        write: indexed.write,
        wall: started.elapsed(),
    })
}

/// One tantivy document per paragraph.
pub fn to_tantivy_docs(f: &IndexSchema, doc: &ProcessedDocument) -> Vec<TantivyDocument> {
    let d = &doc.document;
    let symbol = d.symbol.as_str();
    let lang = d.lang.code();
    let key = doc_key(symbol, lang);
    let prefixes = symbol_prefixes(symbol);
    let year = d
        .date
        .as_deref()
        .and_then(|s| s.get(..4))
        .and_then(|y| y.parse::<u64>().ok())
        .or_else(|| d.symbol.year().map(u64::from));
    let zh = d.lang == crate::model::Lang::Zh;
    let mut out = Vec::with_capacity(d.paragraphs.len());
    for (p, cites) in d.paragraphs.iter().zip(doc.citations.iter()) {
        let mut t = TantivyDocument::default();
        t.add_text(f.symbol, symbol);
        for pre in &prefixes {
            t.add_text(f.symbol_prefix, pre);
        }
        t.add_text(f.lang, lang);
        t.add_text(f.doc_key, &key);
        let part = p.part.as_deref().unwrap_or("");
        let number = p.number.as_deref().unwrap_or("");
        t.add_text(f.part, part);
        t.add_text(f.number, number);
        if !number.is_empty() {
            for a in addr_keys(symbol, p.part.as_deref(), number) {
                t.add_text(f.addr, &a);
            }
        }
        t.add_u64(f.seq, p.seq as u64);
        t.add_text(f.kind, p.kind.as_str());
        t.add_text(f.section, join_section(&p.section));
        t.add_text(f.title, &d.title);
        t.add_text(f.date, d.date.as_deref().unwrap_or(""));
        if let Some(y) = year {
            t.add_u64(f.year, y);
        }
        t.add_text(f.doc_type, d.doc_type.as_str());
        t.add_text(f.text, &p.text);
        super::facts::add_facts(f, &mut t, &d.symbol, d.lang, p.kind, &p.text);
        if zh {
            f.add_chinese_body(&mut t, &p.text);
            t.add_text(f.title_zh, &d.title);
            t.add_text(f.section_zh, p.section.join(" "));
        } else {
            f.add_english_body(&mut t, &p.text);
            t.add_text(f.title_en, &d.title);
            t.add_text(f.section_en, p.section.join(" "));
        }
        let refs: Vec<CitationRef> = merge_citations(cites);
        for r in &refs {
            for k in cite_keys(r.symbol.as_str(), &r.paragraphs) {
                t.add_text(f.cites, &k);
            }
        }
        t.add_text(
            f.citations,
            serde_json::to_string(&refs).unwrap_or_else(|_| "[]".into()),
        );
        out.push(t);
    }
    out
}
