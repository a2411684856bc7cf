//! What the bytes of a response are, decided from the bytes (a server's Content-Type is not
//! trusted: the UN serves Word files and HTML error pages as `application/pdf`), and whether
//! an HTML body is an error page ("soft 404") rather than a document.
// Switch to crate::extract::sniff / looks_like_error_page when `extract` lands in main.

/// The format of a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `%PDF-`.
    Pdf,
    /// An HTML page.
    Html,
    /// UTF-8 text.
    Text,
    /// A Word file (OLE compound file or Office Open XML zip).
    Word,
    /// A WordPerfect file.
    WordPerfect,
    /// Rich Text Format.
    Rtf,
    /// Empty or white space only.
    Empty,
    /// Anything else (binary of an unknown kind).
    Unknown,
}

impl Format {
    /// The file extension used in the corpus.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Text | Format::Empty => "txt",
            Format::Word => "doc",
            Format::WordPerfect => "wpd",
            Format::Rtf => "rtf",
            Format::Unknown => "bin",
        }
    }

    /// The MIME type recorded in the manifest.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Html => "text/html; charset=utf-8",
            Format::Text | Format::Empty => "text/plain; charset=utf-8",
            Format::Word => "application/msword",
            Format::WordPerfect => "application/vnd.wordperfect",
            Format::Rtf => "application/rtf",
            Format::Unknown => "application/octet-stream",
        }
    }
}

/// Decides the format of `bytes` from their content.
pub fn sniff(bytes: &[u8]) -> Format {
    let body = trim_ascii_start(skip_bom(bytes));
    if body.is_empty() {
        return Format::Empty;
    }
    // PDF: the header may follow a little junk (the spec allows it within 1024 bytes).
    if memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Word;
    }
    if bytes.starts_with(b"PK\x03\x04")
        && memchr::memmem::find(&bytes[..bytes.len().min(4096)], b"word/").is_some()
    {
        return Format::Word;
    }
    if bytes.starts_with(b"\xFFWPC") {
        return Format::WordPerfect;
    }
    if body.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    let head = &body[..body.len().min(1024)];
    let head_lower = head.to_ascii_lowercase();
    if head_lower.starts_with(b"<!doctype html")
        || head_lower.starts_with(b"<html")
        || head_lower.starts_with(b"<?xml") && memchr::memmem::find(&head_lower, b"<html").is_some()
        || memchr::memmem::find(&head_lower, b"<head").is_some()
        || memchr::memmem::find(&head_lower, b"<body").is_some()
    {
        return Format::Html;
    }
    match std::str::from_utf8(body) {
        Ok(text) if !text.chars().any(|c| c.is_control() && !c.is_whitespace()) => Format::Text,
        _ => Format::Unknown,
    }
}

fn skip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// The visible text of an HTML page (script and style left out), white space collapsed.
pub fn html_visible_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut out = String::new();
    for node in doc.tree.root().descendants() {
        if let Some(text) = node.value().as_text() {
            let hidden = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript" | "title"))
            });
            if !hidden {
                for word in text.split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            }
        }
    }
    out
}

/// Visible text shorter than this (in characters) cannot be a UN document.
const MIN_DOCUMENT_CHARS: usize = 400;

/// Whether an HTML body is an error or placeholder page rather than a document: a short page
/// saying the document is not available / not found / an error occurred, or too little text
/// to be a document at all.
pub fn is_error_page(html: &str) -> bool {
    let text = html_visible_text(html);
    let chars = text.chars().count();
    if chars < MIN_DOCUMENT_CHARS {
        return true;
    }
    let lower = text.to_lowercase();
    let title = scraper::Html::parse_document(html)
        .select(&scraper::Selector::parse("title").expect("static selector"))
        .next()
        .map(|t| t.text().collect::<String>().to_lowercase())
        .unwrap_or_default();
    const ERROR_PHRASES: [&str; 6] = [
        "not available",
        "not found",
        "page not found",
        "an error occurred",
        "error 404",
        "no document",
    ];
    let says_error = ERROR_PHRASES
        .iter()
        .any(|p| title.contains(p) || lower.contains(p));
    says_error && chars < 3 * MIN_DOCUMENT_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_table() {
        let pdf = std::fs::read("corpus/S_2025_22/en.pdf").unwrap();
        let table: [(&[u8], Format); 9] = [
            (&pdf, Format::Pdf),
            (b"", Format::Empty),
            (b" \r\n\t", Format::Empty),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", Format::Word),
            (b"\xFFWPC\x10\0\0\0", Format::WordPerfect),
            (b"{\\rtf1\\ansi hello}", Format::Rtf),
            (b"<!DOCTYPE html><html><body>x</body></html>", Format::Html),
            ("第 2395(2017)号决议".as_bytes(), Format::Text),
            (b"\x00\x01\x02binary", Format::Unknown),
        ];
        for (bytes, want) in table {
            assert_eq!(sniff(bytes), want, "{:?}", &bytes[..bytes.len().min(12)]);
        }
    }

    #[test]
    fn undocs_not_available_page_is_an_error_page() {
        let html = "<html><head><title>Document not available</title></head><body>\
                    <h1>The document 'S/2099/1' is not available in 'zh'</h1></body></html>";
        assert!(is_error_page(html));
    }

    #[test]
    fn a_real_resolution_in_html_is_a_document() {
        let text = std::fs::read_to_string("corpus/S_RES_1(1946)/en.txt").unwrap();
        let html = format!(
            "<html><body><p>{}</p></body></html>",
            text.replace('\n', "</p><p>")
        );
        assert!(!is_error_page(&html), "{} chars", text.len());
    }
}
