//! From a parsed query to a tantivy query: free-text words become "units" (one word, looked up in
//! the English, Chinese-word and Chinese-character fields), most of which must match; quoted
//! phrases must match in sequence; exclusions must not; citations in the query rank the cited
//! paragraph and its citers first; filters restrict language, symbol prefix and year. Also
//! collects what the snippet highlighter should mark.

use super::parse::{Clause, ParsedQuery};
use super::types::{CitationRef, SearchRequest};
use crate::error::{Error, Result};
use crate::index::IndexSchema;
use crate::index::analyzers::{Analyzer, is_cjk};
use crate::model::Citation;
use std::collections::BTreeSet;
use std::ops::Bound;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;

/// What the highlighter marks in a hit's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    /// English stems of free-text words.
    pub en_terms: BTreeSet<String>,
    /// English phrases (stem sequences) that are marked only as a whole.
    pub en_phrases: Vec<Vec<String>>,
    /// Chinese-character token sequences (jieba words of the query, phrases), marked as wholes.
    pub zh_sequences: Vec<Vec<String>>,
}

/// A tantivy query plus what to highlight.
pub struct QueryPlan {
    /// The query to run.
    pub query: Box<dyn Query>,
    /// What to mark in snippets.
    pub highlights: Highlights,
    /// Citations recognized in the query, merged per cited document.
    pub citations: Vec<CitationRef>,
}

const EN_STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "which", "with",
];
const ZH_STOP: &[&str] = &[
    "的", "和", "与", "及", "在", "了", "是", "对", "为", "等", "中", "并", "或", "其", "以", "于",
    "将", "由", "之", "而",
];

fn term_q(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boost(q: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    if (by - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, by))
    }
}

/// A phrase (or a single term) over one positional field.
fn seq_q(field: tantivy::schema::Field, analyzer: Analyzer, text: &str) -> Option<Box<dyn Query>> {
    let toks = analyzer.analyze(text);
    match toks.len() {
        0 => None,
        1 => Some(term_q(field, &toks[0].text)),
        _ => {
            // Offsets from the analyzer's own positions: clause punctuation leaves a gap in the
            // index, and the phrase must expect the same gap.
            let first = toks[0].position;
            Some(Box::new(PhraseQuery::new_with_offset(
                toks.iter()
                    .map(|t| (t.position - first, Term::from_field_text(field, &t.text)))
                    .collect(),
            )))
        }
    }
}

fn union(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if clauses.len() == 1 {
        return clauses
            .into_iter()
            .next()
            .unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery));
    }
    Box::new(BooleanQuery::union(clauses))
}

fn tokens(analyzer: Analyzer, text: &str) -> Vec<String> {
    analyzer.analyze(text).into_iter().map(|t| t.text).collect()
}

/// Splits text into runs of CJK and non-CJK characters.
fn script_runs(text: &str) -> Vec<(bool, &str)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut cur: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let k = is_cjk(c);
        match cur {
            Some(p) if p != k => {
                runs.push((p, &text[start..i]));
                start = i;
                cur = Some(k);
            }
            None => cur = Some(k),
            _ => {}
        }
    }
    if let Some(p) = cur {
        runs.push((p, &text[start..]));
    }
    runs
}

/// A word of the query with its lookups in every field.
struct Unit {
    query: Box<dyn Query>,
    stop: bool,
}

