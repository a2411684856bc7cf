//! English query expansion from WordNet (`synonyms_en.tsv`, written by
//! `scripts/wordnet_synonyms.py` from Debian's `wordnet-base`; the source is in the file's
//! header): for a word as the English analyzer leaves it, the corpus words of its other
//! inflections and derivations ("seizure" → "seized", "repatriation" → "repatriating") and of
//! its most frequent sense's synonyms ("punishment" → "penalty"). The planner adds them, at a
//! lower weight than the typed word, to the relaxed steps only: a question worded otherwise than
//! its answer still finds it, and an answer with the typed words still ranks first.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table, as shipped.
const TABLE: &str = include_str!("synonyms_en.tsv");

/// What WordNet links to one word, among the corpus's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Related {
    /// Other inflections, derivationally related words, and the place or people an adjective
    /// names (same meaning, other form: "israeli" → "israel").
    pub forms: Vec<&'static str>,
    /// Words of the word's most frequent sense (close meaning, other word).
    pub synonyms: Vec<&'static str>,
}

fn table() -> &'static HashMap<&'static str, Related> {
    static TABLE_MAP: OnceLock<HashMap<&'static str, Related>> = OnceLock::new();
    TABLE_MAP.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let word = cols.next()?;
                let forms = cols.next().unwrap_or("").split_whitespace().collect();
                let synonyms = cols.next().unwrap_or("").split_whitespace().collect();
                Some((word, Related { forms, synonyms }))
            })
            .collect()
    })
}

/// The words related to `word` (an English analyzer token), if WordNet links any.
pub fn related(word: &str) -> Option<&'static Related> {
    table().get(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_a_word_and_two_lists() {
        for line in TABLE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            assert_eq!(line.split('\t').count(), 3, "{line}");
        }
    }

    #[test]
    fn links_forms_and_senses_table() {
        // (word, a form it must have, a synonym it must have or "")
        let table = [
            ("seizure", "seized", ""),
            ("detained", "detention", ""),
            ("repatriation", "repatriating", ""),
            ("withdrawal", "withdraw", ""),
            ("punishment", "punished", "penalty"),
            ("israeli", "israel", ""),
            ("haiti", "haitian", ""),
        ];
        for (word, form, synonym) in table {
            let r = related(word).unwrap_or_else(|| panic!("{word} has no row"));
            assert!(r.forms.contains(&form), "{word}: {r:?}");
            assert!(
                synonym.is_empty() || r.synonyms.contains(&synonym),
                "{word}: {r:?}"
            );
        }
        assert!(related("the").is_none());
        let take = related("take").expect("take has its inflections");
        assert!(take.forms.contains(&"took"), "{take:?}");
        assert!(
            take.synonyms.is_empty() && !take.forms.contains(&"seize"),
            "too general for more than its inflections: {take:?}"
        );
    }
}
