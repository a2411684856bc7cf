//! The symbols a fetched document cites, for `--depth N`: the undocs.org links the UN embeds in
//! its PDFs (`/URI (https://undocs.org/en/S/2015/939)` link annotations) and HTML pages, plus
//! the citations in the document's text, found by the [`CitationFollower`] the crawl is given
//! (the library's is [`crate::pipeline::cited_in_document`]: extract, segment, cite). The
//! document's own symbol is left out. This finds *which documents to fetch next*; it does not
//! parse documents.

use super::sniff::Format;
use crate::model::{Lang, Symbol};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// A link to a document on undocs.org: `undocs.org/{lang}/{symbol}`.
static UNDOCS_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)https?://(?:www\.)?undocs\.org/(?:(?:ar|zh|en|fr|ru|es)/)?([A-Z][A-Za-z0-9./()%\-*]*/[A-Za-z0-9./()%\-*]+)")
        .expect("static regex")
});

/// Finds the documents a fetched document (its bytes, its language, its own symbol) cites in
/// its text. The crawl is given one, so that `crawl` needs neither `extract` nor `cite`; the
/// library's is [`crate::pipeline::cited_in_document`].
pub type CitationFollower = dyn Fn(&[u8], Lang, &Symbol) -> Vec<Symbol> + Send + Sync;

/// The symbols cited by a document of format `format` in `lang` (other than `self_symbol`):
/// its undocs.org links and what `follower` finds in its text.
pub fn cited_symbols(
    format: Format,
    bytes: &[u8],
    lang: Lang,
    self_symbol: &Symbol,
    follower: &CitationFollower,
) -> BTreeSet<Symbol> {
    let mut found = BTreeSet::new();
    match format {
        // A PDF without a usable text layer (scan) still contributes its links.
        Format::Pdf => {
            for uri in pdf_link_uris(bytes) {
                links_in(&uri, &mut found);
            }
        }
        Format::Html => links_in(&String::from_utf8_lossy(bytes), &mut found),
        Format::Text => {}
        _ => return found,
    }
    found.extend(follower(bytes, lang, self_symbol));
    found.remove(self_symbol);
    found
}

fn links_in(text: &str, found: &mut BTreeSet<Symbol>) {
    for cap in UNDOCS_LINK.captures_iter(text) {
        let raw = cap.get(1).map_or("", |m| m.as_str());
        let mut raw = percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned();
        // Trailing sentence punctuation is not part of the symbol; a ')' is only when it
        // closes a '(' inside the symbol.
        while raw.ends_with('.')
            || raw.ends_with('/')
            || (raw.ends_with(')') && raw.matches(')').count() > raw.matches('(').count())
        {
            raw.pop();
        }
        // A document symbol carries a number; "undocs.org/Home/Mobile" does not.
        if !raw.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Ok(symbol) = Symbol::parse(&raw) {
            found.insert(symbol);
        }
    }
}

/// The targets of `/URI (...)` link actions in a PDF's uncompressed objects, with PDF string
/// escapes (`\(`, `\)`, `\\`) undone. Links inside compressed object streams are not seen.
pub fn pdf_link_uris(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for start in memchr::memmem::find_iter(bytes, b"/URI") {
        let mut i = start + 4;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'(') {
            continue;
        }
        i += 1;
        let mut depth = 1usize;
        let mut uri = Vec::new();
        while i < bytes.len() && uri.len() < 2048 {
            match bytes[i] {
                b'\\' => {
                    if let Some(&next) = bytes.get(i + 1) {
                        uri.push(next);
                    }
                    i += 2;
                    continue;
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            uri.push(bytes[i]);
            i += 1;
        }
        out.push(String::from_utf8_lossy(&uri).into_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syms(set: &BTreeSet<Symbol>) -> Vec<&str> {
        set.iter().map(Symbol::as_str).collect()
    }

    #[test]
    fn links_embedded_in_a_real_un_pdf() {
        let pdf = std::fs::read("corpus/A_RES_78_323/en.pdf").unwrap();
        let me = Symbol::parse("A/RES/78/323").unwrap();
        let found = cited_symbols(
            Format::Pdf,
            &pdf,
            Lang::En,
            &me,
            &crate::pipeline::cited_in_document,
        );
        let found = syms(&found);
        for want in ["A/55/18", "A/66/18", "A/RES/217(III)"] {
            assert!(found.contains(&want), "{want} missing from {found:?}");
        }
        assert!(!found.contains(&"A/RES/78/323"));
    }

    #[test]
    fn symbols_in_chinese_and_english_text() {
        let zh = std::fs::read_to_string("corpus/S_2022_529/zh.txt").unwrap();
        let me = Symbol::parse("S/2022/529").unwrap();
        let found = cited_symbols(
            Format::Text,
            zh.as_bytes(),
            Lang::Zh,
            &me,
            &crate::pipeline::cited_in_document,
        );
        for want in ["S/RES/2395(2017)", "S/RES/1373(2001)", "S/RES/2462(2019)"] {
            assert!(found.contains(&Symbol::parse(want).unwrap()), "{want}");
        }
        assert!(!found.contains(&me));
        let en = "Recalling its resolution 2178 (2014) and S/PRST/2021/1, see S/2025/71/Rev.1.";
        let found = cited_symbols(
            Format::Text,
            en.as_bytes(),
            Lang::En,
            &me,
            &crate::pipeline::cited_in_document,
        );
        assert_eq!(
            syms(&found),
            ["S/2025/71/Rev.1", "S/PRST/2021/1", "S/RES/2178(2014)"]
        );
    }

    #[test]
    fn undocs_links_in_html_keep_parentheses() {
        let html = r#"<html><body><a href="https://undocs.org/en/S/RES/1373(2001)">1373</a>
                      <a href="https://undocs.org/Home/Mobile">mobile site</a>
                      <a href="https://undocs.org/S/RES/2396%282017%29">2396</a></body></html>"#;
        let me = Symbol::parse("S/2022/529").unwrap();
        let found = cited_symbols(
            Format::Html,
            html.as_bytes(),
            Lang::En,
            &me,
            &crate::pipeline::cited_in_document,
        );
        assert_eq!(syms(&found), ["S/RES/1373(2001)", "S/RES/2396(2017)"]);
    }
}
