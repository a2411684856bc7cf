//! The citation grammar against two evaluation sets (issue #10): sentences and whole
//! documents labelled by someone who did not write or tune the grammar, from the canonical-form
//! rules only, and frozen before the grammar was measured on them: `tests/fixtures/cite/independent/`
//! (the first set; measured once unseen, then tuned on, so it is a tuning set now) and
//! `tests/fixtures/cite/heldout/` (the second set, measured unseen, then opened and tuned on in
//! round 4: a tuning set now too) and `tests/fixtures/cite/heldout3/` (the third set, measured
//! unseen, then opened and tuned on in round 5: a tuning set (seen) too). Each:
//!
//! - `sentences.tsv`: header `id\tlang\tform\tinput\texpected\tnote`; `lang` is zh-Hans, zh-Hant
//!   or en; `input` is one line with a literal `\n` for each line break; `expected` is the
//!   citations `SYMBOL[#part][p1,p2,…]` joined by ` ; ` (`[]` = whole document, empty = none).
//! - `docs/<FILE>.labels` beside `docs/<FILE>` (the `pdftotext` text of a corpus PDF, e.g.
//!   `docs/S_2025_460.en.txt`): one citation per line in order, same encoding; the document's
//!   own symbol comes from the file name (`S_RES_2776(2025).en.txt` → `S/RES/2776(2025)`).
//!
//! Scores are precision, recall and F1 over (document, paragraph) pairs (a whole-document
//! citation is one pair with an empty paragraph), overall, per language, per form and per
//! document; the floors are asserted on the overall figures. Sentences are read one by
//! one with `find_citations`; documents as `undex cite` reads them ([`cite_text`]).
//!
//! All three sets are committed (frozen on 2026-11-30, see their READMEs); a missing file fails the test.

use crate::common::citation_labels::{encode, pairs};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use undex::Symbol;
use undex::cite::{cite_text, find_citations};

/// Floors of the FIRST set (`independent/`): the figures measured on it. First (untuned) run,
/// 2026-11-30: precision 0.984, recall 0.936, F1 0.959 over 390 labelled pairs; the misses were
/// "paragraph 5 of the Secretary-General's report (S/2025/6)" (a document described in words
/// before its symbol), Chinese "同上，第 4 段", "annex II to document S/2023/850", "大会第377 A
/// (V)号决议" and a citation cut by a page break. After the grammar was tuned on the set (it is
/// SEEN now, a tuning set): precision 1.000, recall 1.000, F1 1.000. A regression below fails.
const TUNING_MIN_PRECISION: f64 = 1.0;
const TUNING_MIN_F1: f64 = 1.0;

/// Floors of the SECOND set (`heldout/`): 136 sentences + 2 documents labelled by another helper
/// who saw neither the grammar nor the first set's results, frozen (commit f5360a5) before the
/// grammar's third round was merged. Measured unseen: before that round (main at f474dd8)
/// precision 0.955, recall 0.850, F1 0.899; after it precision 0.956, recall 0.870, F1 0.911.
/// Then the set was opened and tuned on (round 4: preamble lists of dated numbers, 附文 /
/// enclosure / appendix parts, 分别 before the group, 前一项决议 / 前述决议, full-width symbols,
/// "UNSC Res 2334", 序言部分第三段, a GA number not read as the Council's): precision 1.000,
/// recall 0.997, F1 0.998 (the one miss: 聯大2758號決議, a GA resolution without its session).
/// It is a tuning set now (seen); floors are the measured values rounded down.
const HELDOUT_MIN_PRECISION: f64 = HELDOUT_MEASURED.0;
const HELDOUT_MIN_F1: f64 = HELDOUT_MEASURED.1;
/// (precision, F1) on the held-out set at the last measurement.
const HELDOUT_MEASURED: (f64, f64) = (1.0, 0.998);

