//! Fault tests of issue #11: each finding of the fault probes is caused for real (the real
//! binary aborted at named points of a build through `UNDEX_FAULT_POINT`, a second process
//! holding a lock, deleted and damaged files) and checked on what is on disk and what the user
//! sees. Every test here failed on the code before the fix.

use crate::common;

use common::{stderr, stdout, temp_corpus, undex};
use std::collections::BTreeMap;
use std::path::Path;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use undex::corpus::lock::WriterLock;
use undex::corpus::{Corpus, ManifestEntry};
use undex::index::IndexSchema;
use undex::index::build::{FAULT_POINT_ENV, FAULT_POINTS, WRITER_LOCK_FILE};
use undex::model::{Lang, Symbol};

/// Documents indexed first.
const FIRST: &[(&str, Lang)] = &[("S/RES/384(1975)", Lang::En), ("S/RES/507(1982)", Lang::En)];
/// Documents added afterwards (the build that is killed indexes these).
const ADDED: &[(&str, Lang)] = &[
    ("S/RES/133(1960)", Lang::En),
    ("S/RES/748(1992)", Lang::En),
    ("S/2022/529", Lang::Zh),
];

/// Copies a bundled document into the corpus of `dir` (as a crawl would store it).
fn add_bundled(dir: &Path, docs: &[(&str, Lang)]) {
    let bundled = Corpus::open(common::bundled_corpus()).unwrap();
    let mut corpus = Corpus::open(dir.join("corpus")).unwrap();
    for (sym, lang) in docs {
        let symbol = Symbol::parse(sym).unwrap();
        let entry = bundled.get(&symbol, *lang).unwrap();
        let bytes = bundled.read_raw(entry).unwrap();
        let ext = entry.file.as_deref().unwrap().rsplit('.').next().unwrap();
        let new = ManifestEntry {
            file: None,
            sha256: None,
            bytes: 0,
            ..entry.clone()
        };
        corpus.store(new, ext, &bytes).unwrap();
    }
}

/// Paragraphs per document key in the index of `dir`, and the index's total.
fn paragraph_counts(index_dir: &Path, docs: &[(&str, Lang)]) -> (BTreeMap<String, usize>, usize) {
    let index = undex::index::build::open_for_reading(index_dir).expect("index opens");
    let fields = IndexSchema::from_schema(&index.schema()).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let mut out = BTreeMap::new();
    for (sym, lang) in docs {
        let key = undex::index::schema::doc_key(sym, lang.code());
        let q = TermQuery::new(
            tantivy::Term::from_field_text(fields.doc_key, &key),
            IndexRecordOption::Basic,
        );
        out.insert(key, searcher.search(&q, &Count).unwrap());
    }
    (out, searcher.num_docs() as usize)
}

/// The paragraph counts of a clean full build of `docs`.
fn reference(docs: &[(&str, Lang)]) -> (BTreeMap<String, usize>, usize) {
    let dir = temp_corpus(docs);
    let out = undex(dir.path(), &["index"]);
    assert!(out.status.success(), "{}", stderr(&out));
    paragraph_counts(&dir.path().join("index"), docs)
}

fn undex_at_fault(dir: &Path, point: &str, args: &[&str]) -> std::process::Output {
    common::undex_command(dir, args)
        .env(FAULT_POINT_ENV, point)
        .output()
        .unwrap()
}

fn all_docs() -> Vec<(&'static str, Lang)> {
    FIRST.iter().chain(ADDED).copied().collect()
}

/// Finding 1: `kill -9` between tantivy's commit and undex's metadata doubled every paragraph
/// of the added documents. Now, killed at each point, the index holds the old state or the new
/// one, and the next run reaches exactly the clean build's content.
#[test]
fn a_build_killed_at_any_point_leaves_no_duplicates_and_loses_nothing() {
    let all = all_docs();
    let (old_counts, old_total) = reference(FIRST);
    let (new_counts, new_total) = reference(&all);
    assert!(new_total > old_total);
    for point in FAULT_POINTS {
        let dir = temp_corpus(FIRST);
        assert!(undex(dir.path(), &["index"]).status.success());
        add_bundled(dir.path(), ADDED);
        let killed = undex_at_fault(dir.path(), point, &["index"]);
        assert!(
            !killed.status.success(),
            "{point}: the build was not stopped"
        );
        assert!(
            stderr(&killed).contains(&format!("fault point {point}")),
            "{point}: {}",
            stderr(&killed)
        );
        let (counts, total) = paragraph_counts(&dir.path().join("index"), &all);
        let old_state = total == old_total
            && FIRST.iter().all(|(s, l)| {
                let k = undex::index::schema::doc_key(s, l.code());
                counts[&k] == old_counts[&k]
            });
        let new_state = total == new_total && counts == new_counts;
        assert!(
            old_state || new_state,
            "{point}: neither old nor new state after the kill: {counts:?} total {total}"
        );
        // The next run (a search builds when stale) completes it, without doubling anything.
        let next = undex(dir.path(), &["search", "Security Council", "--limit", "1"]);
        assert!(next.status.success(), "{point}: {}", stderr(&next));
        let again = undex(dir.path(), &["index"]);
        assert!(again.status.success(), "{point}: {}", stderr(&again));
        assert_eq!(
            paragraph_counts(&dir.path().join("index"), &all),
            (new_counts.clone(), new_total),
            "{point}: duplicated or lost paragraphs"
        );
    }
}

