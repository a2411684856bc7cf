//! The Chinese character analyzer ([`super::ZH_CHARS`]): every CJK ideograph is a token of its
//! own, so a phrase query over characters is an exact substring match whatever jieba did (鉴别技术
//! inside 生物鉴别技术). Latin and digit runs are one lowercased token each (not stemmed: this
//! field is for exact matching). Punctuation and white space are skipped; clause punctuation
//! (。，、；：！？ and , ; : ! ? .) leaves a gap of one position, so a phrase never matches across
//! a sentence or clause boundary ("各国。法律" does not contain the phrase 国法). White space
//! and other symbols leave no gap. A query analysed by this analyzer gets the same gaps, so a
//! phrase query built from the analyzer's positions (`PhraseQuery::new_with_offset`) still
//! matches text that contains the same punctuation.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::script::{self, LazyFold, Scanner, SegmentKind};

/// Tokenizer for Chinese text by single characters. See the module note.
#[derive(Clone, Default)]
pub struct ChineseCharTokenizer;

impl Tokenizer for ChineseCharTokenizer {
    type TokenStream<'a> = ChineseCharStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ChineseCharStream<'a> {
        ChineseCharStream {
            text,
            scanner: Scanner::new(text),
            cjk: script::CjkRun::default(),
            gap_before_next: false,
            fold: LazyFold::default(),
            token: Token::default(),
        }
    }
}

/// The token stream of [`ChineseCharTokenizer`].
pub struct ChineseCharStream<'a> {
    text: &'a str,
    scanner: Scanner<'a>,
    /// The CJK run being given out character by character.
    cjk: script::CjkRun,
    /// Clause punctuation was skipped before the next token.
    gap_before_next: bool,
    /// Traditional characters are indexed as simplified ones.
    fold: LazyFold,
    token: Token,
}

impl ChineseCharStream<'_> {
    fn set_span(&mut self, from: usize, to: usize) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        // The first token is at position 0 whatever precedes it.
        let step = if self.gap_before_next && self.token.position != usize::MAX {
            2
        } else {
            1
        };
        self.gap_before_next = false;
        self.token.position = self.token.position.wrapping_add(step);
        self.token.position_length = 1;
    }
}

impl TokenStream for ChineseCharStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.cjk.pending()
                && let Some((from, to)) = self
                    .cjk
                    .next_char(self.fold.of(self.text), &mut self.token.text)
            {
                self.set_span(from, to);
                return true;
            }
            let Some(segment) = self.scanner.next() else {
                return false;
            };
            self.gap_before_next |= segment.after_break;
            match segment.kind {
                SegmentKind::Cjk => {
                    self.cjk.start(segment.start, segment.end);
                }
                SegmentKind::Word { .. } => {
                    if !script::word_token(self.text, &segment, None, &mut self.token.text) {
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
