//! The symbols a fetched document cites, for `--depth N`: the undocs.org links the UN embeds in
//! its PDFs (`/URI (https://undocs.org/en/S/2015/939)` link annotations) and HTML pages, plus
//! the symbols written in the text of HTML and plain-text documents. The document's own symbol
//! is left out. This finds *which documents to fetch next*; it does not parse documents.

use super::sniff::{Format, html_visible_text};
use crate::model::Symbol;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// A link to a document on undocs.org or documents.un.org: `undocs.org/{lang}/{symbol}`.
static UNDOCS_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)https?://(?:www\.)?undocs\.org/(?:(?:ar|zh|en|fr|ru|es)/)?([A-Z][A-Za-z0-9./()%\-*]*/[A-Za-z0-9./()%\-*]+)")
        .expect("static regex")
});

/// Symbols written out in text, and Security Council resolutions cited by number and year
/// in English ("resolution 2395 (2017)") or Chinese ("第2395(2017)号决议").
// Uses cite::find_citations when available: this pattern is the crawler's own fallback.
static SYMBOL_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?P<sym>(?:S/RES/\d{1,4}\s?\(\d{4}\))
          | (?:S/PRST/\d{4}/\d{1,3})
          | (?:S/\d{4}/\d{1,4}(?:/(?:Rev|Add|Corr)\.\d{1,3})*)
          | (?:A/RES/\d{1,3}/\d{1,4}))
        | (?i:resolutions?)\s+(?P<en_num>\d{1,4})\s?\((?P<en_year>\d{4})\)
        | 第\s?(?P<zh_num>\d{1,4})\s?[(（]\s?(?P<zh_year>\d{4})\s?[)）]\s?号决议",
    )
    .expect("static regex")
});

/// The symbols cited by a document of format `format` (other than `self_symbol`).
pub fn cited_symbols(format: Format, bytes: &[u8], self_symbol: &Symbol) -> BTreeSet<Symbol> {
    let mut found = BTreeSet::new();
    match format {
        Format::Pdf => {
            for uri in pdf_link_uris(bytes) {
                links_in(&uri, &mut found);
            }
        }
        Format::Html => {
            let html = String::from_utf8_lossy(bytes);
            links_in(&html, &mut found);
            symbols_in_text(&html_visible_text(&html), &mut found);
        }
        Format::Text => symbols_in_text(&String::from_utf8_lossy(bytes), &mut found),
        _ => {}
    }
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

fn symbols_in_text(text: &str, found: &mut BTreeSet<Symbol>) {
    for cap in SYMBOL_IN_TEXT.captures_iter(text) {
        let symbol = if let Some(sym) = cap.name("sym") {
            Symbol::parse(sym.as_str()).ok()
        } else {
            let (num, year) = match (cap.name("en_num"), cap.name("en_year")) {
                (Some(n), Some(y)) => (n, y),
                _ => match (cap.name("zh_num"), cap.name("zh_year")) {
                    (Some(n), Some(y)) => (n, y),
                    _ => continue,
                },
            };
            match (num.as_str().parse(), year.as_str().parse()) {
                (Ok(n), Ok(y)) => Some(Symbol::sc_resolution(n, y)),
                _ => None,
            }
        };
        if let Some(symbol) = symbol {
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
        let found = cited_symbols(Format::Pdf, &pdf, &me);
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
        let found = cited_symbols(Format::Text, zh.as_bytes(), &me);
        for want in ["S/RES/2395(2017)", "S/RES/1373(2001)", "S/RES/2462(2019)"] {
            assert!(found.contains(&Symbol::parse(want).unwrap()), "{want}");
        }
        assert!(!found.contains(&me));
        let en = "Recalling its resolution 2178 (2014) and S/PRST/2021/1, see S/2025/71/Rev.1.";
        let found = cited_symbols(Format::Text, en.as_bytes(), &me);
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
        let found = cited_symbols(Format::Html, html.as_bytes(), &me);
        assert_eq!(syms(&found), ["S/RES/1373(2001)", "S/RES/2396(2017)"]);
    }
}
