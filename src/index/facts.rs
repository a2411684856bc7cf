//! Ranking facts: what re-ranking and dedupe read about a paragraph, kept in tantivy fast fields
//! at index time so that a search folds copies and demotes headings from columns, before it
//! loads any stored paragraph (it then loads only the hits it shows).
//!
//! Three `u64` columns per paragraph: the *dedupe hash* of its language and text (two
//! paragraphs with the same hash are shown once), the *version base hash* of its symbol (a
//! revision folds only paragraphs whose symbol has the same base) and a *traits* word (kind,
//! language, whether the symbol is a revision). The symbol itself is a fast string column too,
//! for the `also_in` lists of folded copies. A fourth `u64` column, the *document hash*, groups
//! a document's paragraphs for the query's document signal (`query::context`).

use crate::model::{Lang, ParagraphKind, Symbol, VersionSuffix};
use sha2::{Digest, Sha256};

/// Text compared for "identical paragraphs": letters and digits, lowercased, as characters
/// (CJK ideographs and ASCII skip the Unicode tables).
pub fn dedupe_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(|c| {
        let kept: Option<char> = if c.is_ascii() {
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        } else if crate::model::chars::is_han(c) {
            Some(c)
        } else {
            None
        };
        let slow = (kept.is_none() && !c.is_ascii() && c.is_alphanumeric())
            .then(|| c.to_lowercase())
            .into_iter()
            .flatten();
        kept.into_iter().chain(slow)
    })
}

/// The first 8 bytes of a SHA-256 as a `u64`. With a 64-bit hash of a good digest, two of the
/// 370,000 distinct paragraphs of the 16× scale corpus collide with probability ≈ 4·10⁻⁹; that
/// is the price of never loading a copy to compare it (a collision would show one paragraph for
/// the other's text).
fn digest64(bytes: &[u8]) -> u64 {
    let d = Sha256::digest(bytes);
    let mut first = [0u8; 8];
    first.copy_from_slice(&d[..8]);
    u64::from_le_bytes(first)
}

/// A paragraph's identity for dedupe: its language and [`dedupe_chars`] of its text, hashed.
pub fn dedupe_hash(lang: Lang, text: &str) -> u64 {
    let mut s = String::with_capacity(text.len() + 3);
    s.push_str(lang.code());
    s.push('\u{1f}');
    s.extend(dedupe_chars(text));
    digest64(s.as_bytes())
}

/// The hash of a symbol's version base (`S/2025/71/Rev.1` and `S/2025/71` share it): only a
/// paragraph with the same base hash as a revision can be superseded by it.
pub fn base_hash(symbol: &Symbol) -> u64 {
    digest64(symbol.version_base().as_str().as_bytes())
}

/// The hash of a paragraph's document text (its symbol and language, the index's `doc_key`):
/// what the document signal of the query (`query::context`) groups paragraphs by.
pub fn document_hash(symbol: &Symbol, lang: Lang) -> u64 {
    digest64(super::schema::doc_key(symbol.as_str(), lang.code()).as_bytes())
}

/// Bits of [`Traits`] that hold the kind's position in [`ParagraphKind::ALL`].
const KIND_BITS: u64 = 0b1111;
/// The bit of a Chinese paragraph.
const ZH_BIT: u64 = 1 << 4;
/// The bit of a paragraph of a revision (`…/Rev.N`).
const REVISION_BIT: u64 = 1 << 5;

/// A paragraph's kind, language and whether its document is a revision, packed in one `u64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traits {
    /// Kind.
    pub kind: ParagraphKind,
    /// Language.
    pub lang: Lang,
    /// Whether the symbol ends in `Rev.N`.
    pub revision: bool,
}

impl Traits {
    /// The traits of a paragraph of `symbol` in `lang`.
    pub fn of(symbol: &Symbol, lang: Lang, kind: ParagraphKind) -> Traits {
        Traits {
            kind,
            lang,
            revision: matches!(symbol.version(), Some(VersionSuffix::Rev(_))),
        }
    }

