//! The one assembly of the pipeline's text stages: raw bytes → `extract` → `segment` →
//! `cite`, giving a segmented document whose paragraphs carry their citations. The index builds
//! from it ([`process_entry`]), `undex cite` and [`crate::Engine`] cite with it ([`process`]),
//! and the crawler follows citations with [`cited_in_document`] (passed to it, so that `crawl`
//! itself needs neither `extract` nor `cite`). Timings per stage are returned so that builds
//! can report throughput. Text that is not a document (the UN document system's "does not
//! exist" page, saved as a PDF or HTML) or not in the language it is labelled with is refused
//! with a reason, never indexed.

use crate::cite::Citer;
use crate::corpus::{Corpus, ManifestEntry};
use crate::model::{Citation, Document, Lang, Symbol};
use std::time::{Duration, Instant};

/// A document ready to be written to the index.
#[derive(Debug, Clone)]
pub struct ProcessedDocument {
    /// The segmented document.
    pub document: Document,
    /// Citations of each paragraph (same order as `document.paragraphs`).
    pub citations: Vec<Vec<Citation>>,
}

/// Time and volume spent in each stage for one or many documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimes {
    /// Raw bytes read.
    pub raw_bytes: u64,
    /// Bytes of clean text produced by extraction.
    pub text_bytes: u64,
    /// Reading the raw file.
    pub read: Duration,
    /// Extraction.
    pub extract: Duration,
    /// Segmentation.
    pub segment: Duration,
    /// Citation finding.
    pub cite: Duration,
}

impl StageTimes {
    /// Adds another set of times.
    pub fn add(&mut self, o: &StageTimes) {
        self.raw_bytes += o.raw_bytes;
        self.text_bytes += o.text_bytes;
        self.read += o.read;
        self.extract += o.extract;
        self.segment += o.segment;
        self.cite += o.cite;
    }
}

/// Runs one corpus entry through the pipeline ([`process`]), reading its file first. An `Err`
/// is a one-sentence reason why the document cannot be indexed (scanned PDF, unsupported
/// format, unreadable file).
pub fn process_entry(
    corpus: &Corpus,
    entry: &ManifestEntry,
    times: &mut StageTimes,
) -> Result<ProcessedDocument, String> {
    let t = Instant::now();
    let bytes = corpus.read_raw(entry).map_err(|e| e.to_string())?;
    times.read += t.elapsed();
    times.raw_bytes += bytes.len() as u64;
    process(&bytes, &entry.symbol, entry.lang, times)
}

/// Runs the bytes of the document `symbol` in `lang` (PDF, HTML or text) through extract,
/// segment and cite, adding the time of each stage to `times`. An `Err` is a one-sentence
/// reason why the bytes are not a document undex can read.
pub fn process(
    bytes: &[u8],
    symbol: &Symbol,
    lang: Lang,
    times: &mut StageTimes,
) -> Result<ProcessedDocument, String> {
    let t = Instant::now();
    let extracted = crate::extract::extract(bytes, lang).map_err(|e| e.to_string())?;
    times.extract += t.elapsed();
    times.text_bytes += extracted.text.len() as u64;
    if let Some(reason) = refusal_reason(&extracted.text, lang) {
        return Err(reason);
    }

    let t = Instant::now();
    let document = crate::segment::segment(&extracted.text, symbol, lang);
    times.segment += t.elapsed();

    let t = Instant::now();
    let mut citer = Citer::new(Some(symbol.clone()));
    let citations = document
        .paragraphs
        .iter()
        .map(|p| citer.cite(&p.text))
        .collect();
    times.cite += t.elapsed();
    Ok(ProcessedDocument {
        document,
        citations,
    })
}

/// The documents that the document `own` (bytes of a PDF, HTML page or text in `lang`) cites in
/// its text, other than itself: the crawler's citation follower (see `crawl::crawl`).
/// Bytes that are not a readable document cite nothing.
pub fn cited_in_document(bytes: &[u8], lang: Lang, own: &Symbol) -> Vec<Symbol> {
    let mut times = StageTimes::default();
    let Ok(document) = process(bytes, own, lang, &mut times) else {
        return Vec::new();
    };
    let mut cited: Vec<Symbol> = document
        .citations
        .into_iter()
        .flatten()
        .map(|c| c.symbol)
        .filter(|s| s != own)
        .collect();
    cited.sort();
    cited.dedup();
    cited
}

/// Phrases of the pages the UN document system serves instead of a document (lower case).
const NOT_A_DOCUMENT_PHRASES: [&str; 5] = [
    "the document you are looking for does not exist",
    "document not found",
    "page not found",
    "404 not found",
    "is not available in the official document system",
];

/// Such pages are short; a real document quoting the phrase is longer than this (characters).
const MAX_ERROR_PAGE_CHARS: usize = 3000;

/// Why extracted text must not be indexed under `lang`, if it must not: it is the document
/// system's error page, or it is identified as another language than `lang`
/// ([`crate::extract::language`]).
pub fn refusal_reason(text: &str, lang: crate::model::Lang) -> Option<String> {
    let head: String = text.chars().take(MAX_ERROR_PAGE_CHARS + 1).collect();
    if head.chars().count() <= MAX_ERROR_PAGE_CHARS {
        let lower = head.to_lowercase();
        let trimmed = lower.trim();
        if NOT_A_DOCUMENT_PHRASES.iter().any(|p| lower.contains(p)) || trimmed == "not found" {
            return Some(
                "not a document: the file is the UN document system's \"document does not exist\" page"
                    .to_string(),
            );
        }
    }
    crate::extract::language::mislabel_reason(text, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn refusals_table() {
        let ods = "The document you are looking for does not exist in the Official Document System (ODS). Please\ncontact the ODS support";
        assert!(
            refusal_reason(ods, Lang::En)
                .unwrap()
                .starts_with("not a document")
        );
        assert!(refusal_reason("Not Found", Lang::En).is_some());
        let russian =
            "Комитет рассматривал шестой периодический доклад Центральноафриканской Республики";
        assert!(
            refusal_reason(russian, Lang::En)
                .unwrap()
                .contains("Russian")
        );
        assert_eq!(
            refusal_reason("The Security Council, Recalling its resolutions,", Lang::En),
            None
        );
        assert_eq!(
            refusal_reason(
                "安全理事会，回顾其以往各项决议 (S/RES/2395(2017))",
                Lang::Zh
            ),
            None
        );
        assert!(refusal_reason("The Security Council, Recalling", Lang::Zh).is_some());
    }
}