/// Floors of the THIRD set (`heldout3/`): 140 sentences (zh-Hans, zh-Hant, en) + S/2025/411 and
/// S/RES/2783(2025) labelled whole by a helper who saw neither the grammar nor any results,
/// frozen (commit 5b74b02) before round four of the grammar was merged. Measured unseen: before
/// round four (main at 049fd0c) precision 0.950, recall 0.881, F1 0.914; after it precision
/// 0.975, recall 0.898, F1 0.935 (sentences 0.984 / 0.936 / 0.960, the two documents 0.953 /
/// 0.820 / 0.882). Then opened and tuned on in round five (sub-items ㈠目 and "(i) to (iii)",
/// "OP2-OP4", "UN Resolution 1701", "its paragraph 6", a title before "(General Assembly
/// resolution 60/1)", 同上，附件二, lettered annexes, bracketed paragraphs of the annex cited
/// just before, "paragraph 3 of the note", "of the present report (S/…)" as a self-reference):
/// precision 1.000, recall 1.000, F1 1.000. It is a TUNING SET (seen) now.
const THIRD_MIN_PRECISION: f64 = THIRD_MEASURED.0;
const THIRD_MIN_F1: f64 = THIRD_MEASURED.1;
/// (precision, F1) on the third set, tuning set (seen), at the last measurement.
const THIRD_MEASURED: (f64, f64) = (1.0, 1.0);

/// Floors of the FOURTH set (`heldout4/`): 150 sentences (zh-Hans, zh-Hant, en) + S/2025/496,
/// S/2025/22 and S/RES/712(1991) labelled whole by a helper who saw neither the grammar nor any
/// results, frozen (commit 6a54c29) before this session's grammar round was merged, never tuned
/// on. Measured before that round (main at a0a3760): precision 0.994, recall 0.958, F1 0.976
/// (sentences 0.990 / 0.936 / 0.963; the three documents 1.000); after it (the merge of m10):
/// precision 1.000, recall 0.985, F1 0.992 (sentences 1.000 / 0.977 / 0.989, documents 1.000).
/// Its three misses were fixed in session six (a seen set from there): 1.000 / 1.000 / 1.000.
/// Floors: a thousandth under the last measurement.
const FOURTH_MIN_PRECISION: f64 = FOURTH_MEASURED.0;
const FOURTH_MIN_F1: f64 = FOURTH_MEASURED.1;
/// (precision, F1) on the fourth set at the last measurement, less a thousandth.
const FOURTH_MEASURED: (f64, f64) = (0.999, 0.999);

fn set_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cite")
        .join(name)
}

/// True positives, found pairs, expected pairs.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    tp: usize,
    found: usize,
    expected: usize,
}

impl Tally {
    fn add(&mut self, got: &[String], want: &[String]) {
        let (g, w) = (
            pairs(got.iter().map(String::as_str)),
            pairs(want.iter().map(String::as_str)),
        );
        self.found += g.values().sum::<usize>();
        self.expected += w.values().sum::<usize>();
        self.tp += g
            .iter()
            .map(|(k, n)| (*n).min(*w.get(k).unwrap_or(&0)))
            .sum::<usize>();
    }

    fn merge(&mut self, o: Tally) {
        self.tp += o.tp;
        self.found += o.found;
        self.expected += o.expected;
    }