/// Finding 1, first build: killed while creating the index, the next search builds it whole.
#[test]
fn a_first_build_killed_at_any_point_is_completed_by_the_next_search() {
    let all = all_docs();
    let want = reference(&all);
    for point in FAULT_POINTS {
        let dir = temp_corpus(&all);
        let killed = undex_at_fault(dir.path(), point, &["index"]);
        assert!(
            !killed.status.success(),
            "{point}: the build was not stopped"
        );
        let next = undex(dir.path(), &["search", "Security Council", "--limit", "1"]);
        assert!(next.status.success(), "{point}: {}", stderr(&next));
        assert_eq!(
            paragraph_counts(&dir.path().join("index"), &all),
            want,
            "{point}"
        );
    }
}

/// Finding 2: two crawls on one corpus overwrote each other's manifest. The second is now
/// refused at once, naming the first one's pid, and its crawl state is left alone.
#[test]
fn a_second_crawl_on_the_same_corpus_is_refused_with_the_first_ones_pid() {
    let dir = temp_corpus(FIRST);
    let corpus_dir = dir.path().join("corpus");
    let _first = Corpus::lock_for_crawl(&corpus_dir).unwrap();
    let out = undex(
        dir.path(),
        &[
            "crawl",
            "S/RES/1373(2001)",
            "--base-url",
            "http://127.0.0.1:9/",
        ],
    );
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let want = format!("another `undex crawl` on {}", corpus_dir.display());
    assert!(stderr(&out).contains(&want), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("(pid {})", std::process::id())),
        "{}",
        stderr(&out)
    );
    assert!(!corpus_dir.join(".crawl-state.json").exists());
    assert_eq!(Corpus::open(&corpus_dir).unwrap().documents().count(), 2);
}

/// Finding 2: two writers of one manifest (each with its own in-memory copy) keep both sets of
/// entries.
#[test]
fn manifest_updates_from_two_writers_lose_nothing() {
    let dir = temp_corpus(FIRST);
    let corpus_dir = dir.path().join("corpus");
    let mut a = Corpus::open(&corpus_dir).unwrap();
    let mut b = Corpus::open(&corpus_dir).unwrap();
    let entry = |sym: &str| {
        ManifestEntry::new(
            Symbol::parse(sym).unwrap(),
            Lang::En,
            "test",
            "text/plain; charset=utf-8",
        )
    };
    a.store(entry("S/RES/1(1946)"), "txt", b"Resolution 1 (1946)")
        .unwrap();
    b.store(entry("S/RES/2(1946)"), "txt", b"Resolution 2 (1946)")
        .unwrap();
    let symbols: Vec<String> = Corpus::open(&corpus_dir)
        .unwrap()
        .documents()
        .map(|e| e.symbol.to_string())
        .collect();
    assert_eq!(symbols.len(), 4, "{symbols:?}");
}

/// Finding 3: a search while another process builds the first index wiped the folder under it.
/// Now it is told the index is being built and touches nothing.
#[test]
fn a_search_during_a_first_build_touches_nothing() {
    let dir = temp_corpus(FIRST);
    let index_dir = dir.path().join("index");
    std::fs::create_dir_all(&index_dir).unwrap();
    let _builder = WriterLock::try_acquire(&index_dir.join(WRITER_LOCK_FILE), "test").unwrap();
    let in_progress = index_dir.join("0123456789abcdef.idx");
    std::fs::write(&in_progress, b"segment being written").unwrap();
    let out = undex(dir.path(), &["search", "Security Council"]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "being built by another `undex index` (pid {})",
            std::process::id()
        )),
        "{}",
        stderr(&out)
    );
    assert!(
        in_progress.is_file(),
        "the reader deleted the writer's files"
    );
}

