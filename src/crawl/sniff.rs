//! What the bytes of a response are, for the crawler's storage decision, decided from the
//! bytes (a server's Content-Type is not trusted: the UN serves Word files and HTML error pages
//! as `application/pdf`) by [`crate::extract::sniff`] (one [`Format`] for extraction and the
//! crawler, with its extension and MIME type), plus what the crawler adds: an empty body (not
//! there yet), and whether an HTML body or a PDF is a placeholder or error page ("soft 404")
//! rather than a document.

pub use crate::extract::Format;

/// Decides the format of `bytes` from their content ([`crate::extract::sniff`]); `None` for a
/// body that is empty or white space only (the document is not there yet).
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(crate::extract::sniff(bytes))
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

/// Whether an HTML body is an error or placeholder page rather than a document: a page the
/// `extract` module recognises as a "not available" page, or one with too little text to be a
/// document at all.
pub fn is_error_page(html: &str) -> bool {
    html_visible_text(html).chars().count() < MIN_DOCUMENT_CHARS
        || crate::extract::looks_like_error_page(html.as_bytes())
}

/// The document system's "does not exist" page is small; a real document PDF rarely is
/// (the two in the corpus are 84 KB). Larger PDFs are not extracted just to check.
const MAX_ERROR_PDF_BYTES: usize = 200_000;

/// Is this PDF the UN document system's "The document you are looking for does not exist"
/// page (S/2024/207, S/2024/798 were served so), i.e. no document at all?
pub fn is_error_pdf(bytes: &[u8]) -> bool {
    bytes.len() <= MAX_ERROR_PDF_BYTES
        && crate::extract::extract(bytes, crate::model::Lang::En).is_ok_and(|e| {
            crate::pipeline::refusal_reason(&e.text, crate::model::Lang::En)
                .is_some_and(|r| r.starts_with("not a document"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_system_error_pdf_is_no_document() {
        let error = std::fs::read("corpus/S_2024_207/en.pdf").unwrap();
        assert!(is_error_pdf(&error));
        let real = std::fs::read("corpus/S_2025_22/en.pdf").unwrap();
        assert!(!is_error_pdf(&real));
    }

    #[test]
    fn sniff_table() {
        let pdf = std::fs::read("corpus/S_2025_22/en.pdf").unwrap();
        let table: [(&[u8], Option<Format>); 9] = [
            (&pdf, Some(Format::Pdf)),
            (b"", None),
            (b" \r\n\t", None),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0",
                Some(Format::Word),
            ),
            (b"\xFFWPC\x10\0\0\0", Some(Format::WordPerfect)),
            (b"{\\rtf1\\ansi hello}", Some(Format::Rtf)),
            (
                b"<!DOCTYPE html><html><body>x</body></html>",
                Some(Format::Html),
            ),
            ("第 2395(2017)号决议".as_bytes(), Some(Format::Text)),
            (b"\x00\x01\x02binary", Some(Format::Unknown)),
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