    /// Precision, recall, F1 (1.0 when there was nothing to find and nothing was found).
    fn scores(&self) -> (f64, f64, f64) {
        let p = if self.found == 0 {
            1.0
        } else {
            self.tp as f64 / self.found as f64
        };
        let r = if self.expected == 0 {
            1.0
        } else {
            self.tp as f64 / self.expected as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }

    fn line(&self, name: &str) -> String {
        let (p, r, f) = self.scores();
        format!(
            "{name:<32} expected {:>4}  found {:>4}  precision {p:.3}  recall {r:.3}  F1 {f:.3}",
            self.expected, self.found
        )
    }
}

fn split_expected(s: &str) -> Vec<String> {
    s.split(" ; ")
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(String::from)
        .collect()
}

struct Sentence {
    id: String,
    lang: String,
    form: String,
    input: String,
    expected: Vec<String>,
}

fn read_sentences(path: &Path) -> Vec<Sentence> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    assert!(
        header.starts_with("id\tlang\tform\tinput\texpected"),
        "{}: unexpected header {header:?}",
        path.display()
    );
    let mut out = Vec::new();
    for (i, line) in lines.enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() >= 4,
            "{} line {}: expected at least 4 tab-separated columns",
            path.display(),
            i + 2
        );
        out.push(Sentence {
            id: cols[0].to_string(),
            lang: cols[1].to_string(),
            form: cols[2].to_string(),
            input: cols[3].replace("\\n", "\n").replace("\\t", "\t"),
            expected: split_expected(cols.get(4).copied().unwrap_or("")),
        });
    }
    out
}

/// `S_RES_2776(2025).en.txt` → `S/RES/2776(2025)`.
fn own_symbol(file_name: &str) -> Option<Symbol> {
    let stem = file_name.split('.').next()?;
    Symbol::parse(&stem.replace('_', "/")).ok()
}

/// (labels file, text file) pairs of `docs/`.
fn documents(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let Some(stem) = name.strip_suffix(".labels") else {
            continue;
        };
        // `X.en.txt.labels` beside `X.en.txt`, or `X.en.labels` beside `X.en.txt`.
        let text = [dir.join(stem), dir.join(format!("{stem}.txt"))]
            .into_iter()
            .find(|t| t.is_file())
            .unwrap_or_else(|| panic!("{}: no text file beside it", p.display()));
        out.push((p, text));
    }
    out.sort();
    out
}

#[test]
fn first_set_now_a_tuning_set() {
    let (p, f) = evaluate("independent");
    assert!(
        p >= TUNING_MIN_PRECISION && f >= TUNING_MIN_F1,
        "first (tuning) set: precision {p:.3} (floor {TUNING_MIN_PRECISION}), F1 {f:.3} (floor {TUNING_MIN_F1})"
    );
}

#[test]
fn held_out_set() {
    let (p, f) = evaluate("heldout");
    assert!(
        p >= HELDOUT_MIN_PRECISION && f >= HELDOUT_MIN_F1,
        "held-out set: precision {p:.3} (floor {HELDOUT_MIN_PRECISION}), F1 {f:.3} (floor {HELDOUT_MIN_F1})"
    );
}

#[test]
fn third_set_now_a_tuning_set() {
    let (p, f) = evaluate("heldout3");
    assert!(
        p >= THIRD_MIN_PRECISION && f >= THIRD_MIN_F1,
        "third set, tuning set (seen): precision {p:.3} (floor {THIRD_MIN_PRECISION}), F1 {f:.3} (floor {THIRD_MIN_F1})"
    );
}

#[test]
fn fourth_held_out_set() {
    let (p, f) = evaluate("heldout4");
    assert!(
        p >= FOURTH_MIN_PRECISION && f >= FOURTH_MIN_F1,
        "fourth held-out set: precision {p:.3} (floor {FOURTH_MIN_PRECISION}), F1 {f:.3} (floor {FOURTH_MIN_F1})"
    );
}

