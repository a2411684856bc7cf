//! Raw document bytes (PDF text layer, HTML, plain text) → one clean text per (symbol, language).
//!
//! Contract of the output text (what `segment` relies on):
//! - one logical block per line: a paragraph, a heading, a list item or a table row; wrapped
//!   lines are re-joined (no space inside Chinese, one space between English words,
//!   hyphenation and PDF spacing artefacts repaired); a printed paragraph number stays at the
//!   start of its paragraph's line ("12. text"), sub-paragraphs ("(a) …") open their own line;
//! - a table row that the PDF layout shows in columns is one line whose cells (each read top
//!   down in its own column) are separated by [`CELL_SEPARATOR`]; no other line holds that
//!   character;
//! - page furniture removed (running header symbol, job numbers, barcodes, page numbers,
//!   per-page link lists); the first page's masthead lines ("United Nations", "S/2025/22",
//!   "Security Council", "Distr.: General", the date, "Original: English") are kept, each on
//!   its own line, at the top;
//! - footnotes kept out of the paragraph flow (in [`Extracted::footnotes`]), superscript
//!   footnote markers removed from PDF text;
//! - nothing lowercased, stemmed or folded; full-width characters stay as they are.
//!
//! Extraction never panics on messy input: best effort plus diagnostics; scanned PDFs without a
//! text layer and unsupported formats are clear errors.
//!
//! Modules: [`sniff`] (format by magic bytes), `furniture` (page-furniture line classifiers),
//! `rejoin` (hard/soft line breaks and glue), `text`, `pdf`, `html` (one path per format),
//! [`language`] (which language the extracted text is in).

pub(crate) mod furniture;
mod html;
pub mod language;
mod pdf;
mod rejoin;
mod sniff;
mod text;

pub use html::looks_like_error_page;
pub use rejoin::{HyphenEvidence, WrapStyle};
pub use sniff::{Format, sniff};

use crate::model::Lang;

/// Separates the cells of a table row in the clean text (a tab). Only the PDF path writes
/// it, and only between the cells of a row it rebuilt column by column; the other paths turn
/// a tab into a space.
pub const CELL_SEPARATOR: char = '\t';

/// The clean text of one document in one language, with what was set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The clean text: one logical block per line (see the module contract).
    pub text: String,
    /// Footnote texts removed from the flow (best effort), in order.
    pub footnotes: Vec<String>,
    /// Number of pages (0 when the source is not paged).
    pub pages: usize,
    /// Human-readable notes about repairs and oddities.
    pub diagnostics: Vec<String>,
}

/// Why a document gave no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// A PDF whose pages are images (a scan): nothing to index until it is OCR'd.
    #[error("no text layer (scanned document): {pages} pages of images, OCR it first")]
    NoTextLayer {
        /// Number of pages in the PDF.
        pages: usize,
    },
    /// A format undex recognizes but does not read (Word, WordPerfect, RTF).
    #[error("unsupported document format {0:?}: convert it to PDF, HTML or plain text first")]
    Unsupported(Format),
    /// Bytes that claim a format but cannot be read as it (a truncated PDF, random bytes).
    #[error("malformed document: {0}")]
    Malformed(String),
    /// A document with no text at all.
    #[error("the document is empty: it holds no text")]
    Empty,
}

/// Extracts the clean text of `bytes` (a PDF, an HTML page or plain text) in language `lang`.
///
/// The format is sniffed from the bytes. Never panics: a panic inside a PDF parser is caught
/// and reported as [`ExtractError::Malformed`].
pub fn extract(bytes: &[u8], lang: Lang) -> Result<Extracted, ExtractError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    match sniff(bytes) {
        Format::Pdf => pdf::extract_pdf(bytes, lang),
        Format::Html => html::extract_html(bytes, lang).map(without_cell_separators),
        Format::Text => text::extract_text(bytes, lang).map(without_cell_separators),
        f @ (Format::Word | Format::WordPerfect | Format::Rtf) => Err(ExtractError::Unsupported(f)),
        Format::Unknown => Err(ExtractError::Malformed(
            "the bytes are not a PDF, an HTML page or text (unknown binary format)".into(),
        )),
    }
}

/// A tab inside a line of an HTML or plain-text source is a space: [`CELL_SEPARATOR`] is kept
/// for the table rows the PDF path rebuilds.
fn without_cell_separators(mut extracted: Extracted) -> Extracted {
    if extracted.text.contains(CELL_SEPARATOR) {
        extracted.text = extracted.text.replace(CELL_SEPARATOR, " ");
    }
    extracted
}

/// Re-joins raw text lines (e.g. text copied out of a PDF, furniture included) into the clean
/// one-block-per-line form, without any layout information. Exposed for callers holding
/// already-extracted text, and used by the line-break accuracy test.
pub fn rejoin_plain_text(raw: &str, lang: Lang) -> Vec<String> {
    let lines: Vec<&str> = raw.split('\n').collect();
    let mut diagnostics = Vec::new();
    let kept = text::drop_furniture(&lines, &mut diagnostics);
    let evidence = HyphenEvidence::from_text(raw);
    rejoin::rejoin_lines(&kept, lang, &evidence)
}

/// For each of the `n - 1` line breaks of `lines`, is it hard (ends a block)? Decided without
/// layout information, as for raw PDF text. Used to measure re-joining accuracy.
pub fn classify_breaks(lines: &[&str], lang: Lang) -> Vec<bool> {
    let width = rejoin::typical_width(lines);
    lines
        .windows(2)
        .map(|w| rejoin::is_hard_break_heuristic(w[0], w[1], width, lang))
        .collect()
}