/// Finding 3: a search while another process rebuilds answers from the last commit.
#[test]
fn a_search_during_a_rebuild_answers_from_the_last_commit() {
    let dir = temp_corpus(FIRST);
    assert!(undex(dir.path(), &["index"]).status.success());
    add_bundled(dir.path(), ADDED);
    let index_dir = dir.path().join("index");
    let _builder = WriterLock::try_acquire(&index_dir.join(WRITER_LOCK_FILE), "test").unwrap();
    let out = undex(dir.path(), &["search", "East Timor", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("answering from the last build"),
        "{}",
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["total"].as_u64().unwrap() > 0);
}

/// Finding 3: two `index --full` at once: the second died with tantivy's raw LockBusy.
#[test]
fn a_second_index_is_told_which_process_runs_the_first() {
    let dir = temp_corpus(FIRST);
    let index_dir = dir.path().join("index");
    std::fs::create_dir_all(&index_dir).unwrap();
    let _first = WriterLock::try_acquire(&index_dir.join(WRITER_LOCK_FILE), "test").unwrap();
    let out = undex(dir.path(), &["index", "--full"]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "another `undex index` is running (pid {})",
            std::process::id()
        )),
        "{}",
        stderr(&out)
    );
}

/// Finding 3: a deleted tantivy `meta.json` made the first search answer "no paragraph
/// matches" with exit 0; now the index is rebuilt and the answer is right.
#[test]
fn a_deleted_meta_json_is_rebuilt_not_answered_empty() {
    let dir = temp_corpus(FIRST);
    assert!(undex(dir.path(), &["index"]).status.success());
    std::fs::remove_file(dir.path().join("index/meta.json")).unwrap();
    let out = undex(dir.path(), &["search", "East Timor", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["total"].as_u64().unwrap() > 0, "{}", stdout(&out));
}

/// Finding 4: a deleted manifest made the next search drop every document from the index.
/// Now the index is kept, `undex index` refuses and points at `corpus repair`, and repair
/// rebuilds the manifest from the files.
#[test]
fn a_deleted_manifest_never_empties_the_index_and_repair_rebuilds_it() {
    let all = all_docs();
    let dir = temp_corpus(&all);
    assert!(undex(dir.path(), &["index"]).status.success());
    let before = paragraph_counts(&dir.path().join("index"), &all);
    let manifest = dir.path().join("corpus/manifest.json");
    std::fs::remove_file(&manifest).unwrap();
    let out = undex(dir.path(), &["search", "East Timor", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("manifest is missing"),
        "{}",
        stderr(&out)
    );
    assert_eq!(paragraph_counts(&dir.path().join("index"), &all), before);
    let index = undex(dir.path(), &["index"]);
    assert_eq!(index.status.code(), Some(2), "{}", stderr(&index));
    assert!(
        stderr(&index).contains("undex corpus repair"),
        "{}",
        stderr(&index)
    );
    assert_eq!(paragraph_counts(&dir.path().join("index"), &all), before);

    let check = undex(dir.path(), &["corpus", "check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("manifest missing"),
        "{}",
        stdout(&check)
    );
    let repair = undex(dir.path(), &["corpus", "repair", "--json"]);
    assert!(repair.status.success(), "{}", stderr(&repair));
    let v: serde_json::Value = serde_json::from_str(&stdout(&repair)).unwrap();
    assert_eq!(v["orphans"].as_array().unwrap().len(), all.len());
    let check = undex(dir.path(), &["corpus", "check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    let corpus = Corpus::open(dir.path().join("corpus")).unwrap();
    assert_eq!(corpus.documents().count(), all.len());
    let zh = corpus
        .get(&Symbol::parse("S/2022/529").unwrap(), Lang::Zh)
        .unwrap();
    assert_eq!(zh.content_type, "text/plain; charset=utf-8");
    let out = undex(dir.path(), &["index"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(paragraph_counts(&dir.path().join("index"), &all), before);
}

/// Finding 4: one bad entry (`"lang": "fr"`) made every command fail with "not valid JSON".
/// Now it is skipped with a warning that names it, and the other documents are searched.
#[test]
fn one_bad_manifest_entry_is_skipped_with_a_warning_naming_it() {
    let dir = temp_corpus(FIRST);
    let manifest = dir.path().join("corpus/manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let damaged = text.replacen("\"lang\": \"en\"", "\"lang\": \"fr\"", 1);
    assert_ne!(text, damaged);
    std::fs::write(&manifest, damaged).unwrap();
    let out = undex(dir.path(), &["search", "Security Council", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skipped entry 1 (S/RES/384(1975))"),
        "{}",
        stderr(&out)
    );
    let check = undex(dir.path(), &["corpus", "check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stdout(&check).contains("unreadable: skipped entry 1"),
        "{}",
        stdout(&check)
    );
}

/// Finding 5: a corpus file edited in place was never re-indexed (the fingerprint hashed the
/// manifest, not the files).
#[test]
fn a_file_edited_in_place_is_reindexed() {
    let dir = temp_corpus(FIRST);
    assert!(undex(dir.path(), &["index"]).status.success());
    let file = dir.path().join("corpus/S_RES_384(1975)/en.txt");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n\nThe Council notes the quokkasaurus paragraph.\n");
    std::fs::write(&file, text).unwrap();
    let out = undex(dir.path(), &["search", "quokkasaurus", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["total"].as_u64(), Some(1), "{}", stdout(&out));
}

/// Finding 5: an index built by another undex (other producer fingerprint, or the metadata of
/// an older undex) was reused silently; now it is rebuilt whole.
#[test]
fn an_index_built_by_another_undex_is_rebuilt() {
    let dir = temp_corpus(FIRST);
    assert!(undex(dir.path(), &["index"]).status.success());
    let index_dir = dir.path().join("index");
    {
        let index = undex::index::build::open_for_reading(&index_dir).unwrap();
        let mut meta = undex::index::meta::IndexMeta::of_index(&index).unwrap();
        meta.producer = "an older pipeline".into();
        meta.undex_version = "0.0.1".into();
        let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> =
            index.writer(15_000_000).unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload(&meta.to_payload().unwrap());
        prepared.commit().unwrap();
    }
    let out = undex(dir.path(), &["search", "East Timor"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("undex: indexed 2 documents"),
        "a full rebuild: {}",
        stderr(&out)
    );
    let out = undex(dir.path(), &["search", "East Timor"]);
    assert!(
        !stderr(&out).contains("indexed"),
        "fresh now: {}",
        stderr(&out)
    );
}

/// Finding 3 with two real processes: a first build paused in the middle (after its first
/// document) while a search runs; the search is told the index is being built and deletes
/// nothing, and the build then completes with every paragraph.
#[test]
fn a_search_during_a_real_first_build_neither_breaks_it_nor_is_answered_empty() {
    use std::io::{BufRead, BufReader, Write};
    let all = all_docs();
    let want = reference(&all);
    let dir = temp_corpus(&all);
    let mut build = common::undex_command(dir.path(), &["index"])
        .env(FAULT_POINT_ENV, "pause:after-first-document")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(build.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("fault point after-first-document: paused") {
        line.clear();
        assert!(
            err.read_line(&mut line).unwrap() > 0,
            "the build ended early"
        );
    }
    let search = undex(dir.path(), &["search", "East Timor"]);
    assert_eq!(search.status.code(), Some(6), "{}", stderr(&search));
    assert!(
        stderr(&search).contains(&format!(
            "being built by another `undex index` (pid {})",
            build.id()
        )),
        "{}",
        stderr(&search)
    );
    build.stdin.take().unwrap().write_all(b"\n").unwrap();
    let status = build.wait().unwrap();
    assert!(status.success());
    assert_eq!(paragraph_counts(&dir.path().join("index"), &all), want);
}

/// Segments the index of `dir` searches.
fn segment_count(dir: &Path) -> usize {
    let index = undex::index::build::open_for_reading(&dir.join("index")).expect("index opens");
    index.searchable_segment_ids().unwrap().len()
}

/// A full build leaves one segment (searches build their scorers once per segment); an
/// incremental build adds its own small segment rather than merging the whole index again; the
/// paragraphs are those of a clean build either way.
#[test]
fn a_full_build_leaves_one_segment_and_an_incremental_one_adds_a_segment() {
    let all = all_docs();
    let dir = temp_corpus(FIRST);
    assert!(undex(dir.path(), &["index", "--full"]).status.success());
    assert_eq!(segment_count(dir.path()), 1, "after the first full build");
    add_bundled(dir.path(), ADDED);
    assert!(undex(dir.path(), &["index"]).status.success());
    assert!(
        segment_count(dir.path()) >= 2,
        "the incremental build merged the whole index"
    );
    assert_eq!(
        paragraph_counts(&dir.path().join("index"), &all),
        reference(&all)
    );
    assert!(undex(dir.path(), &["index", "--full"]).status.success());
    assert_eq!(segment_count(dir.path()), 1, "after a full rebuild");
    assert_eq!(
        paragraph_counts(&dir.path().join("index"), &all),
        reference(&all)
    );
}
