//! Splitting text by script, shared by the three analyzers: maximal runs of CJK ideographs,
//! "words" (runs of letters and digits of any other script, with internal apostrophes), and
//! everything else (punctuation, symbols, white space), which is skipped. Also the
//! normalisation of a word's surface into its indexed form (full-width folding, lowercasing,
//! English stemming).

use crate::model::chars::is_han;
use std::borrow::Cow;

/// Words longer than this many bytes (base64 blobs, runs of digits from broken tables) are
/// dropped rather than indexed: no one searches for them and tantivy rejects very long terms.
pub(crate) const MAX_WORD_BYTES: usize = 255;

/// A character that belongs to a word: a letter or digit of any script other than CJK
/// ideographs (which form runs of their own). Full-width Latin letters and digits count.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if is_common_punctuation(c) {
        // Checked first because Chinese text is full of it and the Unicode tables are slow.
        false
    } else {
        c.is_alphanumeric() && !is_han(c)
    }
}

/// General punctuation (’ “ ” — …), CJK symbols and punctuation (。、《》「」, not the letters
/// and numerals of that block such as 々 〇 〡), and
/// the full-width forms of ASCII punctuation (，；：！？（）): none is a letter or digit.
#[inline]
fn is_common_punctuation(c: char) -> bool {
    matches!(c,
        '\u{2000}'..='\u{206F}'
        | '\u{3000}'..='\u{3004}'
        | '\u{3008}'..='\u{3020}'
        | '\u{302A}'..='\u{3030}'
        | '\u{3036}'..='\u{3037}'
        | '\u{303D}'..='\u{303F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
    )
}

/// A digit (of a word character: anything numeric counts, ASCII tested first).
#[inline]
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

/// An apostrophe that may sit inside a word ("Committee's", "Côte d’Ivoire").
#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Clause and sentence punctuation, Chinese and Western. The character analyzer leaves a
/// position gap where one of these was skipped, so a phrase never matches across "。".
#[inline]
pub(crate) fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '．'
            | '｡'
            | '､'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '.'
    )
}

/// What a [`Segment`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SegmentKind {
    /// A maximal run of CJK ideographs.
    Cjk,
    /// A word of letters and/or digits; `has_letter` is false for a pure number.
    Word {
        /// The word contains at least one letter (so it is worth stemming).
        has_letter: bool,
    },
}

/// One run of indexable text, by byte offsets into the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What the run is.
    pub kind: SegmentKind,
    /// Clause punctuation (see [`is_clause_break`]) was skipped just before this segment.
    pub after_break: bool,
}

/// Iterates over the [`Segment`]s of a text, skipping punctuation, symbols and white space.
pub(crate) struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    /// A CJK segment is the whole run (true) or only its first character (false, for a
    /// caller that walks the run by other means and then calls [`Scanner::resume_at`]).
    whole_cjk_runs: bool,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            pos: 0,
            whole_cjk_runs: true,
        }
    }

    /// A scanner whose CJK segments are only the run's first character.
    pub(crate) fn stopping_at_cjk(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            pos: 0,
            whole_cjk_runs: false,
        }
    }

    /// Continues scanning from byte offset `pos` (a character boundary of the text).
    pub(crate) fn resume_at(&mut self, pos: usize) {
        self.pos = pos;
    }
}

impl Iterator for Scanner<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let rest = self.text.get(self.pos..)?;
        let mut chars = rest.char_indices();
        let mut after_break = false;
        // Skip what is not indexed, remembering whether it held clause punctuation.
        let (first_offset, first) = loop {
            let (offset, c) = chars.next()?;
            if is_han(c) || is_word_char(c) {
                break (offset, c);
            }
            after_break |= is_clause_break(c);
        };
        let start = self.pos + first_offset;
        let mut end = start + first.len_utf8();
        let kind = if is_han(first) {
            for (offset, c) in chars.take_while(|_| self.whole_cjk_runs) {
                if !is_han(c) {
                    break;
                }
                end = self.pos + offset + c.len_utf8();
            }
            SegmentKind::Cjk
        } else {
            let mut has_letter = !is_digit(first);
            // An apostrophe is kept only between two letters; `pending` holds one we have
            // seen but not yet confirmed.
            let mut previous_is_letter = has_letter;
            let mut pending_apostrophe = false;
            for (offset, c) in chars {
                if is_word_char(c) {
                    let is_letter = !is_digit(c);
                    if pending_apostrophe && !is_letter {
                        break;
                    }
                    pending_apostrophe = false;
                    has_letter |= is_letter;
                    previous_is_letter = is_letter;
                    end = self.pos + offset + c.len_utf8();
                } else if is_apostrophe(c) && previous_is_letter && !pending_apostrophe {
                    pending_apostrophe = true;
                } else {
                    break;
                }
            }
            SegmentKind::Word { has_letter }
        };
        self.pos = end;
        Some(Segment {
            start,
            end,
            kind,
            after_break,
        })
    }
}

