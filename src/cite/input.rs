//! `cite` as a library call: the citations of a whole input (UTF-8 text, a PDF or an HTML
//! file, told apart by their first bytes) as the contract's `cite` objects ([`FoundCitation`],
//! character offsets). Text is streamed ([`cite_reader`]: linear time, flat memory, each
//! citation handed over as it is found); a PDF or HTML file is extracted first.
//!
//! This is what `undex cite`, `POST /cite` and [`crate::Engine::cite`] run. It needs no index:
//! call [`cite_input`] or [`cite_bytes`] without opening an [`crate::Engine`].

use super::stream::{StreamedCitation, cite_reader};
use crate::error::Error;
use crate::model::Lang;
use serde::{Deserialize, Serialize};
use std::io::Read;

/// One citation as the `cite` JSON shows it (CONTRACT.md): character offsets into the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundCitation {
    /// The cited document's canonical symbol.
    pub symbol: String,
    /// The cited paragraphs (empty: the whole document or part).
    pub paragraphs: Vec<String>,
    /// The cited part (`annex-1`), if any.
    pub part: Option<String>,
    /// The text of the mention as written.
    pub raw: String,
    /// Character offset of the start of the mention.
    pub start: usize,
    /// Character offset of the end of the mention.
    pub end: usize,
    /// For an anaphor ("该决议第 5 段", "paragraph 3 of that resolution"): the text of the
    /// earlier mention it was resolved to; `None` otherwise.
    pub antecedent: Option<String>,
}

impl From<StreamedCitation> for FoundCitation {
    fn from(s: StreamedCitation) -> FoundCitation {
        let c = s.citation;
        FoundCitation {
            symbol: c.symbol.to_string(),
            paragraphs: c.paragraphs,
            part: c.part,
            raw: c.raw,
            start: s.char_start,
            end: s.char_end,
            antecedent: c.antecedent,
        }
    }
}

/// Bytes read first to tell a PDF or HTML file from text.
const SNIFF_BYTES: usize = 64 * 1024;

/// Reads `input` to its end and hands every citation to `emit`, in order of appearance. Text
/// is streamed; a PDF or HTML file is read whole and extracted first. The document's own
/// symbol (its masthead) is never reported. Errors: [`Error::BadInput`] for unreadable input
/// (not UTF-8 text, a broken PDF); an error returned by `emit` stops the reading and is
/// returned.
pub fn cite_input<R: Read>(
    mut input: R,
    mut emit: impl FnMut(FoundCitation) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut input)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::BadInput(format!("cannot read the input: {e}")))?;
    // Sniff on whole characters: the head may end inside one.
    let whole = match std::str::from_utf8(&head) {
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        _ => head.len(),
    };
    let emit = |c: StreamedCitation| emit(FoundCitation::from(c));
    match crate::extract::sniff(&head[..whole]) {
        crate::extract::Format::Text => {
            cite_reader(std::io::Cursor::new(head).chain(input), None, emit)
        }
        _ => {
            let mut bytes = head;
            input
                .read_to_end(&mut bytes)
                .map_err(|e| Error::BadInput(format!("cannot read the input: {e}")))?;
            // Extraction is language-neutral except for line re-joining hints.
            let text = crate::extract::extract(&bytes, Lang::En)
                .map_err(|e| Error::BadInput(format!("cannot read the document: {e}")))?
                .text;
            cite_reader(text.as_bytes(), None, emit)
        }
    }
}

/// The citations of `bytes` (UTF-8 text, a PDF or an HTML file), collected: [`cite_input`]
/// over a buffer.
pub fn cite_bytes(bytes: &[u8]) -> Result<Vec<FoundCitation>, Error> {
    let mut out = Vec::new();
    cite_input(bytes, |c| {
        out.push(c);
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_gives_the_contract_example() {
        let text = "执行局继续根据第 2395(2017)号决议第 17 段开展工作";
        let got = cite_bytes(text.as_bytes()).expect("text");
        assert_eq!(
            got,
            [FoundCitation {
                symbol: "S/RES/2395(2017)".into(),
                paragraphs: vec!["17".into()],
                part: None,
                raw: "第 2395(2017)号决议第 17 段".into(),
                start: 7,
                end: 28,
                antecedent: None,
            }]
        );
    }

    #[test]
    fn html_is_extracted_first() {
        let html =
            "<!DOCTYPE html><html><body><p>Recalling resolution 2178 (2014),</p></body></html>";
        let got = cite_bytes(html.as_bytes()).expect("html");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].symbol, "S/RES/2178(2014)");
        assert_eq!(got[0].raw, "resolution 2178 (2014)");
    }

    #[test]
    fn unreadable_input_is_bad_input() {
        let err = cite_bytes(b"resolution 2178 (2014) \xff\xfe").unwrap_err();
        assert!(matches!(err, Error::BadInput(_)), "{err}");
        let err = cite_bytes(b"%PDF-1.7\n this is not a PDF").unwrap_err();
        assert!(matches!(err, Error::BadInput(_)), "{err}");
    }

    #[test]
    fn an_error_from_emit_stops_the_reading() {
        let mut seen = 0;
        let err = cite_input(
            &b"resolution 2178 (2014) and resolution 2396 (2017)"[..],
            |_| {
                seen += 1;
                Err(Error::Internal("stop".into()))
            },
        )
        .unwrap_err();
        assert!(matches!(err, Error::Internal(_)));
        assert_eq!(seen, 1);
    }
}
