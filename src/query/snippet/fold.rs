//! Traditional → simplified folding one ideograph at a time, for the highlighter: the character
//! that [`crate::model::fold_traditional`] would put at one position of a paragraph, without
//! folding the whole paragraph. Almost every character of UN Chinese text folds to itself; a
//! table, probed once per process through `fold_traditional` itself, says which characters may
//! not, and only those are folded, with their two neighbours (the context `fast2s` reads).

use crate::model::chars::is_han;
use crate::model::fold_traditional;
use std::sync::OnceLock;

/// Characters that `fast2s` (0.3.1, `special.rs`, `T2S_SPECIAL_CONVERT_TYPE`) converts only next
/// to certain neighbours (藉口 → 借口, 看著 → 看着, 計畫 → 计划), so probing each character
/// alone does not reveal them. A test checks that each one folds here as in its context.
const CONTEXT_KEYS: [char; 7] = ['藉', '著', '苧', '闔', '鍾', '讎', '畫'];

/// One bit per character of the Basic Multilingual Plane (`fast2s` folds only 3-byte UTF-8
/// characters): set for an ideograph that `fold_traditional` may change.
static MAY_FOLD: OnceLock<Box<[u64]>> = OnceLock::new();

/// The probe: every 3-byte ideograph alone (between spaces, which no context rule names),
/// folded in one call; about 28,000 characters, a millisecond once per process.
fn may_fold_table() -> &'static [u64] {
    MAY_FOLD.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        let chars: Vec<char> = (0x800u32..0x10000)
            .filter_map(char::from_u32)
            .filter(|&c| is_han(c))
            .collect();
        let mut probe = String::with_capacity(chars.len() * 4);
        for &c in &chars {
            probe.push(c);
            probe.push(' ');
        }
        let folded = fold_traditional(&probe);
        let mut set = |c: char| bits[c as usize >> 6] |= 1 << (c as u32 & 63);
        for (&c, f) in chars.iter().zip(folded.chars().step_by(2)) {
            if f != c {
                set(c);
            }
        }
        for c in CONTEXT_KEYS {
            set(c);
        }
        bits.into_boxed_slice()
    })
}

/// Which characters may fold: the table behind [`may_fold`], fetched once per paragraph rather
/// than once per character.
#[derive(Clone, Copy)]
pub(super) struct Folding(&'static [u64]);

impl Folding {
    /// The process's table (built on first use).
    pub(super) fn get() -> Folding {
        Folding(may_fold_table())
    }

    /// Whether `fold_traditional` may change `c` (in some context).
    #[inline]
    pub(super) fn may_fold(self, c: char) -> bool {
        let u = c as u32;
        u < 0x10000 && self.0[(u >> 6) as usize] >> (u & 63) & 1 == 1
    }

    /// The character at byte `at` of `fold_traditional(text)`, where `text` has `c` (an
    /// ideograph).
    #[inline]
    pub(super) fn folded_at(self, text: &str, at: usize, c: char) -> char {
        if self.may_fold(c) {
            fold_in_context(text, at, c)
        } else {
            c
        }
    }
}

/// Whether `fold_traditional` may change `c` (in some context).
#[cfg(test)]
fn may_fold(c: char) -> bool {
    Folding::get().may_fold(c)
}

/// The character at byte `at` of `fold_traditional(text)`, where `text` has `c` (an ideograph).
#[cfg(test)]
fn folded_at(text: &str, at: usize, c: char) -> char {
    Folding::get().folded_at(text, at, c)
}

/// Folds `c` at byte `at` of `text` with its two neighbours.
#[inline(never)]
fn fold_in_context(text: &str, at: usize, c: char) -> char {
    let start = text[..at]
        .chars()
        .next_back()
        .map_or(at, |p| at - p.len_utf8());
    let after = at + c.len_utf8();
    let end = text[after..]
        .chars()
        .next()
        .map_or(after, |n| after + n.len_utf8());
    fold_traditional(&text[start..end])[at - start..]
        .chars()
        .next()
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each character folds as `fold_traditional` folds the whole text: context rules
    /// (藉口, 計畫, 看著, 乾隆), the project's overrides (諮, 羣), plain traditional text, and
    /// simplified text that stays.
    #[test]
    fn folds_each_character_as_the_whole_text_folds() {
        let texts = [
            "藉口恐怖主義，慰藉；計畫與畫作；看著；乾隆與乾燥",
            "諮詢少數羣體；扞衛；各國應當合作",
            "安全理事會第2178(2014)號決議，外國恐怖主義戰鬥人員",
            "决定所有国家应防止和制止招募外国恐怖主义作战人员",
            "苧麻、闔家、鍾書、校讎",
        ];
        for text in texts {
            let whole = fold_traditional(text);
            for (at, c) in text.char_indices() {
                let want = whole[at..].chars().next().unwrap();
                let got = if is_han(c) { folded_at(text, at, c) } else { c };
                assert_eq!(got, want, "{text} at {at}");
            }
        }
        for c in CONTEXT_KEYS {
            assert!(may_fold(c), "{c}");
        }
        assert!(may_fold('國') && !may_fold('国') && !may_fold('A'));
    }
}
