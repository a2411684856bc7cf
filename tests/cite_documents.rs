//! Precision and recall of the citation grammar on whole documents labelled by hand
//! (`tests/fixtures/cite/labels/`, see its README): S/2022/529 (Chinese), S/2025/22, S/2025/257
//! and S/RES/1454(2002) (English). Also: the Chinese text gives the same citations after its
//! PDF wraps are re-joined, and a citation with a line break inside still parses.

use crate::common::citation_labels::{encode, pairs};
use undex::Symbol;
use undex::cite::{Citer, find_citations};

/// (precision, recall, expected pairs) of the grammar on `text` against `labels`.
fn score(text: &str, own: &str, labels: &str) -> (f64, f64, usize) {
    let mut citer = Citer::new(Some(Symbol::parse(own).expect("own symbol")));
    let got: Vec<String> = citer.cite(text).iter().map(encode).collect();
    let want = pairs(labels.lines().map(str::trim).filter(|l| !l.is_empty()));
    let found = pairs(got.iter().map(String::as_str));
    let tp: usize = found
        .iter()
        .map(|(k, n)| (*n).min(*want.get(k).unwrap_or(&0)))
        .sum();
    let n_found: usize = found.values().sum();
    let n_want: usize = want.values().sum();
    (
        tp as f64 / n_found.max(1) as f64,
        tp as f64 / n_want.max(1) as f64,
        n_want,
    )
}

fn check(name: &str, text: &str, own: &str, labels: &str) {
    let (p, r, n) = score(text, own, labels);
    println!("{name}: {n} labelled pairs, precision {p:.4}, recall {r:.4}");
    assert!(
        p >= 0.97 && r >= 0.97,
        "{name}: precision {p:.4}, recall {r:.4}"
    );
}

#[test]
fn s_2022_529_chinese_whole_text() {
    check(
        "S/2022/529 zh",
        include_str!("../corpus/S_2022_529/zh.txt"),
        "S/2022/529",
        include_str!("fixtures/cite/labels/S_2022_529.zh.txt"),
    );
}

#[test]
fn s_2025_22_english() {
    check(
        "S/2025/22 en",
        include_str!("fixtures/cite/S_2025_22.en.txt"),
        "S/2025/22",
        include_str!("fixtures/cite/labels/S_2025_22.en.txt"),
    );
}

#[test]
fn s_2025_257_english() {
    check(
        "S/2025/257 en",
        include_str!("fixtures/cite/S_2025_257.en.txt"),
        "S/2025/257",
        include_str!("fixtures/cite/labels/S_2025_257.en.txt"),
    );
}

#[test]
fn s_res_1454_english_cr_unsc() {
    check(
        "S/RES/1454(2002) en",
        include_str!("../corpus/S_RES_1454(2002)/en.txt"),
        "S/RES/1454(2002)",
        include_str!("fixtures/cite/labels/S_RES_1454(2002).en.txt"),
    );
}

/// Removes the PDF wraps of the Chinese text: a line break (with the blank line and spaces
/// around it) between two CJK characters or digits/brackets is dropped.
fn rejoin_wraps(text: &str) -> String {
    let re = regex::Regex::new(r"([\p{Han}0-9()（）、，])[ \t]*\n\n[ \t]*([\p{Han}0-9()（）])")
        .expect("regex");
    let mut s = text.to_string();
    // Two passes: adjacent wraps share a character.
    for _ in 0..2 {
        s = re.replace_all(&s, "$1$2").into_owned();
    }
    s
}

#[test]
fn chinese_citations_survive_rejoining_wraps() {
    let raw = include_str!("../corpus/S_2022_529/zh.txt");
    let joined = rejoin_wraps(raw);
    assert!(joined.len() < raw.len(), "nothing was re-joined");
    assert!(
        joined.contains("第2395(2017)号决议第 9 段"),
        "the wrap before 2395 was not re-joined"
    );
    let own = Symbol::parse("S/2022/529").ok();
    let encode_all =
        |t: &str| -> Vec<String> { Citer::new(own.clone()).cite(t).iter().map(encode).collect() };
    assert_eq!(encode_all(&joined), encode_all(raw));
}

#[test]
fn citation_with_a_line_break_inside_still_parses() {
    // Verbatim from corpus/S_2022_529/zh.txt: the wrap falls between 号 and 决议.
    let text =
        "(b) 编制执行局与分析支助和制裁监测组根据安全理事会第 2462(2019)号\n\n决议第 37 段编写的";
    let found = find_citations(text, None);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].symbol.as_str(), "S/RES/2462(2019)");
    assert_eq!(found[0].paragraphs, ["37"]);
    assert!(found[0].raw.contains('\n'));
    // And inside a symbol (S/2025/22: "(S/2024/556),\nparas. 94–97").
    let found = find_citations(
        "entities (S/2024/556),\nparas. 94–97; Counter-Terrorism",
        None,
    );
    assert_eq!(found[0].paragraphs, ["94", "95", "96", "97"]);
}
