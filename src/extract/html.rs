//! HTML path: the visible text of the body, block elements → lines (a table row → one line,
//! cells separated by a space), `script`, `style`, `nav` and other invisible parts dropped.
//! Also recognizes the UN's "document not available" error pages for the crawler.

use super::rejoin::repair_spacing;
use super::text::drop_furniture;
use super::{ExtractError, Extracted};
use crate::model::Lang;
use scraper::{ElementRef, Html, Node};

/// Elements whose content is never visible text.
const SKIPPED: &[&str] = &[
    "script", "style", "nav", "noscript", "template", "head", "iframe", "svg", "object", "button",
    "select", "canvas", "form",
];
/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "dl",
    "ul",
    "ol",
    "figure",
    "figcaption",
    "caption",
    "address",
    "hr",
    "body",
    "center",
    "title",
];
/// Cells are separated by a space inside their row's line.
const CELLS: &[&str] = &["td", "th"];

/// Phrases the UN's document servers put on a page that stands in for a missing document.
const ERROR_PHRASES: &[&str] = &[
    "is not available",
    "document not found",
    "page not found",
    "the requested document",
    "no document",
    "404 not found",
    "could not be found",
];

/// Is this an HTML page that says the requested document is not available (e.g. "The document
/// 'S/2025/999' is not available"), rather than a document or a viewer page?
pub fn looks_like_error_page(bytes: &[u8]) -> bool {
    if super::sniff(bytes) != super::Format::Html {
        return false;
    }
    let text = visible_text(bytes);
    let lower = text.to_lowercase();
    let short = lower.chars().count() < 3000;
    let says_missing = ERROR_PHRASES.iter().any(|p| lower.contains(p));
    short && says_missing && !has_pdf_link(bytes)
}

/// A viewer page that links or frames a PDF is not an error page, whatever it says.
fn has_pdf_link(bytes: &[u8]) -> bool {
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    memchr::memmem::find(&lower, b".pdf").is_some()
        && (memchr::memmem::find(&lower, b"<iframe").is_some()
            || memchr::memmem::find(&lower, b"<embed").is_some())
}

/// The visible text of an HTML page, one block per line (not yet cleaned).
fn visible_text(bytes: &[u8]) -> String {
    let source = String::from_utf8_lossy(bytes);
    let document = Html::parse_document(&source);
    let root = document.root_element();
    let mut out = String::new();
    let mut title = String::new();
    // Explicit stack (no recursion: deeply nested pages must not overflow the stack).
    // `true` marks the closing visit of a block element.
    let mut stack = vec![(*root, false)];
    while let Some((node, closing)) = stack.pop() {
        if closing {
            out.push('\n');
            continue;
        }
        match node.value() {
            Node::Text(t) => out.extend(
                t.chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
            ),
            Node::Element(e) => {
                let name = e.name();
                if name == "title" {
                    if let Some(el) = ElementRef::wrap(node) {
                        title = el.text().collect::<String>();
                    }
                    continue;
                }
                if SKIPPED.contains(&name) {
                    continue;
                }
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push('\n');
                    stack.push((node, true));
                } else if CELLS.contains(&name) {
                    out.push(' ');
                }
                let children: Vec<_> = node.children().collect();
                for child in children.into_iter().rev() {
                    stack.push((child, false));
                }
            }
            _ => {}
        }
    }
    if out.trim().is_empty() {
        return title;
    }
    out
}

/// Extracts clean text from an HTML page.
pub fn extract_html(bytes: &[u8], _lang: Lang) -> Result<Extracted, ExtractError> {
    let mut diagnostics = Vec::new();
    if std::str::from_utf8(bytes).is_err() {
        diagnostics.push("HTML is not valid UTF-8: invalid bytes were replaced by U+FFFD".into());
    }
    let raw = visible_text(bytes);
    let lines: Vec<String> = raw
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let line_refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let kept = drop_furniture(&line_refs, &mut diagnostics);
    let blocks: Vec<String> = kept
        .iter()
        .map(|l| repair_spacing(l))
        .filter(|l| !l.is_empty())
        .collect();
    if blocks.is_empty() {
        return Err(ExtractError::Empty);
    }
    if looks_like_error_page(bytes) {
        diagnostics.push("this looks like an error page (document not available)".into());
    }
    Ok(Extracted {
        text: blocks.join("\n"),
        footnotes: Vec::new(),
        pages: 0,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_scripts_vanish() {
        let html = br#"<!DOCTYPE html><html><head><title>S/2025/22</title><style>p{}</style></head>
<body><nav><a href="/">Home</a> <a href="/en">English</a></nav>
<script>var x = "hidden";</script>
<h1>Security   Council</h1><p>1. The Committee
 decided to develop <b>non-binding</b> guiding principles.</p>
<table><tr><td>Belgium</td><td>19 October 2021</td></tr></table>
<ul><li>(a) first</li><li>(b) second</li></ul></body></html>"#;
        let got = extract_html(html, Lang::En).expect("text");
        assert_eq!(
            got.text,
            "Security Council\n1. The Committee decided to develop non-binding guiding principles.\nBelgium 19 October 2021\n(a) first\n(b) second"
        );
    }

    #[test]
    fn error_pages_table() {
        let cases: &[(&[u8], bool)] = &[
            (b"<html><head><title>Error</title></head><body><h2>The document 'S/2025/999' is not available.</h2></body></html>", true),
            (b"<html><body><p>Document not found</p></body></html>", true),
            (b"<html><body><iframe src=\"https://documents.un.org/doc/S_2025_22.pdf\"></iframe></body></html>", false),
            (b"<html><body><p>1. The Security Council decides that the sanctions are available to all States.</p></body></html>", false),
            (b"%PDF-1.7 is not available", false),
        ];
        for (bytes, want) in cases {
            assert_eq!(
                looks_like_error_page(bytes),
                *want,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