/// Writes the indexed form of a word's surface into `out` (cleared first): full-width Latin
/// letters and digits folded to ASCII, ’ written as ', lowercased.
pub(crate) fn normalize_word(surface: &str, out: &mut String) {
    out.clear();
    if surface.is_ascii() {
        out.push_str(surface);
        out.make_ascii_lowercase();
        return;
    }
    for c in surface.chars() {
        let c = match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{2019}' => '\'',
            _ => c,
        };
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Writes the indexed form of the word `segment` of `text` into `out`: normalised, and stemmed
/// when a stemmer (with its scratch buffer) is given and the word has a letter. Returns false
/// for a word too long to index, which the caller skips. Shared by every token stream.
#[inline]
pub(crate) fn word_token(
    text: &str,
    segment: &Segment,
    stem: Option<(&LightStemmer, &mut String)>,
    out: &mut String,
) -> bool {
    if segment.end - segment.start > MAX_WORD_BYTES {
        return false;
    }
    normalize_word(
        text.get(segment.start..segment.end).unwrap_or_default(),
        out,
    );
    if let (Some((stemmer, scratch)), SegmentKind::Word { has_letter: true }) =
        (stem, &segment.kind)
    {
        stem_in_place(stemmer, out, scratch);
    }
    true
}

/// A CJK run given out one character per token (the character analyzer, and CJK inside English
/// text): where the next character starts and where the run ends.
#[derive(Default)]
pub(crate) struct CjkRun {
    cursor: usize,
    end: usize,
}

impl CjkRun {
    /// Starts giving out the run `start..end` of the stream's text.
    pub(crate) fn start(&mut self, start: usize, end: usize) {
        self.cursor = start;
        self.end = end;
    }

    /// Characters of the run remain (checked before folding the text, which costs a copy).
    #[inline]
    pub(crate) fn pending(&self) -> bool {
        self.cursor < self.end
    }

    /// Writes the run's next character of `text` into `out` and returns its byte span, or
    /// `None` (ending the run) when it is exhausted.
    #[inline]
    pub(crate) fn next_char(&mut self, text: &str, out: &mut String) -> Option<(usize, usize)> {
        let from = self.cursor;
        let Some(c) = text.get(from..self.end).and_then(|s| s.chars().next()) else {
            self.cursor = self.end;
            return None;
        };
        out.clear();
        out.push(c);
        self.cursor = from + c.len_utf8();
        Some((from, self.cursor))
    }
}

/// A stream's text with traditional characters folded to simplified
/// ([`crate::model::fold_traditional`]), computed the first time a CJK run is met so text
/// without Chinese never pays for it. The fold keeps every byte offset, so token spans found
/// on the original text index the folded text too.
#[derive(Default)]
pub(crate) struct LazyFold {
    /// `None`: not computed yet; `Some(None)`: nothing to fold.
    folded: Option<Option<String>>,
}

impl LazyFold {
    /// The folded text of `original` (the same text when nothing folds).
    pub(crate) fn of<'s>(&'s mut self, original: &'s str) -> &'s str {
        self.folded
            .get_or_insert_with(|| match crate::model::fold_traditional(original) {
                Cow::Owned(folded) => Some(folded),
                Cow::Borrowed(_) => None,
            })
            .as_deref()
            .unwrap_or(original)
    }
}

/// The English stemmer of every analyzer: light, plurals and possessives only, so meaning
/// survives ("unit" and "United", "national" and "Nations", "report" and "reporting" stay
/// apart, while "States'"/"State's"/"States" meet "State"). Lucene's `EnglishPossessiveFilter`
/// followed by `EnglishMinimalStemFilter` (the "s-stemmer" of Harman 1991, with one change:
/// "-ees" plurals are stemmed, "committees" → "committee"), reimplemented in a few lines on the already lowercased word (no crate offers it without a Snowball stemmer).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LightStemmer;

/// The stemmer the analyzers use (see [`LightStemmer`]).
pub(crate) fn english_stemmer() -> LightStemmer {
    LightStemmer
}

/// Replaces `word` (already normalised) by its light English stem.
pub(crate) fn stem_in_place(_stemmer: &LightStemmer, word: &mut String, scratch: &mut String) {
    match light_stem(word) {
        Cow::Borrowed(stem) => {
            let len = stem.len();
            word.truncate(len);
        }
        Cow::Owned(stem) => {
            scratch.clear();
            scratch.push_str(&stem);
            std::mem::swap(word, scratch);
        }
    }
}

/// Length of `word` without a possessive "'s".
fn light_stem_len(word: &[u8]) -> usize {
    let mut len = word.len();
    // Possessive: "committee's" → "committee".
    if len > 2 && word[len - 1] == b's' && word[len - 2] == b'\'' {
        len -= 2;
    }
    len
}

/// The light English stem of a lowercased word (possessive, then Lucene's
/// `EnglishMinimalStemmer`): "states" → "state", "countries" → "country", "Nations" stays
/// apart from "national", "business" and "status" are kept.
pub fn light_stem(word: &str) -> Cow<'_, str> {
    let bytes = word.as_bytes();
    let len = light_stem_len(bytes);
    let w = &bytes[..len];
    if len < 3 || w[len - 1] != b's' || !w.is_ascii() {
        return if len == word.len() {
            Cow::Borrowed(word)
        } else {
            Cow::Borrowed(&word[..len])
        };
    }
    match w[len - 2] {
        b'u' | b's' => Cow::Borrowed(&word[..len]),
        b'e' => {
            if len > 3 && w[len - 3] == b'i' && w[len - 4] != b'a' && w[len - 4] != b'e' {
                let mut out = word[..len - 3].to_string();
                out.push('y');
                Cow::Owned(out)
            } else if matches!(w[len - 3], b'i' | b'a' | b'o') {
                // Lucene also keeps "-ees" whole; here "committees" meets "committee"
                // (the commonest plural in UN text), so "-ees" loses its s.
                Cow::Borrowed(&word[..len])
            } else {
                Cow::Borrowed(&word[..len - 1])
            }
        }
        _ => Cow::Borrowed(&word[..len - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_stem_keeps_meaning_table() {
        let table = [
            ("units", "unit"),
            ("unit", "unit"),
            ("united", "united"),
            ("nations", "nation"),
            ("national", "national"),
            ("states", "state"),
            ("state's", "state"),
            ("committee's", "committee"),
            ("countries", "country"),
            ("terrorists", "terrorist"),
            ("terrorism", "terrorism"),
            ("reports", "report"),
            ("reporting", "reporting"),
            ("business", "business"),
            ("status", "status"),
            ("goes", "goes"),
            ("cases", "case"),
            ("series", "sery"), // as Lucene: "series" and "sery" are one term, harmless
            ("is", "is"),
            ("isil", "isil"),
            ("fighters", "fighter"),
            ("committees", "committee"),
            ("employees", "employee"),
        ];
        for (word, want) in table {
            assert_eq!(light_stem(word), want, "{word}");
        }
    }

    fn segments(text: &str) -> Vec<(&str, SegmentKind, bool)> {
        Scanner::new(text)
            .map(|s| (&text[s.start..s.end], s.kind, s.after_break))
            .collect()
    }

    #[test]
    fn splits_mixed_chinese_by_script() {
        use SegmentKind::*;
        assert_eq!(
            segments("伊黎伊斯兰国(ISIL)和 S/2021/278。第2395(2017)号"),
            vec![
                ("伊黎伊斯兰国", Cjk, false),
                ("ISIL", Word { has_letter: true }, false),
                ("和", Cjk, false),
                ("S", Word { has_letter: true }, false),
                ("2021", Word { has_letter: false }, false),
                ("278", Word { has_letter: false }, false),
                ("第", Cjk, true),
                ("2395", Word { has_letter: false }, false),
                ("2017", Word { has_letter: false }, false),
                ("号", Cjk, false),
            ]
        );
    }

    #[test]
    fn keeps_internal_apostrophes_only() {
        let words: Vec<&str> =
            segments("the Committee's and States' work, Côte d’Ivoire 'quoted' 1990's")
                .into_iter()
                .map(|(s, _, _)| s)
                .collect();
        assert_eq!(
            words,
            vec![
                "the",
                "Committee's",
                "and",
                "States",
                "work",
                "Côte",
                "d’Ivoire",
                "quoted",
                "1990",
                "s"
            ]
        );
    }

    #[test]
    fn punctuation_fast_path_agrees_with_unicode_tables() {
        for c in ('\u{2000}'..='\u{206F}')
            .chain('\u{3000}'..='\u{303F}')
            .chain('\u{FF00}'..='\u{FF65}')
        {
            if is_common_punctuation(c) {
                assert!(!c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn normalizes_full_width_and_case() {
        let mut out = String::new();
        for (surface, expected) in [
            ("ISIL", "isil"),
            ("２０１７", "2017"),
            ("ＵＮＯＤＣ", "unodc"),
            ("d’Ivoire", "d'ivoire"),
            ("ÉTATS", "états"),
        ] {
            normalize_word(surface, &mut out);
            assert_eq!(out, expected, "{surface}");
        }
    }
}
