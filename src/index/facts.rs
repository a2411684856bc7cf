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

/// Hashing for maps keyed by the facts' hashes (dedupe, document, version base): they are
/// SHA-256 prefixes, uniform already, so a map uses them as they are instead of hashing them
/// again (SipHash of the re-ranking window's keys was 5 % of a common word's search at 16×).
#[derive(Default, Clone, Copy)]
pub struct DigestHasher(u64);

impl std::hash::Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// A map keyed by a facts' hash ([`DigestHasher`]).
pub type DigestMap<V> =
    std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<DigestHasher>>;

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

    /// Unpacks a byte of a [`TraitsTable`]: `None` for a document without traits.
    fn from_byte(b: u8) -> Option<Traits> {
        (b != NO_TRAITS).then(|| Traits::decode(u64::from(b)))
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

/// The byte of a document without a traits value in [`TraitsTable`] (no packed [`Traits`] uses
/// bit 7).
const NO_TRAITS: u8 = u8::MAX;
/// Documents read from a traits column per call when a [`TraitsTable`] is filled.
const TRAITS_READ_CHUNK: usize = 4096;

/// A segment's [`Traits`], one byte per document, read from its fast column once. The language
/// filter asks for the traits of every match (`query::filter`): through the column's
/// blockwise-linear codec that was 75 instructions a match, a fifth of the per-match work of a
/// common word at 16× the corpus; a byte per document is 370 kB there.
#[derive(Clone)]
pub struct TraitsTable(std::sync::Arc<[u8]>);

impl TraitsTable {
    /// Reads the traits column of a segment of `max_doc` documents.
    pub fn read(column: &tantivy::columnar::Column<u64>, max_doc: u32) -> TraitsTable {
        let byte = |bits: u64| u8::try_from(bits).unwrap_or(NO_TRAITS);
        let mut bytes = vec![NO_TRAITS; max_doc as usize];
        let full = column.get_cardinality() == tantivy::columnar::Cardinality::Full
            && column.values.num_vals() == max_doc;
        if full {
            let mut values = vec![0u64; TRAITS_READ_CHUNK.min(bytes.len())];
            for (i, chunk) in bytes.chunks_mut(TRAITS_READ_CHUNK).enumerate() {
                let values = &mut values[..chunk.len()];
                column
                    .values
                    .get_range((i * TRAITS_READ_CHUNK) as u64, values);
                for (b, &v) in chunk.iter_mut().zip(values.iter()) {
                    *b = byte(v);
                }
            }
        } else {
            for (doc, b) in bytes.iter_mut().enumerate() {
                if let Some(bits) = column.first(doc as u32) {
                    *b = byte(bits);
                }
            }
        }
        TraitsTable(bytes.into())
    }

    /// The traits of `doc`, if it has them.
    pub fn get(&self, doc: u32) -> Option<Traits> {
        Traits::from_byte(*self.0.get(doc as usize)?)
    }

    /// The packed traits of `doc` ([`NO_TRAITS`] past the segment), to index a table made by
    /// [`TraitsTable::accepting`].
    pub fn byte(&self, doc: u32) -> u8 {
        self.0.get(doc as usize).copied().unwrap_or(NO_TRAITS)
    }

    /// For every byte, whether `accept` takes the traits it packs (a byte without traits: no),
    /// so that a filter decides a match by one lookup.
    pub fn accepting(accept: impl Fn(Traits) -> bool) -> [bool; 256] {
        std::array::from_fn(|b| Traits::from_byte(b as u8).is_some_and(&accept))
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

    /// A segment's traits table reads back every paragraph's traits, from a full column and
    /// from one where a document has none (an optional column: that document has no traits and
    /// no filter accepts it), across the chunks it is read in.
    #[test]
    fn traits_tables_read_back_every_paragraph() {
        let symbols = [
            Symbol::from_canonical("S/2025/71/Rev.1"),
            Symbol::from_canonical("S/2025/71"),
        ];
        let mut want = Vec::new();
        for i in 0..(TRAITS_READ_CHUNK + 7) {
            let kind = ParagraphKind::ALL[i % ParagraphKind::ALL.len()];
            let lang = Lang::ALL[(i / 3) % Lang::ALL.len()];
            want.push(Traits::of(&symbols[(i / 5) % 2], lang, kind));
        }
        for without_facts in [None, Some(TRAITS_READ_CHUNK + 2)] {
            let (index, f, mut w) = crate::index::ram_index();
            for (i, t) in want.iter().enumerate() {
                let mut d = tantivy::TantivyDocument::default();
                if Some(i) != without_facts {
                    d.add_u64(f.traits, t.encode());
                }
                w.add_document(d).expect("add");
            }
            w.commit().expect("commit");
            let searcher = index.reader().expect("reader").searcher();
            let reader = searcher.segment_reader(0);
            let name = searcher.schema().get_field_name(f.traits);
            let column = reader.fast_fields().u64(name).expect("traits column");
            let table = TraitsTable::read(&column, reader.max_doc());
            let accepts = TraitsTable::accepting(|_| true);
            for (doc, t) in want.iter().enumerate() {
                let doc = doc as u32;
                let expected = (Some(doc as usize) != without_facts).then_some(*t);
                assert_eq!(table.get(doc), expected, "document {doc}");
                assert_eq!(accepts[usize::from(table.byte(doc))], expected.is_some());
            }
            assert_eq!(table.get(want.len() as u32), None);
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
