//! The text analyzers shared by the index and the query layer: Chinese by jieba words
//! ([`ZH_WORDS`], for ranking), Chinese by single characters ([`ZH_CHARS`], so phrase queries
//! are exact substring matches whatever jieba did), English stemmed ([`EN`]), and the pairs of
//! neighbouring English words and Chinese characters ([`EN_PAIRS`], [`ZH_CHAR_PAIRS`]: two
//! tokens as one term, for phrase queries).
//!
//! All of them split text by script first (see `script`): CJK ideograph runs, words of
//! letters/digits (full-width folded, lowercased), and skipped punctuation/white space.
//! Offsets are byte offsets into the analysed text (`&text[from..to]` is the token's surface);
//! positions start at 0 and rise by 1 per token (the character analyzer adds one more after
//! clause punctuation, see `chinese_chars`).
//!
//! jieba's dictionary is loaded once per process, into a shared [`jieba()`] instance, the first
//! time Chinese text is analysed by words: English-only work never pays for it.
//!
//! Design choices and measurements (`cargo bench --bench analyze`, release, on a shared
//! 2-core machine under load 7–15, baseline and analyzer timed alternately, medians):
//! - Word analyzer vs bare `jieba.cut(text, true)` consuming its words: 0.80–0.84 on the whole
//!   S/2022/529 document analysed as one text (≈ 21 vs 26 MB/s in the quietest runs), 0.74–0.85
//!   on the 4000 UNPC test sentences analysed one by one (≈ 16 vs 21 MB/s). The remaining cost
//!   is the script scan outside CJK runs and the per-token copy into tantivy's `Token`.
//! - English analyzer vs tantivy's `en_stem` (SimpleTokenizer + LowerCaser + Stemmer):
//!   0.91–0.97 with Snowball; English is now stemmed lightly (plurals and possessives, see
//!   `script::LightStemmer`), which is cheaper than Snowball.
//! - `Jieba::new()` (dictionary load): 160–240 ms for the first call in a process in the
//!   quieter runs (it also decompresses the embedded dictionary), up to 0.9 s under heavy
//!   load; criterion 114–130 ms for later calls. Hence the lazy shared instance.
//! - `cut` with HMM, not `cut_for_search`: search mode adds overlapping sub-words of long
//!   words, which would need positions shared with the whole word and make phrase queries on
//!   the word field ambiguous; the sub-word recall it buys is given exactly by the character
//!   field. HMM on vs off: same speed within noise; query/document stability (a two-word query
//!   cut alone gives the same tokens as the document at that place) 99.73% with HMM vs 100%
//!   without on 70 009 UNPC word pairs — but the test set was segmented by jieba without HMM,
//!   so that comparison favours "off". HMM (jieba's default) is kept: it joins runs the
//!   dictionary leaves as single characters (new words, transliterated names) into terms
//!   that rank, and exact matching does not depend on it (character field). Flip
//!   [`JIEBA_HMM`] to change it (the index must then be rebuilt).
//! - Latin words inside Chinese text are stemmed like English, so "ISIL" in Chinese text
//!   matches the query "isil" and "Committees" matches "committee".
//! - English stemming is light (plurals and possessives, Lucene's `EnglishMinimalStemFilter`):
//!   Snowball merged "unit" with "United" (7,790 paragraphs for `unit` against Lucene's 91)
//!   and "national" with "Nations"; see README "Ranking" for the measured counts.
//! - Punctuation is skipped. In the character analyzer only, clause punctuation leaves a
//!   one-position gap so phrases do not match across "。" or "，"; build phrase queries from the
//!   analyzer's positions (`PhraseQuery::new_with_offset`).

mod chinese_chars;
mod chinese_words;
mod english;
mod pairs;
pub(crate) mod script;

use std::sync::OnceLock;

use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

pub use chinese_chars::{ChineseCharStream, ChineseCharTokenizer};
pub use chinese_words::{ChineseWordStream, ChineseWordTokenizer, JIEBA_HMM};
pub use english::{EnglishStream, EnglishTokenizer};
pub use pairs::{PAIR_SEPARATOR, PairStream, PairTokenizer, pair_term};
pub use script::light_stem;

use crate::error::Error;

/// Name of the Chinese word analyzer in the index's tokenizer manager.
pub const ZH_WORDS: &str = "undex_zh_words";
/// Name of the Chinese character analyzer in the index's tokenizer manager.
pub const ZH_CHARS: &str = "undex_zh_chars";
/// Name of the English stemmed analyzer in the index's tokenizer manager.
pub const EN: &str = "undex_en";
/// Name of the English word-pair analyzer (two consecutive [`EN`] tokens as one term).
pub const EN_PAIRS: &str = "undex_en_pairs";
/// Name of the Chinese character-pair analyzer (two consecutive [`ZH_CHARS`] tokens as one
/// term).
pub const ZH_CHAR_PAIRS: &str = "undex_zh_char_pairs";

static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();

/// The process-wide jieba segmenter with its default dictionary, loaded on first use.
pub fn jieba() -> &'static jieba_rs::Jieba {
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// Whether the jieba dictionary has been loaded in this process.
pub fn jieba_is_loaded() -> bool {
    JIEBA.get().is_some()
}

