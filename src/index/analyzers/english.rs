//! The English analyzer ([`super::EN`]): words of letters and digits (internal apostrophes
//! kept, so "Committee's" stems to "committee"; hyphens split, so "counter-terrorism" gives
//! "counter", "terrorism"), lowercased and lightly stemmed (plurals and possessives only:
//! `script::LightStemmer`), numbers kept as tokens, CJK ideographs inside English
//! text as single-character tokens. Positions are consecutive; punctuation is skipped.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::script::{self, LazyFold, Scanner, SegmentKind};

/// Tokenizer for English text. See the module note.
#[derive(Clone)]
pub struct EnglishTokenizer {
    stemmer: script::LightStemmer,
}

impl Default for EnglishTokenizer {
    fn default() -> Self {
        EnglishTokenizer {
            stemmer: script::english_stemmer(),
        }
    }
}

impl Tokenizer for EnglishTokenizer {
    type TokenStream<'a> = EnglishStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> EnglishStream<'a> {
        EnglishStream {
            text,
            scanner: Scanner::new(text),
            cjk: script::CjkRun::default(),
            stemmer: self.stemmer,
            scratch: String::new(),
            fold: LazyFold::default(),
            token: Token::default(),
        }
    }
}

/// The token stream of [`EnglishTokenizer`].
pub struct EnglishStream<'a> {
    text: &'a str,
    scanner: Scanner<'a>,
    /// The CJK run being given out character by character.
    cjk: script::CjkRun,
    stemmer: script::LightStemmer,
    scratch: String,
    /// CJK characters are indexed folded to simplified, as in the Chinese analyzers.
    fold: LazyFold,
    token: Token,
}

impl EnglishStream<'_> {
    fn set_span(&mut self, from: usize, to: usize) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.position_length = 1;
    }
}

impl TokenStream for EnglishStream<'_> {
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
            match segment.kind {
                SegmentKind::Cjk => {
                    self.cjk.start(segment.start, segment.end);
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
