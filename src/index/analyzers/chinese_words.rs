//! The Chinese word analyzer ([`super::ZH_WORDS`]): jieba words for runs of CJK ideographs,
//! lowercased English-stemmed words for Latin (and other alphabetic) runs, numbers as tokens,
//! punctuation dropped, positions consecutive, byte offsets exact.
//!
//! How it stays close to bare jieba speed: jieba is run ONCE over the whole text (its
//! `cut` already returns byte offsets, and it tiles the text), and our own script scanner
//! walks the text alongside; for each CJK run the jieba words inside it are emitted,
//! clipped to the run (jieba glues ASCII letters to ideographs in some contexts, e.g. "A股";
//! the clip keeps script splitting ours). Token text is written into the token's reused
//! `String`, so the stream allocates nothing per token beyond jieba's own result vector.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::script::{self, Scanner, SegmentKind};

/// Whether jieba's HMM joins runs of characters the dictionary leaves single (new words and
/// transliterated names such as 伊黎伊斯兰国 parts). See the analyzers module note for the
/// measurement behind the choice.
pub const JIEBA_HMM: bool = true;

/// Tokenizer for Chinese (and mixed) text by words. See the module note.
#[derive(Clone)]
pub struct ChineseWordTokenizer {
    stemmer: frostem::Stemmer,
}

impl Default for ChineseWordTokenizer {
    fn default() -> Self {
        ChineseWordTokenizer {
            stemmer: script::english_stemmer(),
        }
    }
}

impl Tokenizer for ChineseWordTokenizer {
    type TokenStream<'a> = ChineseWordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ChineseWordStream<'a> {
        ChineseWordStream {
            text,
            scanner: Scanner::new(text),
            words: Vec::new(),
            words_cut: false,
            word_index: 0,
            cjk_cursor: 0,
            cjk_end: 0,
            stemmer: self.stemmer,
            scratch: String::new(),
            token: Token::default(),
        }
    }
}

/// The token stream of [`ChineseWordTokenizer`].
pub struct ChineseWordStream<'a> {
    text: &'a str,
    scanner: Scanner<'a>,
    /// jieba's words for the whole text, cut when the first CJK run is met (so text with no
    /// Chinese never loads the dictionary).
    words: Vec<jieba_rs::Token<'a>>,
    words_cut: bool,
    /// First word of `words` that may still overlap the current CJK run.
    word_index: usize,
    /// Inside a CJK run: the byte offset of the next word to emit, and the run's end.
    cjk_cursor: usize,
    cjk_end: usize,
    stemmer: frostem::Stemmer,
    scratch: String,
    token: Token,
}

impl ChineseWordStream<'_> {
    /// Emits the next jieba word of the current CJK run, clipped to the run.
    fn emit_cjk_word(&mut self) {
        let cursor = self.cjk_cursor;
        while self
            .words
            .get(self.word_index)
            .is_some_and(|word| word.byte_end <= cursor)
        {
            self.word_index += 1;
        }
        let word_end = match self.words.get(self.word_index) {
            Some(word) => word.byte_end.min(self.cjk_end),
            None => self.cjk_end,
        };
        // jieba's words tile the text on character boundaries; should that ever not hold,
        // fall back to the rest of the run rather than loop or slice inside a character.
        let end = if word_end > cursor && self.text.is_char_boundary(word_end) {
            word_end
        } else {
            self.cjk_end
        };
        let surface = self.text.get(cursor..end).unwrap_or_default();
        self.token.text.clear();
        self.token.text.push_str(surface);
        self.set_span(cursor, end);
        self.cjk_cursor = end;
    }

    fn set_span(&mut self, from: usize, to: usize) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.position_length = 1;
    }
}

impl TokenStream for ChineseWordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.cjk_cursor < self.cjk_end {
                self.emit_cjk_word();
                return true;
            }
            let Some(segment) = self.scanner.next() else {
                return false;
            };
            match segment.kind {
                SegmentKind::Cjk => {
                    if !self.words_cut {
                        self.words = super::jieba().cut(self.text, JIEBA_HMM);
                        self.words_cut = true;
                    }
                    self.cjk_cursor = segment.start;
                    self.cjk_end = segment.end;
                }
                SegmentKind::Word { has_letter } => {
                    if segment.end - segment.start > script::MAX_WORD_BYTES {
                        continue;
                    }
                    let surface = self
                        .text
                        .get(segment.start..segment.end)
                        .unwrap_or_default();
                    script::normalize_word(surface, &mut self.token.text);
                    if has_letter {
                        script::stem_in_place(
                            &self.stemmer,
                            &mut self.token.text,
                            &mut self.scratch,
                        );
                    }
                    self.set_span(segment.start, segment.end);
                    return true;
                }
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
