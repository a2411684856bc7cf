//! The citation grammar against a table of real examples (`tests/fixtures/cite/table.tsv`, see
//! its PROVENANCE.md): every row must give exactly the expected citations, except rows marked
//! `gap` (known limitations, counted in the precision/recall figures), and precision and recall
//! of (symbol, part, paragraph) pairs over the whole table must be at least 0.97.

use crate::common::citation_labels::{encode, pairs};
use undex::Symbol;
use undex::cite::find_citations;

const TABLE: &str = include_str!("fixtures/cite/table.tsv");

struct Row {
    line: usize,
    source: String,
    self_symbol: Option<Symbol>,
    input: String,
    expected: Vec<String>,
    gap: bool,
}

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\t", "\t")
}

fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    for (i, line) in TABLE.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() >= 4,
            "line {}: expected 4-5 tab-separated columns",
            i + 1
        );
        let self_symbol = match cols[1] {
            "-" => None,
            s => Some(Symbol::parse(s).unwrap_or_else(|e| panic!("line {}: {e}", i + 1))),
        };
        let expected = match cols[3].trim() {
            "-" => Vec::new(),
            e => e.split(" ; ").map(|s| s.trim().to_string()).collect(),
        };
        out.push(Row {
            line: i + 1,
            source: cols[0].to_string(),
            self_symbol,
            input: unescape(cols[2]),
            expected,
            gap: cols.get(4).is_some_and(|n| n.trim() == "gap"),
        });
    }
    out
}

#[test]
fn table_has_enough_rows_of_each_language() {
    let rows = rows();
    let zh = rows
        .iter()
        .filter(|r| {
            r.input
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        })
        .count();
    let negatives = rows.iter().filter(|r| r.expected.is_empty()).count();
    assert!(rows.len() >= 150, "{} rows", rows.len());
    assert!(
        zh >= 50 && rows.len() - zh >= 100,
        "zh {zh}, en {}",
        rows.len() - zh
    );
    assert!(negatives >= 15, "{negatives} negative rows");
}

#[test]
fn every_row_gives_its_citations() {
    let mut failures = Vec::new();
    for row in rows() {
        let found = find_citations(&row.input, row.self_symbol.as_ref());
        for c in &found {
            assert_eq!(
                &row.input[c.span.start..c.span.end],
                c.raw,
                "line {}: span/raw",
                row.line
            );
        }
        let got: Vec<String> = found.iter().map(encode).collect();
        if got != row.expected && !row.gap {
            failures.push(format!(
                "line {} ({}): {:?}\n   expected {:?}\n   got      {:?}",
                row.line, row.source, row.input, row.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn precision_and_recall_over_the_table() {
    let (mut tp, mut n_got, mut n_want) = (0usize, 0usize, 0usize);
    for row in rows() {
        let got: Vec<String> = find_citations(&row.input, row.self_symbol.as_ref())
            .iter()
            .map(encode)
            .collect();
        let (g, w) = (
            pairs(got.iter().map(String::as_str)),
            pairs(row.expected.iter().map(String::as_str)),
        );
        n_got += g.values().sum::<usize>();
        n_want += w.values().sum::<usize>();
        tp += g
            .iter()
            .map(|(k, n)| (*n).min(*w.get(k).unwrap_or(&0)))
            .sum::<usize>();
    }
    let precision = tp as f64 / n_got.max(1) as f64;
    let recall = tp as f64 / n_want.max(1) as f64;
    println!(
        "table: {n_want} expected pairs, {n_got} found, precision {precision:.4}, recall {recall:.4}"
    );
    assert!(precision >= 0.97, "precision {precision:.4}");
    assert!(recall >= 0.97, "recall {recall:.4}");
}