    /// Packs the traits for the fast field.
    pub fn encode(self) -> u64 {
        let kind = ParagraphKind::ALL
            .iter()
            .position(|&k| k == self.kind)
            .unwrap_or(0) as u64;
        let zh = if self.lang == Lang::Zh { ZH_BIT } else { 0 };
        let rev = if self.revision { REVISION_BIT } else { 0 };
        kind | zh | rev
    }

    /// Unpacks a fast field value.
    pub fn decode(bits: u64) -> Traits {
        Traits {
            kind: ParagraphKind::ALL
                .get((bits & KIND_BITS) as usize)
                .copied()
                .unwrap_or(ParagraphKind::Body),
            lang: if bits & ZH_BIT != 0 {
                Lang::Zh
            } else {
                Lang::En
            },
            revision: bits & REVISION_BIT != 0,
        }
    }
}

/// Adds the ranking facts of one paragraph to its tantivy document.
pub fn add_facts(
    f: &super::IndexSchema,
    doc: &mut tantivy::TantivyDocument,
    symbol: &Symbol,
    lang: Lang,
    kind: ParagraphKind,
    text: &str,
) {
    doc.add_u64(f.dedupe, dedupe_hash(lang, text));
    doc.add_u64(f.version_base, base_hash(symbol));
    doc.add_u64(f.traits, Traits::of(symbol, lang, kind).encode());
    doc.add_u64(f.document, document_hash(symbol, lang));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dedupe comparison keeps letters and digits of every script, lowercased.
    #[test]
    fn dedupe_chars_keep_lowercased_letters_and_digits() {
        let cases = [
            ("The Council, 2017!", "thecouncil2017"),
            ("安全理事会：第 2178 号决议", "安全理事会第2178号决议"),
            ("ÉTATS membres", "étatsmembres"),
            ("Ⅻ ＡＢ", "ⅻａｂ"),
            ("— … ·", ""),
        ];
        for (text, want) in cases {
            assert_eq!(dedupe_chars(text).collect::<String>(), want, "{text}");
        }
    }

    #[test]
    fn dedupe_hashes_fold_case_punctuation_and_keep_language_and_words() {
        // (a, b, same hash)
        let cases = [
            (
                (Lang::En, "The Security Council,"),
                (Lang::En, "the security council"),
                true,
            ),
            (
                (Lang::En, "The Security Council,"),
                (Lang::En, "The Security Council."),
                true,
            ),
            ((Lang::Zh, "安全理事会，"), (Lang::Zh, "安全理事会"), true),
            (
                (Lang::En, "The Security Council,"),
                (Lang::En, "The Security Councils,"),
                false,
            ),
            ((Lang::En, "2178"), (Lang::Zh, "2178"), false),
            ((Lang::Zh, "安全理事会"), (Lang::Zh, "安全理事會"), false),
        ];
        for ((la, a), (lb, b), same) in cases {
            assert_eq!(dedupe_hash(la, a) == dedupe_hash(lb, b), same, "{a} / {b}");
        }
    }

    #[test]
    fn traits_round_trip_and_revisions_share_their_base() {
        let rev = Symbol::from_canonical("S/2025/71/Rev.1");
        let base = Symbol::from_canonical("S/2025/71");
        let corr = Symbol::from_canonical("S/2025/71/Corr.1");
        for kind in ParagraphKind::ALL {
            for lang in Lang::ALL {
                for s in [&rev, &base, &corr] {
                    let t = Traits::of(s, lang, kind);
                    assert_eq!(Traits::decode(t.encode()), t);
                }
            }
        }
        assert!(Traits::of(&rev, Lang::En, ParagraphKind::Body).revision);
        assert!(!Traits::of(&corr, Lang::En, ParagraphKind::Body).revision);
        assert_eq!(base_hash(&rev), base_hash(&base));
        assert_ne!(
            base_hash(&base),
            base_hash(&Symbol::from_canonical("S/2025/72"))
        );
    }
}
