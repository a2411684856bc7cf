//! Citations of a whole text read as a stream, in time linear in its size: the text is read in
//! windows of [`WINDOW_BYTES`]; the grammar reads the citations that start in a window, and may
//! look [`LOOKAHEAD_BYTES`] past it and [`LOOKBEHIND_BYTES`] before it, so the result is the
//! same as reading the whole text at once. Character offsets are counted once, as the stream
//! goes (recounting from the start for each citation made `undex cite` quadratic).
//!
//! This is what `undex cite` runs, and what the citation evaluations measure.

use super::Citer;
use crate::error::Error;
use crate::model::{Citation, Span, Symbol};
use std::io::Read;

/// Bytes of text read per window. Chosen so that the per-window work (trigger search over the
/// window plus its margins) is small next to the window; 1 MiB keeps memory flat.
const WINDOW_BYTES: usize = 1 << 20;

/// How far past a window the grammar may read to finish a citation that starts inside it
/// (a citation is a few hundred bytes; lists are capped at a few hundred items).
const LOOKAHEAD_BYTES: usize = 64 * 1024;

/// How much text before a window is kept for the grammar's look-behind (the body named before
/// "resolution" / "第", the news-style number group before "号决议").
const LOOKBEHIND_BYTES: usize = 2048;

/// Lines near the top of a text that may carry its own symbol (the masthead).
const MASTHEAD_LINES: usize = 12;

/// A citation with its character offsets in the whole stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamedCitation {
    /// The citation; its `span` holds byte offsets in the whole stream.
    pub citation: Citation,
    /// Character (Unicode scalar) offset of the start.
    pub char_start: usize,
    /// Character offset of the end.
    pub char_end: usize,
}

/// The document's own symbol, when its masthead (a line near the top that is only a symbol,
/// such as `S/2025/22`) says it: the document's own symbol is not a citation.
pub fn masthead_symbol(text: &str) -> Option<Symbol> {
    text.lines()
        .take(MASTHEAD_LINES)
        .map(str::trim)
        .filter(|l| {
            (l.len() <= 40 && l.contains('/') && !l.contains(' ')) || l.starts_with("S/RES/")
        })
        .find_map(|l| Symbol::parse(l).ok())
}

/// Counts characters up to increasing byte offsets of a buffer, once.
#[derive(Debug, Default)]
struct CharCounter {
    byte: usize,
    chars: usize,
}

