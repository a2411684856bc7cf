//! Measured relevance as a regression test: every judged file in tests/fixtures/relevance/
//! that has a floor in `floors.tsv` is evaluated (undex and the plain BM25 baseline, see
//! `relevance_eval`), the table is printed, and the test fails when undex's success@5 falls
//! below the floor recorded for that file (the last measured value). A judged file without a
//! floor is measured and printed only. The index is built once into CARGO_TARGET_TMPDIR.

use crate::relevance_eval;

use std::path::Path;
use undex::Engine;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/relevance");

/// `file<TAB>success@5[<TAB>queries allowed without hits]` lines (the last column defaults to 0).
fn floors() -> Vec<(String, f64, usize)> {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("floors.tsv"))
        .expect("tests/fixtures/relevance/floors.tsv");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cols = l.split('\t');
            let file = cols.next().expect("file").to_string();
            let floor = cols
                .next()
                .expect("file<TAB>floor")
                .trim()
                .parse()
                .expect("a number");
            let no_hits = cols
                .next()
                .map_or(0, |n| n.trim().parse().expect("a count"));
            (file, floor, no_hits)
        })
        .collect()
}

#[test]
fn success_at_5_does_not_fall_below_the_recorded_floor() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let index = Path::new(env!("CARGO_TARGET_TMPDIR")).join("relevance-index");
    let engine = Engine::open(root.join("corpus"), index).expect("engine over the bundled corpus");
    let mut baseline = relevance_eval::Baseline::build(&engine);
    let floors = floors();
    assert!(!floors.is_empty(), "no floor recorded");
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(FIXTURES)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let judged = relevance_eval::read_judged(&path);
        let unknown = relevance_eval::unknown_symbols(&engine, &judged);
        let report = relevance_eval::evaluate(&engine, &mut baseline, &judged);
        println!("## {name}\n{}", relevance_eval::render(&report));
        if !unknown.is_empty() {
            println!("symbols not in the corpus: {unknown:?}");
        }
        let got = report.undex["ALL"].success_at_5;
        if let Some((_, floor, allowed_no_hits)) = floors.iter().find(|(f, _, _)| *f == name) {
            if got + 1e-9 < *floor {
                failures.push(format!("{name}: success@5 {got:.3} < floor {floor:.3}"));
            }
            let no_hits = report.undex["ALL"].no_hits;
            if no_hits > *allowed_no_hits {
                failures.push(format!(
                    "{name}: {no_hits} queries without hits (at most {allowed_no_hits})"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
