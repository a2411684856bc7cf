//! The Chinese word analyzer ([`super::ZH_WORDS`]): jieba words for runs of CJK ideographs,
//! lowercased English-stemmed words for Latin (and other alphabetic) runs, numbers as tokens,
//! punctuation dropped, positions consecutive, byte offsets exact. Traditional characters are
//! folded to simplified before jieba cuts (`model::fold_traditional`, char-for-char, so the
//! offsets still point into the original text).
//!
//! How it stays close to bare jieba speed: jieba is run ONCE over the whole text (its
//! `cut` already returns byte offsets, and it tiles the text). Our script scanner walks the
//! text outside CJK runs; inside one, jieba's words are emitted directly, each clipped to the
//! ideographs it starts with (jieba glues ASCII letters to ideographs in some contexts, e.g.
//! "A股"; the clip keeps script splitting ours), without decoding them again. Token text is written into the token's reused
//! `String`, so the stream allocates nothing per token beyond jieba's own result vector.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::script::{self, LazyFold, Scanner, SegmentKind};

/// Whether jieba's HMM joins runs of characters the dictionary leaves single (new words and
/// transliterated names). See the analyzers module note for the measurement behind the
/// choice. Changing it changes the index's terms: rebuild the index.
pub const JIEBA_HMM: bool = true;

/// Tokenizer for Chinese (and mixed) text by words. See the module note.
#[derive(Clone)]
pub struct ChineseWordTokenizer {
    stemmer: script::LightStemmer,
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
            scanner: Scanner::stopping_at_cjk(text),
            words: Vec::new(),
            words_cut: false,
            fold: LazyFold::default(),
            word_index: 0,
            cjk_cursor: 0,
            in_cjk_run: false,
            stemmer: self.stemmer,
            scratch: String::new(),
            // Room for any jieba word and most Latin words: no regrowth per stream.
            token: Token {
                text: String::with_capacity(32),
                ..Token::default()
            },
        }
    }
}

/// The token stream of [`ChineseWordTokenizer`].
pub struct ChineseWordStream<'a> {
    text: &'a str,
    scanner: Scanner<'a>,
    /// jieba's words for the whole text, cut when the first CJK run is met (so text with no
    /// Chinese never loads the dictionary).
    /// Stored as each word's end byte offset (the words tile the text).
    words: Vec<usize>,
    words_cut: bool,
    /// Traditional characters are cut and indexed as simplified ones: jieba runs on the
    /// folded text (its dictionary is simplified), tokens are its words, offsets the same.
    fold: LazyFold,
    /// First word of `words` that may still overlap the current CJK run.
    word_index: usize,
    /// Inside a CJK run (`in_cjk_run`): the byte offset of the next word to emit.
    cjk_cursor: usize,
    in_cjk_run: bool,
    stemmer: script::LightStemmer,
    scratch: String,
    token: Token,
}

impl ChineseWordStream<'_> {
    /// Inside a CJK run: emits the next jieba word (clipped to where the ideographs stop) and
    /// returns true, or, at the end of the run, hands the text back to the scanner and
    /// returns false.
    fn emit_cjk_word(&mut self) -> bool {
        let cursor = self.cjk_cursor;
        while self
            .words
            .get(self.word_index)
            .is_some_and(|&word_end| word_end <= cursor)
        {
            self.word_index += 1;
        }
        // jieba's words tile the text on character boundaries; should that ever not hold,
        // take the rest of the text (clipped to the ideographs below) rather than loop.
        let word_end = match self.words.get(self.word_index) {
            Some(&word_end) if self.text.is_char_boundary(word_end) => word_end,
            _ => self.text.len(),
        };
        let piece = self.text.get(cursor..word_end).unwrap_or_default();
        // Fast path: a word with no ASCII byte that starts with an ideograph is all
        // ideographs (jieba only joins ideographs and ASCII alphanumerics into one word), so
        // its characters need not be decoded one by one.
        let cjk_len = if piece.bytes().all(|b| b >= 0x80)
            && piece
                .chars()
                .next()
                .is_some_and(crate::model::chars::is_han)
        {
            piece.len()
        } else {
            piece
                .char_indices()
                .find(|&(_, c)| !crate::model::chars::is_han(c))
                .map_or(piece.len(), |(offset, _)| offset)
        };
        if cjk_len == 0 {
            self.in_cjk_run = false;
            self.scanner.resume_at(cursor);
            return false;
        }
        let end = cursor + cjk_len;
        let source = self.fold.of(self.text);
        self.token.text.clear();
        self.token
            .text
            .push_str(source.get(cursor..end).unwrap_or_default());
        self.set_span(cursor, end);
        self.cjk_cursor = end;
        true
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
            if self.in_cjk_run && self.emit_cjk_word() {
                return true;
            }
            let Some(segment) = self.scanner.next() else {
                return false;
            };
            match segment.kind {
                SegmentKind::Cjk => {
                    if !self.words_cut {
                        let source = self.fold.of(self.text);
                        self.words = super::jieba()
                            .cut(source, JIEBA_HMM)
                            .into_iter()
                            .map(|word| word.byte_end)
                            .collect();
                        self.words_cut = true;
                    }
                    self.cjk_cursor = segment.start;
                    self.in_cjk_run = true;
                }
                SegmentKind::Word { .. } => {
                    let stem = Some((&self.stemmer, &mut self.scratch));
                    if !script::word_token(self.text, &segment, stem, &mut self.token.text) {
                        continue;
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