/// Scores the set in `tests/fixtures/cite/<name>/`, prints the tables and the misses, and returns
/// the overall (precision, F1).
fn evaluate(name: &str) -> (f64, f64) {
    let dir = set_dir(name);
    let sentences_path = dir.join("sentences.tsv");
    assert!(
        sentences_path.is_file(),
        "the {name} evaluation set is missing: put sentences.tsv and docs/ in {}",
        dir.display()
    );
    let mut overall = Tally::default();
    let mut sentences_total = Tally::default();
    let mut by_lang: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_form: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for s in read_sentences(&sentences_path) {
        let got: Vec<String> = find_citations(&s.input, None).iter().map(encode).collect();
        let mut t = Tally::default();
        t.add(&got, &s.expected);
        if t.tp != t.found || t.tp != t.expected {
            misses.push(format!(
                "{} [{} {}] {:?}\n    expected {:?}\n    got      {:?}",
                s.id, s.lang, s.form, s.input, s.expected, got
            ));
        }
        sentences_total.merge(t);
        by_lang.entry(s.lang.clone()).or_default().merge(t);
        by_form.entry(s.form.clone()).or_default().merge(t);
    }
    overall.merge(sentences_total);
    let mut docs_total = Tally::default();
    let mut by_doc = Vec::new();
    for (labels_path, text_path) in documents(&dir.join("docs")) {
        let name = text_path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let own = own_symbol(&name);
        assert!(own.is_some(), "{name}: no symbol in the file name");
        let text = std::fs::read_to_string(&text_path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", text_path.display()));
        let labels = std::fs::read_to_string(&labels_path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", labels_path.display()));
        let want: Vec<String> = labels
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        let got: Vec<String> = cite_text(&text, own.as_ref()).iter().map(encode).collect();
        let mut t = Tally::default();
        t.add(&got, &want);
        if t.tp != t.found || t.tp != t.expected {
            let (g, w) = (
                pairs(got.iter().map(String::as_str)),
                pairs(want.iter().map(String::as_str)),
            );
            let mut extra: Vec<_> = g
                .iter()
                .filter(|(k, n)| **n > *w.get(*k).unwrap_or(&0))
                .collect();
            let mut missing: Vec<_> = w
                .iter()
                .filter(|(k, n)| **n > *g.get(*k).unwrap_or(&0))
                .collect();
            extra.sort();
            missing.sort();
            misses.push(format!("{name}: extra {extra:?}\n    missing {missing:?}"));
        }
        docs_total.merge(t);
        by_doc.push((name, t));
    }
    overall.merge(docs_total);
    println!("== citation evaluation: {name} set (issue #10) ==");
    println!("{}", overall.line("OVERALL"));
    println!("{}", sentences_total.line("sentences"));
    for (lang, t) in &by_lang {
        println!("{}", t.line(&format!("  lang {lang}")));
    }
    for (form, t) in &by_form {
        println!("{}", t.line(&format!("  form {form}")));
    }
    println!("{}", docs_total.line("documents"));
    for (name, t) in &by_doc {
        println!("{}", t.line(&format!("  {name}")));
    }
    if !misses.is_empty() {
        println!("-- {} items differ --\n{}", misses.len(), misses.join("\n"));
    }
    let (p, _, f) = overall.scores();
    (p, f)
}

#[test]
fn own_symbols_from_file_names() {
    let table = [
        ("S_2025_460.en.txt", Some("S/2025/460")),
        ("S_RES_2776(2025).en.txt", Some("S/RES/2776(2025)")),
        ("S_2025_68.en.txt", Some("S/2025/68")),
        ("notes.txt", None),
    ];
    for (name, want) in table {
        assert_eq!(
            own_symbol(name).map(|s| s.to_string()),
            want.map(String::from),
            "{name}"
        );
    }
}

#[test]
fn scores_count_pairs_with_multiplicity() {
    let mut t = Tally::default();
    t.add(
        &[
            "S/RES/2178(2014)[4,5]".into(),
            "S/2021/278#annex-1[]".into(),
        ],
        &["S/RES/2178(2014)[4]".into(), "S/RES/2396(2017)[]".into()],
    );
    assert_eq!((t.tp, t.found, t.expected), (1, 3, 2));
    let (p, r, f) = t.scores();
    assert!((p - 1.0 / 3.0).abs() < 1e-9 && (r - 0.5).abs() < 1e-9);
    assert!((f - 0.4).abs() < 1e-9);
    assert_eq!(Tally::default().scores(), (1.0, 1.0, 1.0));
}