/// The analyzers, for callers that do not go through a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Analyzer {
    /// [`ZH_WORDS`]: jieba words.
    ChineseWords,
    /// [`ZH_CHARS`]: single CJK characters.
    ChineseChars,
    /// [`EN`]: English, stemmed.
    English,
    /// [`EN_PAIRS`]: consecutive pairs of [`EN`] tokens.
    EnglishPairs,
    /// [`ZH_CHAR_PAIRS`]: consecutive pairs of [`ZH_CHARS`] tokens.
    ChineseCharPairs,
}

impl Analyzer {
    /// All analyzers, in registration order.
    pub const ALL: [Analyzer; 5] = [
        Analyzer::ChineseWords,
        Analyzer::ChineseChars,
        Analyzer::English,
        Analyzer::EnglishPairs,
        Analyzer::ChineseCharPairs,
    ];

    /// The name the analyzer is registered under.
    pub fn name(self) -> &'static str {
        match self {
            Analyzer::ChineseWords => ZH_WORDS,
            Analyzer::ChineseChars => ZH_CHARS,
            Analyzer::English => EN,
            Analyzer::EnglishPairs => EN_PAIRS,
            Analyzer::ChineseCharPairs => ZH_CHAR_PAIRS,
        }
    }

    /// The analyzer registered under `name`, if it is one of ours.
    pub fn from_name(name: &str) -> Option<Analyzer> {
        Analyzer::ALL
            .into_iter()
            .find(|analyzer| analyzer.name() == name)
    }

    /// A tantivy [`TextAnalyzer`] running this analyzer.
    pub fn text_analyzer(self) -> TextAnalyzer {
        match self {
            Analyzer::ChineseWords => TextAnalyzer::from(ChineseWordTokenizer::default()),
            Analyzer::ChineseChars => TextAnalyzer::from(ChineseCharTokenizer),
            Analyzer::English => TextAnalyzer::from(EnglishTokenizer::default()),
            Analyzer::EnglishPairs => {
                TextAnalyzer::from(PairTokenizer::<EnglishTokenizer>::default())
            }
            Analyzer::ChineseCharPairs => {
                TextAnalyzer::from(PairTokenizer::<ChineseCharTokenizer>::default())
            }
        }
    }

    /// The tokens of `text`, exactly as the index sees them.
    pub fn analyze(self, text: &str) -> Vec<AnalyzedToken> {
        match self {
            Analyzer::ChineseWords => collect(ChineseWordTokenizer::default().token_stream(text)),
            Analyzer::ChineseChars => collect(ChineseCharTokenizer.token_stream(text)),
            Analyzer::English => collect(EnglishTokenizer::default().token_stream(text)),
            Analyzer::EnglishPairs => {
                collect(PairTokenizer::<EnglishTokenizer>::default().token_stream(text))
            }
            Analyzer::ChineseCharPairs => {
                collect(PairTokenizer::<ChineseCharTokenizer>::default().token_stream(text))
            }
        }
    }
}

/// One token of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The indexed term (lowercased, stemmed where the analyzer stems).
    pub text: String,
    /// Byte offset of the token's first character in the analysed text.
    pub from: usize,
    /// Byte offset just past the token's last character.
    pub to: usize,
    /// Token position (for phrase queries).
    pub position: usize,
}

fn collect(mut stream: impl TokenStream) -> Vec<AnalyzedToken> {
    let mut tokens = Vec::new();
    while stream.advance() {
        let token = stream.token();
        tokens.push(AnalyzedToken {
            text: token.text.clone(),
            from: token.offset_from,
            to: token.offset_to,
            position: token.position,
        });
    }
    tokens
}

/// Registers the analyzers by name ([`ZH_WORDS`], [`ZH_CHARS`], [`EN`], [`EN_PAIRS`],
/// [`ZH_CHAR_PAIRS`]) on the index's tokenizer manager. Call it on every opened or created index before indexing or parsing
/// queries: tantivy does not persist analyzers.
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    for analyzer in Analyzer::ALL {
        manager.register(analyzer.name(), analyzer.text_analyzer());
    }
}

/// The tokens of `text` under the analyzer registered as `name` (one of [`ZH_WORDS`],
/// [`ZH_CHARS`], [`EN`]): what the query layer and the snippet highlighter use, so they see
/// exactly the index's terms, offsets and positions.
pub fn analyze(name: &str, text: &str) -> Result<Vec<AnalyzedToken>, Error> {
    match Analyzer::from_name(name) {
        Some(analyzer) => Ok(analyzer.analyze(text)),
        None => Err(Error::Internal(format!(
            "no analyzer named {name:?} (known: {ZH_WORDS}, {ZH_CHARS}, {EN}, {EN_PAIRS}, {ZH_CHAR_PAIRS})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(analyzer: Analyzer, text: &str) -> Vec<String> {
        analyzer.analyze(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn names_round_trip() {
        for analyzer in Analyzer::ALL {
            assert_eq!(Analyzer::from_name(analyzer.name()), Some(analyzer));
        }
        assert!(analyze("default", "text").is_err());
    }

    #[test]
    fn english_text_is_analysed_without_jieba_words() {
        assert_eq!(
            terms(Analyzer::English, "Counter-Terrorism Committee's"),
            vec!["counter", "terrorism", "committee"]
        );
    }
}