impl CharCounter {
    /// Characters in `text[..to]`; `to` may go back a little (re-counted from there).
    fn at(&mut self, text: &str, to: usize) -> usize {
        if to >= self.byte {
            self.chars += text[self.byte..to].chars().count();
        } else {
            self.chars -= text[to..self.byte].chars().count();
        }
        self.byte = to;
        self.chars
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Reads `reader` to its end and hands every citation to `emit`, in order. `own` is the
/// document's own symbol (never reported); `None` takes it from the masthead. The text must be
/// UTF-8 (an invalid sequence is an [`Error::BadInput`], reported when reached).
pub fn cite_reader<R: Read>(
    mut reader: R,
    own: Option<Symbol>,
    mut emit: impl FnMut(StreamedCitation) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut buf = String::new();
    let mut pending: Vec<u8> = Vec::new(); // bytes of an incomplete UTF-8 character
    let mut chunk = vec![0u8; WINDOW_BYTES];
    let mut eof = false;
    let mut from = 0usize; // where the next window starts, in `buf`
    let mut base_bytes = 0usize; // stream offset of buf[0]
    let mut base_chars = 0usize;
    let mut counter = CharCounter::default();
    let mut citer: Option<Citer> = None;
    loop {
        // Fill the buffer with a window plus the look-ahead (or to the end of the stream).
        while !eof && buf.len() < from + WINDOW_BYTES + LOOKAHEAD_BYTES {
            let n = reader
                .read(&mut chunk)
                .map_err(|e| Error::BadInput(format!("cannot read the input: {e}")))?;
            if n == 0 {
                eof = true;
                if !pending.is_empty() {
                    return Err(not_utf8(base_bytes + buf.len()));
                }
                break;
            }
            pending.extend_from_slice(&chunk[..n]);
            let valid = match std::str::from_utf8(&pending) {
                Ok(s) => s.len(),
                Err(e) if e.error_len().is_none() => e.valid_up_to(),
                Err(e) => return Err(not_utf8(base_bytes + buf.len() + e.valid_up_to())),
            };
            // The prefix was just checked to be UTF-8.
            buf.push_str(std::str::from_utf8(&pending[..valid]).unwrap_or_default());
            pending.drain(..valid);
        }
        let citer =
            citer.get_or_insert_with(|| Citer::new(own.clone().or_else(|| masthead_symbol(&buf))));
        let limit = if eof {
            buf.len()
        } else {
            floor_char_boundary(&buf, buf.len() - LOOKAHEAD_BYTES)
        };
        let (cites, next) = citer.cite_window(&buf, from, limit);
        for mut c in cites {
            let char_start = base_chars + counter.at(&buf, c.span.start);
            let char_end = base_chars + counter.at(&buf, c.span.end);
            c.span = Span::new(base_bytes + c.span.start, base_bytes + c.span.end);
            emit(StreamedCitation {
                citation: c,
                char_start,
                char_end,
            })?;
        }
        if eof {
            return Ok(());
        }
        // Drop what no later window needs, keeping the look-behind.
        let drop = floor_char_boundary(&buf, next.saturating_sub(LOOKBEHIND_BYTES));
        base_chars += counter.at(&buf, drop);
        counter = CharCounter::default();
        buf.drain(..drop);
        base_bytes += drop;
        from = next - drop;
    }
}

fn not_utf8(at: usize) -> Error {
    Error::BadInput(format!(
        "the input is not UTF-8 text (invalid byte sequence at byte {at}); give a UTF-8 .txt, a PDF or an HTML file"
    ))
}

/// The citations of a whole text, read as [`cite_reader`] reads a stream (spans are byte
/// offsets in `text`). `own` is the document's own symbol; `None` takes it from the masthead.
pub fn cite_text(text: &str, own: Option<&Symbol>) -> Vec<Citation> {
    let mut out = Vec::new();
    // Reading from memory cannot fail and the text is UTF-8: the only errors are impossible.
    let _ = cite_reader(text.as_bytes(), own.cloned(), |c| {
        out.push(c.citation);
        Ok(())
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes per read, to cut characters and citations.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(self.data.len()).min(out.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn windows_give_the_same_citations_as_one_pass() {
        let unit = "根据第 2395(2017)号决议第 17 段开展工作。该决议第 5 段要求。\n\
                    paragraphs 4 and 5 of resolution 2178 (2014); S/2021/278, annex.\n";
        // Long enough for several windows, with citations across every window boundary.
        let text = unit.repeat(3 * WINDOW_BYTES / unit.len() + 7);
        let mut citer = Citer::new(None);
        let one_pass = citer.cite(&text);
        // Character offset of every byte offset, counted once.
        let mut char_at = vec![0usize; text.len() + 1];
        let mut n = 0;
        for (i, b) in text.bytes().enumerate() {
            char_at[i] = n;
            if (b & 0xC0) != 0x80 {
                n += 1;
            }
            char_at[i + 1] = n;
        }
        let mut streamed = Vec::new();
        cite_reader(
            Trickle {
                data: text.as_bytes(),
                step: 4093,
            },
            None,
            |c| {
                assert_eq!(char_at[c.citation.span.start], c.char_start);
                assert_eq!(char_at[c.citation.span.end], c.char_end);
                streamed.push(c.citation);
                Ok(())
            },
        )
        .expect("stream");
        assert_eq!(streamed.len(), one_pass.len());
        assert!(streamed == one_pass);
    }

    #[test]
    fn invalid_utf8_is_bad_input() {
        let err =
            cite_reader(&b"resolution 2178 (2014) \xff\xfe"[..], None, |_| Ok(())).unwrap_err();
        assert!(matches!(err, Error::BadInput(_)), "{err}");
    }

    #[test]
    fn masthead_symbol_is_not_cited() {
        let text = "S/2022/529\n\nsee S/2022/529 and S/2021/278";
        let got: Vec<String> = cite_text(text, None)
            .iter()
            .map(|c| c.symbol.to_string())
            .collect();
        assert_eq!(got, ["S/2021/278"]);
    }
}
