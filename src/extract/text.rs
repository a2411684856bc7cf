//! Plain-text path: decoding (UTF-8, UTF-16 with a byte-order mark), furniture removal and
//! re-joining of wrapped lines for text that was itself extracted from a PDF (the Chinese
//! seed) or keeps its paragraph layout with blank lines (cr-unsc resolutions).

use super::furniture::{self, Furniture};
use super::rejoin::{self, HyphenEvidence};
use super::{ExtractError, Extracted};
use crate::model::Lang;
use regex::Regex;
use std::sync::LazyLock;

/// How many leading non-empty lines count as the masthead, where a symbol line is kept.
pub(crate) const MASTHEAD_LINES: usize = 8;

/// A footnote line at the end of a cr-unsc resolution: "22 Adopted without vote."
static TRAILING_FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}\s+\S").expect("valid regex"));

/// Decodes text bytes; invalid UTF-8 is replaced (and reported) rather than rejected.
pub fn decode(bytes: &[u8], diagnostics: &mut Vec<String>) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            diagnostics
                .push("text is not valid UTF-8: invalid bytes were replaced by U+FFFD".into());
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

fn decode_utf16(bytes: &[u8], to_unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| to_unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Removes furniture lines, keeping a symbol line only inside the masthead. Blank lines are
/// kept (they carry layout); removed lines vanish without leaving a blank.
pub fn drop_furniture<'a>(lines: &[&'a str], diagnostics: &mut Vec<String>) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(lines.len());
    let mut seen_content = 0usize;
    let mut removed = 0usize;
    for &line in lines {
        if line.trim().is_empty() {
            out.push(line);
            continue;
        }
        match furniture::classify(line) {
            None => {
                seen_content += 1;
                out.push(line);
            }
            Some(Furniture::Symbol) if seen_content < MASTHEAD_LINES => {
                seen_content += 1;
                out.push(line);
            }
            Some(_) => removed += 1,
        }
    }
    if removed > 0 {
        diagnostics.push(format!("removed {removed} page-furniture lines"));
    }
    out
}

/// Extracts clean text from plain-text bytes.
pub fn extract_text(bytes: &[u8], lang: Lang) -> Result<Extracted, ExtractError> {
    let mut diagnostics = Vec::new();
    let decoded = decode(bytes, &mut diagnostics);
    let normalized = decoded
        .replace("\r\n", "\n")
        .replace(['\r', '\u{000C}'], "\n");
    if normalized.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    let lines: Vec<&str> = normalized.split('\n').collect();
    let kept = drop_furniture(&lines, &mut diagnostics);
    let evidence = HyphenEvidence::from_text(&normalized);
    let style = rejoin::detect_wrap_style(&kept);
    diagnostics.push(format!("line breaks read as {style:?}"));
    let mut blocks = rejoin::rejoin_lines(&kept, lang, &evidence);
    let footnotes = split_trailing_footnotes(&mut blocks);
    if blocks.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(Extracted {
        text: blocks.join("\n"),
        footnotes,
        pages: 0,
        diagnostics,
    })
}

/// cr-unsc resolutions end with "Adopted … meeting." followed by numbered notes
/// ("22 Adopted without vote."): move those notes out of the flow.
fn split_trailing_footnotes(blocks: &mut Vec<String>) -> Vec<String> {
    let Some(adopted) = blocks.iter().rposition(|b| b.starts_with("Adopted")) else {
        return Vec::new();
    };
    let tail_is_notes = blocks[adopted + 1..]
        .iter()
        .all(|b| TRAILING_FOOTNOTE.is_match(b));
    if !tail_is_notes || adopted + 1 >= blocks.len() {
        return Vec::new();
    }
    blocks.split_off(adopted + 1)
}
