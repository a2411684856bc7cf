//! The word-pair analyzers: every two neighbouring tokens of another analyzer as one term,
//! `"security council"` of [`super::EN`] ([`super::EN_PAIRS`]), `"安 全"` of [`super::ZH_CHARS`]
//! ([`super::ZH_CHAR_PAIRS`]), at the first token's position, spanning both. Neighbouring means
//! consecutive positions: the character analyzer's gap after clause punctuation leaves no pair
//! across it, as a phrase does not match across it. A two-token phrase is then one posting list
//! (its term frequency is the phrase's count, as position checks would find it), and a longer
//! one is looked for only where all its pairs are (Elasticsearch's `index_phrases`, Lucene's
//! `ShingleFilter` of size 2); see `query::pair_phrase`.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Separates the two tokens of a pair term (no token of the English or the character analyzer
/// holds a space).
pub const PAIR_SEPARATOR: char = ' ';

/// The pair term of two analysed tokens.
pub fn pair_term(first: &str, second: &str) -> String {
    let mut out = String::with_capacity(first.len() + second.len() + 1);
    out.push_str(first);
    out.push(PAIR_SEPARATOR);
    out.push_str(second);
    out
}

/// The pairs of neighbouring tokens of the tokenizer `T`. See the module note.
#[derive(Clone, Default)]
pub struct PairTokenizer<T> {
    tokens: T,
}

impl<T: Tokenizer> Tokenizer for PairTokenizer<T> {
    type TokenStream<'a> = PairStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream<T::TokenStream<'a>> {
        PairStream {
            tokens: self.tokens.token_stream(text),
            previous: None,
            token: Token::default(),
        }
    }
}

/// The token stream of a [`PairTokenizer`].
pub struct PairStream<S> {
    tokens: S,
    /// The token before the current one: its text, start offset and position.
    previous: Option<(String, usize, usize)>,
    token: Token,
}

impl<S: TokenStream> TokenStream for PairStream<S> {
    fn advance(&mut self) -> bool {
        while self.tokens.advance() {
            let token = self.tokens.token();
            let (mut text, paired) = match self.previous.take() {
                Some((first, from, position)) => {
                    let paired = token.position == position.wrapping_add(1);
                    if paired {
                        self.token.text.clear();
                        self.token.text.push_str(&first);
                        self.token.text.push(PAIR_SEPARATOR);
                        self.token.text.push_str(&token.text);
                        self.token.offset_from = from;
                        self.token.offset_to = token.offset_to;
                        self.token.position = position;
                        self.token.position_length = 2;
                    }
                    (first, paired)
                }
                None => (String::new(), false),
            };
            // This token becomes the first of the next pair (the earlier buffer reused).
            text.clear();
            text.push_str(&token.text);
            self.previous = Some((text, token.offset_from, token.position));
            if paired {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::super::Analyzer;

    /// Real phrases of Security Council texts and their pairs, with the English analyzer's
    /// folding (lowercase, light stemming, hyphens split).
    #[test]
    fn pairs_of_real_phrases() {
        let table: &[(&str, &[&str])] = &[
            ("Security Council", &["security council"]),
            (
                "the Counter-Terrorism Committee's report",
                &[
                    "the counter",
                    "counter terrorism",
                    "terrorism committee",
                    "committee report",
                ],
            ),
            ("resolution 2396 (2017)", &["resolution 2396", "2396 2017"]),
            ("Member States", &["member state"]),
            ("ISIL", &[]),
            ("", &[]),
        ];
        for (text, want) in table {
            let got: Vec<String> = Analyzer::EnglishPairs
                .analyze(text)
                .into_iter()
                .map(|t| t.text)
                .collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    /// Chinese characters pair within a clause, not across clause punctuation; Latin runs are
    /// tokens of the character analyzer too.
    #[test]
    fn character_pairs_stop_at_clause_punctuation() {
        let table: &[(&str, &[&str])] = &[
            ("安全理事会", &["安 全", "全 理", "理 事", "事 会"]),
            ("各国。法律", &["各 国", "法 律"]),
            (
                "打击ISIL的行动",
                &["打 击", "击 isil", "isil 的", "的 行", "行 动"],
            ),
            ("國際", &["国 际"]),
            ("人", &[]),
        ];
        for (text, want) in table {
            let got: Vec<String> = Analyzer::ChineseCharPairs
                .analyze(text)
                .into_iter()
                .map(|t| t.text)
                .collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn a_pair_spans_both_words_at_the_first_position() {
        let text = "urges Member States to";
        let pairs = Analyzer::EnglishPairs.analyze(text);
        let words = Analyzer::English.analyze(text);
        assert_eq!(pairs.len(), words.len() - 1);
        for (pair, w) in pairs.iter().zip(words.windows(2)) {
            assert_eq!(pair.position, w[0].position);
            assert_eq!(&text[pair.from..pair.to], &text[w[0].from..w[1].to]);
            assert_eq!(pair.text, super::pair_term(&w[0].text, &w[1].text));
        }
    }
}
