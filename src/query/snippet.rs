//! Snippets: the best fragments of a paragraph with `<mark>` around what the query matched.
//! Matching re-runs the index's own analyzers on the stored text, so highlights sit on exactly
//! the characters that matched (a Chinese word inside a longer word, an English stem, a whole
//! phrase), and every other character is HTML-escaped.

use super::plan::Highlights;
use crate::index::analyzers::{Analyzer, is_cjk};
use crate::model::Lang;

/// Paragraphs up to this many characters are shown whole.
const WHOLE_UP_TO: usize = 360;
/// Characters of context before a match.
const BEFORE: usize = 50;
/// Characters of context after a match.
const AFTER: usize = 110;
/// At most this many fragments.
const MAX_FRAGMENTS: usize = 3;

/// Byte ranges of `text` that match the highlights.
pub fn match_ranges(text: &str, lang: Lang, hl: &Highlights) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    match lang {
        Lang::En => {
            let toks = Analyzer::English.analyze(text);
            for t in &toks {
                if hl.en_terms.contains(&t.text) {
                    ranges.push((t.from, t.to));
                }
            }
            for phrase in &hl.en_phrases {
                find_sequences(&toks, phrase, &mut ranges);
            }
        }
        Lang::Zh => {
            let toks = Analyzer::ChineseChars.analyze(text);
            for seq in &hl.zh_sequences {
                find_sequences(&toks, seq, &mut ranges);
            }
        }
    }
    merge(text, ranges)
}

fn find_sequences(
    toks: &[crate::index::analyzers::AnalyzedToken],
    seq: &[String],
    out: &mut Vec<(usize, usize)>,
) {
    if seq.is_empty() || toks.len() < seq.len() {
        return;
    }
    for i in 0..=toks.len() - seq.len() {
        if toks[i..i + seq.len()]
            .iter()
            .zip(seq)
            .all(|(t, s)| t.text == *s)
        {
            out.push((toks[i].from, toks[i + seq.len() - 1].to));
        }
    }
}

/// Sorts and merges overlapping ranges, and ranges separated only by white space.
pub(crate) fn merge(text: &str, mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.retain(|&(a, b)| {
        a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
    });
    ranges.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        if let Some(last) = out.last_mut()
            && (a <= last.1 || text[last.1..a].chars().all(char::is_whitespace))
        {
            last.1 = last.1.max(b);
            continue;
        }
        out.push((a, b));
    }
    out
}

/// Builds the snippet HTML of a paragraph.
pub fn snippet(text: &str, lang: Lang, hl: &Highlights) -> String {
    let ranges = match_ranges(text, lang, hl);
    render(text, &ranges)
}

/// Renders `text` with the given (merged, sorted) byte ranges marked, cut into fragments when
/// the text is long.
pub fn render(text: &str, ranges: &[(usize, usize)]) -> String {
    let n_chars = text.chars().count();
    if n_chars <= WHOLE_UP_TO {
        return mark(text, 0, text.len(), ranges);
    }
    // Char index → byte offset table for window arithmetic.
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let char_of = |byte: usize| offsets.partition_point(|&o| o < byte);
    let mut windows: Vec<(usize, usize)> = Vec::new(); // char windows
    for &(a, b) in ranges {
        let (ca, cb) = (char_of(a), char_of(b));
        let w = (ca.saturating_sub(BEFORE), (cb + AFTER).min(n_chars));
        if let Some(last) = windows.last_mut()
            && w.0 <= last.1
        {
            last.1 = last.1.max(w.1);
            continue;
        }
        windows.push(w);
        if windows.len() > MAX_FRAGMENTS * 4 {
            break;
        }
    }
    if windows.is_empty() {
        windows.push((0, (BEFORE + AFTER + 60).min(n_chars)));
    }
    // Keep the fragments with the most marks, shown in text order.
    if windows.len() > MAX_FRAGMENTS {
        let mut scored: Vec<(usize, (usize, usize))> = windows
            .iter()
            .map(|&(wa, wb)| {
                let (ba, bb) = (offsets[wa], offsets[wb]);
                (
                    ranges.iter().filter(|r| r.0 >= ba && r.1 <= bb).count(),
                    (wa, wb),
                )
            })
            .collect();
        scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        windows = scored
            .into_iter()
            .take(MAX_FRAGMENTS)
            .map(|s| s.1)
            .collect();
        windows.sort();
    }
    let mut out = String::new();
    for (i, &(wa, wb)) in windows.iter().enumerate() {
        let (wa, wb) = snap_to_words(text, &offsets, wa, wb, ranges);
        if wa > 0 || i > 0 {
            out.push('…');
        }
        out.push_str(&mark(text, offsets[wa], offsets[wb], ranges));
        if i + 1 == windows.len() && wb < n_chars {
            out.push('…');
        }
    }
    out
}

/// Moves window edges to word boundaries in English text (never into a mark).
fn snap_to_words(
    text: &str,
    offsets: &[usize],
    mut wa: usize,
    mut wb: usize,
    ranges: &[(usize, usize)],
) -> (usize, usize) {
    let n = offsets.len() - 1;
    let inside_mark = |b: usize| ranges.iter().any(|r| r.0 < b && b < r.1);
    let is_space = |ci: usize| {
        text[offsets[ci]..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace)
    };
    let mut steps = 0;
    while wa > 0 && steps < 20 && !is_space(wa - 1) && !inside_mark(offsets[wa]) {
        let c = text[offsets[wa - 1]..].chars().next().unwrap_or(' ');
        if !c.is_alphanumeric() || is_cjk(c) {
            break;
        }
        wa -= 1;
        steps += 1;
    }
    steps = 0;
    while wb < n && steps < 20 && !is_space(wb) && !inside_mark(offsets[wb]) {
        let c = text[offsets[wb]..].chars().next().unwrap_or(' ');
        if !c.is_alphanumeric() || is_cjk(c) {
            break;
        }
        wb += 1;
        steps += 1;
    }
    (wa, wb)
}

/// HTML-escapes `text[from..to]` with `<mark>` around the ranges that fall inside.
fn mark(text: &str, from: usize, to: usize, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(to - from + 32);
    let mut at = from;
    for &(a, b) in ranges {
        if b <= from || a >= to {
            continue;
        }
        let (a, b) = (a.max(from), b.min(to));
        escape_into(&mut out, &text[at..a]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[a..b]);
        out.push_str("</mark>");
        at = b;
    }
    escape_into(&mut out, &text[at..to]);
    out
}

/// HTML escaping of text content and attribute-safe quotes.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Removes `<mark>` tags and unescapes entities: the plain text of a snippet (for terminals).
pub fn plain(snippet: &str) -> String {
    snippet
        .replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
