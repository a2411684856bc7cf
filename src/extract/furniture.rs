//! Page furniture: the lines a printed UN page carries that are not part of the text —
//! running header symbol, job numbers (`25-00687 (E)`, `22-10791 10/29`), barcodes
//! (`*2500687*`), page numbers (`6/7`), the per-page `https://undocs.org/...` link lists,
//! the "Please recycle" line and recycling glyphs. Pure line classifiers; callers decide.

use regex::Regex;
use std::sync::LazyLock;

/// A UN job number, alone or with its language letter, date code or page number:
/// `25-00687 (E)`, `25-00344 (E) 210125`, `22-10791 10/29`, `10/29 22-10791`.
static JOB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{1,3}/\d{1,3}\s+)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?(?:\s+\d{1,3}/\d{1,3})?$",
    )
    .expect("valid regex")
});
/// A barcode line: `*2500687*`.
static BARCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\d{6,9}\*$").expect("valid regex"));
/// A page number: `6/7`, `- 3 -`, `Page 3`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}/\d{1,3}|-\s*\d{1,3}\s*-|Page \d{1,3}(?: of \d{1,3})?|\d{1,3})$")
        .expect("valid regex")
});
/// A date code that follows a job number on the first page: `210125`.
static DATE_CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{6}$").expect("valid regex"));
/// A document symbol standing alone on its line (running header or masthead):
/// `S/2025/22`, `S/RES/2768 (2025)`, `A/RES/78/323`, `S/2025/71/Rev.1`.
static SYMBOL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z]{1,2}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?:\s?\(\d{4}\))?(?:\*)?$")
        .expect("valid regex")
});
/// One link of the per-page link lists the UN's PDF-to-text conversion leaves.
static LINK_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^https?://(?:undocs\.org|documents\.un\.org)/\S*$").expect("valid regex")
});

/// What kind of furniture a line is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// A job number line (`25-00687 (E)`, `22-10791 10/29`).
    JobNumber,
    /// A barcode (`*2500687*`).
    Barcode,
    /// A page number (`6/7`).
    PageNumber,
    /// A six-digit date code under the job number (`210125`).
    DateCode,
    /// A per-page `https://undocs.org/...` link.
    Link,
    /// "Please recycle" and recycling glyph lines.
    Recycle,
    /// A line holding only a document symbol (the running header; the masthead copy is kept
    /// by the caller).
    Symbol,
}

/// Classifies one line (already trimmed) as furniture, or `None` for text.
pub fn classify(line: &str) -> Option<Furniture> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    if LINK_LINE.is_match(line) {
        return Some(Furniture::Link);
    }
    if JOB_NUMBER.is_match(line) {
        return Some(Furniture::JobNumber);
    }
    if BARCODE.is_match(line) {
        return Some(Furniture::Barcode);
    }
    if PAGE_NUMBER.is_match(line) && line.contains('/') {
        return Some(Furniture::PageNumber);
    }
    if DATE_CODE.is_match(line) {
        return Some(Furniture::DateCode);
    }
    if line.eq_ignore_ascii_case("please recycle") || is_glyph_line(line) {
        return Some(Furniture::Recycle);
    }
    if SYMBOL_LINE.is_match(line) {
        return Some(Furniture::Symbol);
    }
    None
}

/// True for a bare page number such as `3` or `- 3 -` (only trusted at a page edge).
pub fn is_bare_page_number(line: &str) -> bool {
    PAGE_NUMBER.is_match(line.trim())
}

/// A line made only of symbols from private-use areas or pictographs (the recycling logo is
/// drawn with a private-use glyph in UN PDFs) and spaces.
fn is_glyph_line(line: &str) -> bool {
    line.chars().all(|c| {
        c.is_whitespace()
            || ('\u{E000}'..='\u{F8FF}').contains(&c)
            || ('\u{2600}'..='\u{27BF}').contains(&c)
            || c == '\u{FFFD}'
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines_table() {
        let cases: &[(&str, Option<Furniture>)] = &[
            ("25-00687 (E)", Some(Furniture::JobNumber)),
            ("25-00344 (E) 210125", Some(Furniture::JobNumber)),
            ("22-10791 10/29 ", Some(Furniture::JobNumber)),
            ("25-00344", Some(Furniture::JobNumber)),
            ("*2500687*", Some(Furniture::Barcode)),
            ("6/7", Some(Furniture::PageNumber)),
            ("210125", Some(Furniture::DateCode)),
            (
                "https://undocs.org/en/S/RES/1373(2001)",
                Some(Furniture::Link),
            ),
            ("Please recycle", Some(Furniture::Recycle)),
            ("\u{F0FC}", Some(Furniture::Recycle)),
            ("S/2025/22", Some(Furniture::Symbol)),
            ("S/2022/529  ", Some(Furniture::Symbol)),
            ("S/RES/2768 (2025)", Some(Furniture::Symbol)),
            ("S/2025/71/Rev.1", Some(Furniture::Symbol)),
            ("A/RES/78/323", Some(Furniture::Symbol)),
            ("1.", None),
            ("Security Council", None),
            ("2021 年 12 月 31 日", None),
            ("(S/2021/278，附件)", None),
            ("Annex", None),
        ];
        for (line, want) in cases {
            assert_eq!(classify(line), *want, "{line:?}");
        }
    }
}
