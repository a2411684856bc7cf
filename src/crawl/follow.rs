//! The symbols a fetched document cites, for `--depth N`: the undocs.org links the UN embeds in
//! its PDFs (`/URI (https://undocs.org/en/S/2015/939)` link annotations) and HTML pages, plus
//! the citations the `cite` module finds in the document's text (text from `extract` for PDFs,
//! the visible text for HTML, the text itself for plain text). The document's own symbol is
//! left out. This finds *which documents to fetch next*; it does not parse documents.

use super::sniff::{Format, html_visible_text};
use crate::model::{Lang, Symbol};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// A link to a document on undocs.org: `undocs.org/{lang}/{symbol}`.
static UNDOCS_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)https?://(?:www\.)?undocs\.org/(?:(?:ar|zh|en|fr|ru|es)/)?([A-Z][A-Za-z0-9./()%\-*]*/[A-Za-z0-9./()%\-*]+)")
        .expect("static regex")
});

/// The symbols cited by a document of format `format` in `lang` (other than `self_symbol`).
pub fn cited_symbols(
    format: Format,
    bytes: &[u8],
    lang: Lang,
    self_symbol: &Symbol,
) -> BTreeSet<Symbol> {
    let mut found = BTreeSet::new();
    match format {
        Format::Pdf => {
            for uri in pdf_link_uris(bytes) {
                links_in(&uri, &mut found);
            }
            // A PDF without a usable text layer (scan) still contributes its links.
            if let Ok(extracted) = crate::extract::extract(bytes, lang) {
                citations_in_text(&extracted.text, self_symbol, &mut found);
            }
        }
        Format::Html => {
            let html = String::from_utf8_lossy(bytes);
            links_in(&html, &mut found);
            citations_in_text(&html_visible_text(&html), self_symbol, &mut found);
        }
        Format::Text => citations_in_text(&String::from_utf8_lossy(bytes), self_symbol, &mut found),
        _ => {}
    }
    found.remove(self_symbol);
    found
}

/// The documents cited in running text, by the citation grammar of the `cite` module
/// ("第 2395(2017)号决议第 17 段", "resolution 2178 (2014)", "S/2022/529", …).
fn citations_in_text(text: &str, self_symbol: &Symbol, found: &mut BTreeSet<Symbol>) {
    for citation in crate::cite::find_citations(text, Some(self_symbol)) {
        found.insert(citation.symbol);
    }
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
        let found = cited_symbols(Format::Pdf, &pdf, Lang::En, &me);
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
        let found = cited_symbols(Format::Text, zh.as_bytes(), Lang::Zh, &me);
        for want in ["S/RES/2395(2017)", "S/RES/1373(2001)", "S/RES/2462(2019)"] {
            assert!(found.contains(&Symbol::parse(want).unwrap()), "{want}");
        }
        assert!(!found.contains(&me));
        let en = "Recalling its resolution 2178 (2014) and S/PRST/2021/1, see S/2025/71/Rev.1.";
        let found = cited_symbols(Format::Text, en.as_bytes(), Lang::En, &me);
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
        let found = cited_symbols(Format::Html, html.as_bytes(), Lang::En, &me);
        assert_eq!(syms(&found), ["S/RES/1373(2001)", "S/RES/2396(2017)"]);
    }
}
