//! Building the index from the corpus: full or incremental (only documents whose raw file is new,
//! changed or removed are touched), in one tantivy commit so readers never see a half-built
//! index. Extraction runs on all cores; progress goes to stderr.

use super::analyzers;
use super::meta::{IndexMeta, Skipped};
use super::pipeline::{ProcessedDocument, StageTimes, process_entry};
use super::schema::{
    IndexSchema, SCHEMA_VERSION, addr_keys, cite_keys, doc_key, join_section, symbol_prefixes,
};
use crate::corpus::now_rfc3339;
use crate::corpus::{Corpus, ManifestEntry};
use crate::error::{Error, Result};
use crate::model::Symbol;
use crate::query::CitationRef;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// What the worker threads of a build hand back: stage times, skipped documents, indexed
/// documents (doc_key → sha256) and time spent writing.
type WorkerResults = (StageTimes, Vec<Skipped>, BTreeMap<String, String>, Duration);

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

/// Whether the index at `index_dir` is missing or does not match the corpus.
pub fn is_stale(corpus: &Corpus, index_dir: &Path) -> bool {
    match IndexMeta::read(index_dir) {
        Some(meta) => {
            meta.schema_version != SCHEMA_VERSION || meta.corpus_fingerprint != corpus.fingerprint()
        }
        None => true,
    }
}

