//! Index build of the bundled corpus, end to end (PDF extraction included), and incremental
//! re-indexing after one document is added. A custom harness (not criterion): one full build
//! takes seconds, so criterion's minimum of 10 samples would make the bench take minutes; this
//! runs a few rounds and reports medians.
//!
//! Run: `cargo bench --bench build` (env `ROUNDS`, default 3). Prints the median wall time of a
//! full build, MB/s per stage (extract, segment, cite, analyze+write), and the time of an
//! incremental re-index after adding one document as a ratio of the full build (target ≤ 10%).

use std::path::Path;
use std::time::Duration;
use undex::corpus::Corpus;
use undex::index::{BuildMode, BuildReport, build};
use undex::model::{Lang, Symbol};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; ignore arguments.
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = Corpus::open(root.join("corpus")).expect("bundled corpus");

    // Full builds of the bundled corpus.
    let mut walls = Vec::new();
    let mut last: Option<BuildReport> = None;
    for _ in 0..rounds {
        let tmp = tempfile::tempdir().expect("tmp");
        let report = build(&bundled, tmp.path(), BuildMode::Full, None).expect("build");
        walls.push(report.wall);
        last = Some(report);
    }
    let full = median(walls.clone());
    let report = last.expect("one round");
    println!(
        "full build, {rounds} rounds: median {:.2} s (all: {:?})",
        full.as_secs_f64(),
        walls
    );
    println!("last round: {}", report.summary());
    println!(
        "volumes: {:.1} MB raw input, {:.1} MB clean text; stage CPU time: extract {:.2} s, segment {:.2} s, cite {:.2} s, analyze+write {:.2} s",
        report.stages.raw_bytes as f64 / 1e6,
        report.stages.text_bytes as f64 / 1e6,
        report.stages.extract.as_secs_f64(),
        report.stages.segment.as_secs_f64(),
        report.stages.cite.as_secs_f64(),
        report.write.as_secs_f64(),
    );

    // Incremental: a corpus without one document, built; then the document is added and the
    // index refreshed.
    let added = Symbol::parse("S/2025/22").expect("symbol");
    let mut incr = Vec::new();
    for _ in 0..rounds {
        let tmp = tempfile::tempdir().expect("tmp");
        let corpus_dir = tmp.path().join("corpus");
        let mut corpus = Corpus::open(&corpus_dir).expect("corpus");
        for e in bundled.documents() {
            if e.symbol == added {
                continue;
            }
            let bytes = bundled.read_raw(e).expect("read");
            let ext = e
                .file
                .as_deref()
                .and_then(|f| f.rsplit('.').next())
                .unwrap_or("txt")
                .to_string();
            let mut entry = e.clone();
            entry.file = None;
            corpus.store_deferred(entry, &ext, &bytes).expect("store");
        }
        corpus.save().expect("manifest");
        let index_dir = tmp.path().join("index");
        build(&corpus, &index_dir, BuildMode::Full, None).expect("full");
        let e = bundled.get(&added, Lang::En).expect("S/2025/22 bundled");
        let bytes = bundled.read_raw(e).expect("read");
        let mut entry = e.clone();
        entry.file = None;
        corpus.store(entry, "pdf", &bytes).expect("store");
        let r = build(&corpus, &index_dir, BuildMode::Incremental, None).expect("incremental");
        assert_eq!(r.indexed, 1, "{}", r.summary());
        incr.push(r.wall);
    }
    let inc = median(incr.clone());
    println!(
        "incremental re-index after adding S/2025/22: median {:.3} s = {:.1}% of the full build (all: {:?})",
        inc.as_secs_f64(),
        100.0 * inc.as_secs_f64() / full.as_secs_f64(),
        incr
    );
}
