//! One corpus entry through the pipeline: raw bytes → `extract` → `segment` → `cite`, giving a
//! segmented document whose paragraphs carry their citations. Timings per stage are returned so
//! that builds can report throughput.

use crate::cite::Citer;
use crate::corpus::{Corpus, ManifestEntry};
use crate::model::{Citation, Document};
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

/// Runs one entry through extract, segment and cite. An `Err` is a one-sentence reason why the
/// document cannot be indexed (scanned PDF, unsupported format, unreadable file).
pub fn process_entry(
    corpus: &Corpus,
    entry: &ManifestEntry,
    times: &mut StageTimes,
) -> Result<ProcessedDocument, String> {
    let t = Instant::now();
    let bytes = corpus.read_raw(entry).map_err(|e| e.to_string())?;
    times.read += t.elapsed();
    times.raw_bytes += bytes.len() as u64;

    let t = Instant::now();
    let extracted = crate::extract::extract(&bytes, entry.lang).map_err(|e| e.to_string())?;
    times.extract += t.elapsed();
    times.text_bytes += extracted.text.len() as u64;

    let t = Instant::now();
    let document = crate::segment::segment(&extracted.text, &entry.symbol, entry.lang);
    times.segment += t.elapsed();

    let t = Instant::now();
    let mut citer = Citer::new(Some(entry.symbol.clone()));
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