/// Opens the tantivy index in `index_dir` with undex's analyzers registered, creating it when
/// absent. An index of another schema version is wiped and re-created (it is derived data).
pub fn open_or_create(index_dir: &Path) -> Result<(Index, bool)> {
    std::fs::create_dir_all(index_dir)
        .map_err(|e| Error::io("creating the index folder", index_dir, e))?;
    let schema = IndexSchema::new();
    let meta_ok = IndexMeta::read(index_dir).is_some_and(|m| m.schema_version == SCHEMA_VERSION);
    let has_index = index_dir.join("meta.json").exists();
    if has_index
        && meta_ok
        && let Ok(index) = Index::open_in_dir(index_dir)
        && index.schema() == schema.schema
    {
        analyzers::register(&index);
        return Ok((index, false));
    }
    // Wipe derived files (keep the folder and its README).
    if let Ok(rd) = std::fs::read_dir(index_dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n == "README.md") {
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

/// Builds (or refreshes) the index of `corpus` in `index_dir`. `progress` shows a bar on stderr.
pub fn build(
    corpus: &Corpus,
    index_dir: &Path,
    mode: BuildMode,
    progress: bool,
) -> Result<BuildReport> {
    let started = Instant::now();
    let (index, created) = open_or_create(index_dir)?;
    let fields = IndexSchema::new();
    let old_meta = if created {
        None
    } else {
        IndexMeta::read(index_dir)
    };
    let full = created || mode == BuildMode::Full || old_meta.is_none();
    let old_meta = if full {
        IndexMeta::default()
    } else {
        old_meta.unwrap_or_default()
    };

    let current: BTreeMap<String, &ManifestEntry> = corpus
        .documents()
        .map(|e| (doc_key(e.symbol.as_str(), e.lang.code()), e))
        .collect();
    let mut to_index: Vec<&ManifestEntry> = Vec::new();
    let mut to_remove: Vec<String> = Vec::new();
    let mut unchanged = 0usize;
    for (key, entry) in &current {
        let sha = entry.sha256.clone().unwrap_or_default();
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

    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8);
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(threads, 200_000_000)?;
    if full {
        writer.delete_all_documents()?;
    } else {
        for key in &to_remove {
            writer.delete_term(Term::from_field_text(fields.doc_key, key));
        }
    }

    let bar = if progress && !to_index.is_empty() {
        let pb = indicatif::ProgressBar::with_draw_target(
            Some(to_index.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "indexing {bar:40} {pos}/{len} documents {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(pb)
    } else {
        None
    };

    let next = AtomicUsize::new(0);
    let paragraphs_written = AtomicUsize::new(0);
    let results: Mutex<WorkerResults> = Mutex::new((
        StageTimes::default(),
        Vec::new(),
        BTreeMap::new(),
        Duration::ZERO,
    ));
    let write_error: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut times = StageTimes::default();
                let mut skipped = Vec::new();
                let mut done = BTreeMap::new();
                let mut write = Duration::ZERO;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(entry) = to_index.get(i) else { break };
                    let key = doc_key(entry.symbol.as_str(), entry.lang.code());
                    match process_entry(corpus, entry, &mut times) {
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
                            write += t.elapsed();
                            paragraphs_written.fetch_add(n, Ordering::Relaxed);
                            done.insert(key, entry.sha256.clone().unwrap_or_default());
                        }
                        Err(reason) => skipped.push(Skipped {
                            symbol: entry.symbol.to_string(),
                            lang: entry.lang.code().to_string(),
                            sha256: entry.sha256.clone().unwrap_or_default(),
                            reason,
                        }),
                    }
                    if let Some(pb) = &bar {
                        pb.inc(1);
                    }
                }
                let mut r = results.lock().unwrap_or_else(|p| p.into_inner());
                r.0.add(&times);
                r.1.extend(skipped);
                r.2.extend(done);
                r.3 += write;
            });
        }
    });
    if let Some(pb) = &bar {
        pb.finish_and_clear();
    }
    if let Some(e) = write_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e.into());
    }
    let (stages, skipped, done, mut write) =
        results.into_inner().unwrap_or_else(|p| p.into_inner());
    let t = Instant::now();
    writer.commit()?;
    writer.wait_merging_threads()?;
    write += t.elapsed();

    let reader = index.reader()?;
    let paragraphs_total = reader.searcher().num_docs() as usize;
    let mut documents = if full {
        BTreeMap::new()
    } else {
        old_meta.documents.clone()
    };
    for key in &to_remove {
        documents.remove(key);
    }
    documents.extend(done);
    let mut skipped_map = if full {
        BTreeMap::new()
    } else {
        old_meta.skipped.clone()
    };
    skipped_map.retain(|k, _| current.contains_key(k) && !documents.contains_key(k));
    for s in &skipped {
        skipped_map.insert(doc_key(&s.symbol, &s.lang), s.clone());
    }
    let meta = IndexMeta {
        schema_version: SCHEMA_VERSION,
        corpus_fingerprint: corpus.fingerprint(),
        built_at: now_rfc3339(),
        documents,
        skipped: skipped_map,
        paragraphs: paragraphs_total,
    };
    meta.write(index_dir)?;
    Ok(BuildReport {
        full,
        indexed: to_index.len() - skipped.len(),
        removed: to_remove
            .iter()
            .filter(|k| !current.contains_key(*k))
            .count(),
        unchanged,
        skipped,
        paragraphs_written: paragraphs_written.into_inner(),
        paragraphs_total,
        stages,
        write,
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
        if zh {
            t.add_text(f.body_zh_words, &p.text);
            t.add_text(f.body_zh_chars, &p.text);
            t.add_text(f.title_zh, &d.title);
            t.add_text(f.section_zh, p.section.join(" "));
        } else {
            t.add_text(f.body_en, &p.text);
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

/// Merges a paragraph's citations per symbol (paragraph lists united, order kept).
pub fn merge_citations(cites: &[crate::model::Citation]) -> Vec<CitationRef> {
    let mut out: Vec<CitationRef> = Vec::new();
    for c in cites {
        match out.iter_mut().find(|r| r.symbol == c.symbol) {
            Some(r) => {
                // A whole-document mention adds nothing to a paragraph-level one and vice versa.
                for p in &c.paragraphs {
                    if !r.paragraphs.contains(p) {
                        r.paragraphs.push(p.clone());
                    }
                }
            }
            None => out.push(CitationRef {
                symbol: Symbol::from_canonical(c.symbol.as_str()),
                paragraphs: c.paragraphs.clone(),
            }),
        }
    }
    out
}