fn units_for_text(
    f: &IndexSchema,
    text: &str,
    hl: &mut Highlights,
    bonus: &mut Vec<Box<dyn Query>>,
) -> Vec<Unit> {
    let mut units = Vec::new();
    for (cjk, run) in script_runs(text) {
        if cjk {
            let words = tokens(Analyzer::ChineseWords, run);
            let chars = tokens(Analyzer::ChineseChars, run);
            for w in &words {
                let wchars = tokens(Analyzer::ChineseChars, w);
                let mut alts = vec![
                    term_q(f.body_zh_words, w),
                    boost(term_q(f.title_zh, w), 0.3),
                ];
                if let Some(q) = seq_q(f.body_zh_chars, Analyzer::ChineseChars, w) {
                    // A word inside a longer dictionary word still matches, ranked a little lower.
                    alts.push(boost(q, 0.7));
                }
                let stop = ZH_STOP.contains(&w.as_str());
                if !stop && (wchars.len() >= 2 || words.len() == 1) {
                    hl.zh_sequences.push(wchars);
                }
                units.push(Unit {
                    query: union(alts),
                    stop,
                });
            }
            if chars.len() >= 2 && words.len() >= 2 {
                if let Some(q) = seq_q(f.body_zh_chars, Analyzer::ChineseChars, run) {
                    bonus.push(boost(q, 3.0));
                }
                hl.zh_sequences.push(chars);
            }
        } else {
            let words = tokens(Analyzer::English, run);
            for w in &words {
                let stop = EN_STOP.contains(&w.as_str());
                let alts = vec![
                    term_q(f.body_en, w),
                    boost(term_q(f.title_en, w), 0.3),
                    term_q(f.body_zh_words, w),
                ];
                if !stop {
                    hl.en_terms.insert(w.clone());
                    hl.zh_sequences.push(tokens(Analyzer::ChineseChars, w));
                }
                units.push(Unit {
                    query: union(alts),
                    stop,
                });
            }
            if words.len() >= 2
                && let Some(q) = seq_q(f.body_en, Analyzer::English, run)
            {
                bonus.push(boost(q, 2.0));
            }
        }
    }
    units
}

/// Must-match query for a quoted phrase (in either language's fields).
fn phrase_query(
    f: &IndexSchema,
    phrase: &str,
    hl: Option<&mut Highlights>,
) -> Option<Box<dyn Query>> {
    let en = tokens(Analyzer::English, phrase);
    let zh = tokens(Analyzer::ChineseChars, phrase);
    let mut alts = Vec::new();
    if let Some(q) = seq_q(f.body_en, Analyzer::English, phrase) {
        alts.push(q);
    }
    if let Some(q) = seq_q(f.body_zh_chars, Analyzer::ChineseChars, phrase) {
        alts.push(q);
    }
    if let Some(hl) = hl {
        if en.len() > 1 {
            hl.en_phrases.push(en.clone());
        } else if let Some(t) = en.first() {
            hl.en_terms.insert(t.clone());
        }
        if !zh.is_empty() {
            hl.zh_sequences.push(zh);
        }
    }
    if alts.is_empty() {
        None
    } else {
        Some(union(alts))
    }
}

/// Removes the text of recognized citations from a query string.
fn strip_spans(text: &str, cites: &[Citation]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut spans: Vec<_> = cites.iter().map(|c| c.span).collect();
    spans.sort();
    for s in spans {
        if s.start >= at
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
        {
            out.push_str(&text[at..s.start]);
            out.push(' ');
            at = s.end;
        }
    }
    out.push_str(&text[at.min(text.len())..]);
    out
}

/// Query clauses that find the cited paragraphs themselves and the paragraphs citing them.
pub fn citation_clauses(f: &IndexSchema, target: &CitationRef) -> Vec<Box<dyn Query>> {
    let sym = target.symbol.as_str();
    let mut out = Vec::new();
    if target.paragraphs.is_empty() {
        out.push(boost(term_q(f.cites, sym), 4.0));
        out.push(boost(term_q(f.symbol, sym), 1.5));
    } else {
        for p in &target.paragraphs {
            out.push(boost(term_q(f.addr, &format!("{sym}#{p}")), 30.0));
            out.push(boost(term_q(f.cites, &format!("{sym}#{p}")), 12.0));
        }
    }
    out
}

