//! Raw document bytes (PDF text layer, HTML, plain text) → one clean text per (symbol, language).
//!
//! Contract of the output text (what `segment` relies on):
//! - one logical block per line: a paragraph, a heading, a list item or a table row; wrapped
//!   lines are re-joined (no space inside Chinese, one space between English words,
//!   hyphenation and PDF spacing artefacts repaired);
//! - page furniture removed (running header symbol, job numbers, barcodes, page numbers,
//!   per-page link lists); footnotes kept out of the paragraph flow;
//! - nothing lowercased, stemmed or folded.
//!
//! Extraction never panics on messy input: best effort plus diagnostics; scanned PDFs without a
//! text layer and unsupported formats are clear errors.
// TEMPORARY SHIM until the extract branch lands
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Html,
    Text,
    Word,
    WordPerfect,
    Rtf,
    Unknown,
}
pub fn sniff(b: &[u8]) -> Format {
    if b.starts_with(b"%PDF") {
        Format::Pdf
    } else {
        Format::Text
    }
}
pub struct Extracted {
    pub text: String,
}
pub fn extract(b: &[u8], _l: crate::model::Lang) -> Result<Extracted, String> {
    if b.starts_with(b"%PDF") {
        return Err("pdf shim".into());
    }
    Ok(Extracted {
        text: String::from_utf8_lossy(b).into_owned(),
    })
}
