//! English words the corpus writes both joined and hyphenated (`compounds_en.tsv`: "ceasefire"
//! and "cease-fire", "peacekeeping" and "peace-keeping", "cooperation" and "co-operation"),
//! written by `scripts/hyphen_compounds.py` from the bundled corpus. Older Security Council
//! resolutions hyphenate what today's documents join; the English analyzer makes two words of
//! the hyphenated form, so a query in either spelling looks for both (see `plan`).

use crate::index::analyzers::Analyzer;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The table, as shipped.
const TABLE: &str = include_str!("compounds_en.tsv");

/// Joined word (as the English analyzer leaves it) → its two parts (analyzed).
fn table() -> &'static HashMap<String, (String, String)> {
    static MAP: OnceLock<HashMap<String, (String, String)>> = OnceLock::new();
    MAP.get_or_init(|| {
        let one = |w: &str| {
            let mut t = Analyzer::English.analyze(w);
            (t.len() == 1).then(|| t.remove(0).text)
        };
        TABLE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let (joined, first, second) = (cols.next()?, cols.next()?, cols.next()?);
                Some((one(joined)?, (one(first)?, one(second)?)))
            })
            .collect()
    })
}

/// The two parts of a joined word the corpus also hyphenates ("ceasefire" → cease, fire), by
/// analyzed tokens.
pub fn parts(joined: &str) -> Option<(&'static str, &'static str)> {
    table().get(joined).map(|(a, b)| (a.as_str(), b.as_str()))
}

/// The joined word whose parts are `first` and `second` ("cease", "fire" → "ceasefire").
pub fn joined(first: &str, second: &str) -> Option<String> {
    let word = format!("{first}{second}");
    parts(&word)
        .filter(|&(a, b)| a == first && b == second)
        .map(|_| word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_have_a_word_two_parts_and_a_source() {
        for line in TABLE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "{line}: joined, first, second, source");
            assert_eq!(cols[0], format!("{}{}", cols[1], cols[2]), "{line}");
        }
        assert!(table().len() >= 20, "{}", table().len());
    }

    #[test]
    fn joined_and_hyphenated_forms_table() {
        // (analyzed word, parts)
        let table: &[(&str, Option<(&str, &str)>)] = &[
            ("ceasefire", Some(("cease", "fire"))),
            ("peacekeeping", Some(("peace", "keeping"))),
            ("cooperation", Some(("co", "operation"))),
            ("fire", None),
            ("", None),
        ];
        for &(word, want) in table {
            assert_eq!(parts(word), want, "{word}");
        }
        assert_eq!(joined("cease", "fire").as_deref(), Some("ceasefire"));
        assert_eq!(joined("ceasef", "ire"), None);
        assert_eq!(joined("peace", "building"), None);
    }
}