/// Filter clauses of a request (language, symbol prefix, years; never table-of-contents lines).
pub fn filter_clauses(f: &IndexSchema, req: &SearchRequest) -> Result<Vec<Box<dyn Query>>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    out.push(Box::new(BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(tantivy::query::AllQuery) as Box<dyn Query>,
        ),
        (
            Occur::MustNot,
            term_q(f.kind, crate::model::ParagraphKind::Toc.as_str()),
        ),
    ])));
    if let Some(lang) = req.lang {
        out.push(term_q(f.lang, lang.code()));
    }
    if let Some(prefix) = &req.symbol_prefix {
        let p: String = prefix
            .chars()
            .map(crate::model::fullwidth_to_ascii)
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if p.is_empty() {
            return Err(Error::BadInput(
                "the symbol filter is empty: give a prefix such as S/RES/ or S/2025/".into(),
            ));
        }
        out.push(term_q(f.symbol_prefix, &p));
    }
    if req.year_from.is_some() || req.year_to.is_some() {
        let from = req.year_from.unwrap_or(0);
        let to = req.year_to.unwrap_or(9999);
        if from > to {
            return Err(Error::BadInput(format!(
                "the year range {from}..{to} is empty: put the earlier year first"
            )));
        }
        out.push(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_u64(f.year, u64::from(from))),
            Bound::Included(Term::from_field_u64(f.year, u64::from(to))),
        )));
    }
    Ok(out)
}

/// Builds the tantivy query for a search request.
pub fn plan(f: &IndexSchema, parsed: &ParsedQuery, req: &SearchRequest) -> Result<QueryPlan> {
    let mut hl = Highlights::default();
    let free = parsed.free_text();
    let citations = if free.is_empty() {
        Vec::new()
    } else {
        crate::cite::find_citations(&free, None)
    };
    let remaining = strip_spans(&free, &citations);
    let mut bonus = Vec::new();
    let units = units_for_text(f, &remaining, &mut hl, &mut bonus);
    let content: Vec<Unit> = if units.iter().any(|u| !u.stop) {
        units.into_iter().filter(|u| !u.stop).collect()
    } else {
        units
    };

    let mut top: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // Core: free-text units (most must match) OR the citations of the query.
    let mut core: Vec<Box<dyn Query>> = Vec::new();
    if !content.is_empty() {
        let n = content.len();
        let min = if n <= 2 {
            n
        } else {
            (n * 3).div_ceil(5).max(2)
        };
        core.push(Box::new(BooleanQuery::union_with_minimum_required_clauses(
            content.into_iter().map(|u| u.query).collect(),
            min,
        )));
    }
    let citations = crate::index::build::merge_citations(&citations);
    for r in &citations {
        core.extend(citation_clauses(f, r));
    }
    let has_core = !core.is_empty();
    if has_core {
        top.push((Occur::Must, union(core)));
    }
    for q in bonus {
        top.push((Occur::Should, q));
    }
    let mut has_phrase = false;
    for c in &parsed.clauses {
        match c {
            Clause::Phrase(p) => {
                if let Some(q) = phrase_query(f, p, Some(&mut hl)) {
                    top.push((Occur::Must, q));
                    has_phrase = true;
                }
            }
            Clause::Exclude(p) => {
                if let Some(q) = phrase_query(f, p, None) {
                    top.push((Occur::MustNot, q));
                }
            }
            Clause::Text(_) => {}
        }
    }
    if !has_core && !has_phrase {
        return Err(Error::BadInput(
            "the query has no searchable words (only punctuation or excluded words): add a word, a \"phrase\" or a citation".into(),
        ));
    }
    for q in filter_clauses(f, req)? {
        top.push((Occur::Must, q));
    }
    Ok(QueryPlan {
        query: Box::new(BooleanQuery::new(top)),
        highlights: hl,
        citations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_runs_split_mixed_text() {
        let runs: Vec<_> = script_runs("伊黎伊斯兰国(ISIL)和S/2021/278")
            .into_iter()
            .collect();
        assert_eq!(
            runs,
            vec![
                (true, "伊黎伊斯兰国"),
                (false, "(ISIL)"),
                (true, "和"),
                (false, "S/2021/278")
            ]
        );
        assert!(script_runs("").is_empty());
    }
}
