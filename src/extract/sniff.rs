//! Format detection from the bytes themselves (magic numbers and content), never from a
//! server's content type: the UN serves PDFs as `application/octet-stream` and HTML error
//! pages with a 200.

use serde::Serialize;

/// The kind of document a byte string holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Portable Document Format (`%PDF-`).
    Pdf,
    /// An HTML page (a document, a viewer page, or an error page).
    Html,
    /// Plain text (UTF-8 or UTF-16 with a byte-order mark).
    Text,
    /// Microsoft Word: legacy OLE compound file (.doc) or Office Open XML (.docx).
    Word,
    /// Corel WordPerfect (`FF 57 50 43`).
    WordPerfect,
    /// Rich Text Format (`{\rtf`).
    Rtf,
    /// Anything else (binary data, images, archives that are not Word documents).
    Unknown,
}

impl Format {
    /// The file extension used in the corpus.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Text => "txt",
            Format::Word => "doc",
            Format::WordPerfect => "wpd",
            Format::Rtf => "rtf",
            Format::Unknown => "bin",
        }
    }

    /// The MIME type recorded in the corpus manifest.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Html => "text/html; charset=utf-8",
            Format::Text => "text/plain; charset=utf-8",
            Format::Word => "application/msword",
            Format::WordPerfect => "application/vnd.wordperfect",
            Format::Rtf => "application/rtf",
            Format::Unknown => "application/octet-stream",
        }
    }
}

/// How many leading bytes are inspected for content-based detection.
const PROBE_LEN: usize = 4096;

/// Detects the format of `bytes` by magic numbers, then by content.
pub fn sniff(bytes: &[u8]) -> Format {
    let body = skip_leading_whitespace(strip_utf8_bom(bytes));
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Word;
    }
    if bytes.starts_with(&[0xFF, b'W', b'P', b'C']) {
        return Format::WordPerfect;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return if is_docx(bytes) {
            Format::Word
        } else {
            Format::Unknown
        };
    }
    if body.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    // A PDF header may be preceded by junk (the spec tolerates up to 1024 bytes).
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if looks_like_html(body) {
        return Format::Html;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Format::Text;
    }
    if looks_like_text(bytes) {
        return Format::Text;
    }
    Format::Unknown
}

fn strip_utf8_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)
}

fn skip_leading_whitespace(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// A zip archive is a .docx when one of its local file headers names a `word/` entry.
fn is_docx(bytes: &[u8]) -> bool {
    let probe = &bytes[..bytes.len().min(64 * 1024)];
    memchr::memmem::find(probe, b"word/").is_some()
        || memchr::memmem::find(probe, b"[Content_Types].xml").is_some()
            && memchr::memmem::find(probe, b"wordprocessingml").is_some()
}

fn looks_like_html(body: &[u8]) -> bool {
    let probe = &body[..body.len().min(PROBE_LEN)];
    let lower: Vec<u8> = probe.iter().map(|b| b.to_ascii_lowercase()).collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return true;
    }
    if lower.starts_with(b"<") {
        for tag in [
            &b"<html"[..],
            b"<head",
            b"<body",
            b"<title",
            b"<meta",
            b"<div",
            b"<p>",
        ] {
            if memchr::memmem::find(&lower, tag).is_some() {
                return true;
            }
        }
    }
    false
}

/// Valid UTF-8 (allowing a cut multi-byte character at the probe's end) with few control
/// characters.
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let probe = &bytes[..bytes.len().min(PROBE_LEN)];
    let valid = match std::str::from_utf8(probe) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > probe.len(),
    };
    if !valid {
        return false;
    }
    let controls = probe
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    controls * 100 <= probe.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_table() {
        let cases: &[(&[u8], Format)] = &[
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", Format::Pdf),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", Format::Word),
            (b"\xFFWPC\x10\0\0\0\x01\x0a", Format::WordPerfect),
            (b"{\\rtf1\\ansi\\deff0 {\\fonttbl", Format::Rtf),
            (
                b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0word/document.xml",
                Format::Word,
            ),
            (
                b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0xl/workbook.xml",
                Format::Unknown,
            ),
            (
                b"  <!DOCTYPE html><html><body>x</body></html>",
                Format::Html,
            ),
            (b"<html lang=\"en\"><head><title>t</title>", Format::Html),
            ("安全理事会第 2395(2017)号决议\n".as_bytes(), Format::Text),
            (b"\xEF\xBB\xBFResolution 457 (1979)\n", Format::Text),
            (
                b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\xff\xfe\x00",
                Format::Unknown,
            ),
            (b"", Format::Unknown),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Format::Unknown),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes), *want, "{:?}", String::from_utf8_lossy(bytes));
        }
    }
}
