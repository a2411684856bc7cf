//! The comparable words of heading texts ([`super::plan::comparable_words`]), worked out once per
//! process and text. Re-ranking asks whether the query names each heading in its window, and
//! the same headings ("I. Introduction", "Recommendations") come back search after search: a
//! heading seen before is neither loaded from the doc store nor analysed again. Keyed by the
//! paragraph's dedupe hash ([`crate::index::facts::dedupe_hash`]: language and text), the key
//! re-ranking already treats as the text's identity.

use crate::error::Result;
use crate::index::facts::DigestMap;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, OnceLock};

/// Heading texts kept (a few hundred bytes each: a few MB at most). When full the table starts
/// over, which costs each heading one more load. A round number, not measured: re-ranking
/// windows meet the same few hundred headings again and again.
const HEADING_WORDS_KEPT: usize = 8192;

/// The words of one heading text.
pub(crate) type Words = Arc<BTreeSet<String>>;

/// Words by text key, at most `kept` of them.
struct Table {
    words: DigestMap<Words>,
    kept: usize,
}

impl Table {
    fn new(kept: usize) -> Table {
        Table {
            words: DigestMap::default(),
            kept,
        }
    }

    /// The words of the text with `key`, from `text` (called only for a key not kept).
    fn get(&mut self, key: u64, text: impl FnOnce() -> Result<String>) -> Result<Words> {
        if let Some(w) = self.words.get(&key) {
            return Ok(w.clone());
        }
        let words = Arc::new(super::plan::comparable_words(&text()?));
        if self.words.len() >= self.kept {
            self.words.clear();
        }
        self.words.insert(key, words.clone());
        Ok(words)
    }
}

/// The comparable words of the heading text with dedupe hash `key`; `text` loads the text when
/// the process has not seen it.
pub(crate) fn heading_words(key: u64, text: impl FnOnce() -> Result<String>) -> Result<Words> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    let table = TABLE.get_or_init(|| Mutex::new(Table::new(HEADING_WORDS_KEPT)));
    // A panic elsewhere while holding the lock leaves the table consistent (one insert).
    let mut table = table
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    table.get(key, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::query::plan::comparable_words;

    #[test]
    fn words_are_comparable_words_and_a_kept_text_is_not_loaded_again() {
        let headings = [
            (1, "F. Border management and law enforcement"),
            (2, "二、外国恐怖主义作战人员"),
            (3, "III. Recommendations"),
        ];
        let mut table = Table::new(8);
        for (key, text) in headings {
            let got = table.get(key, || Ok(text.to_string())).expect("words");
            assert_eq!(*got, comparable_words(text), "{text}");
        }
        for (key, text) in headings {
            let again = table
                .get(key, || Err(Error::Internal("loaded twice".into())))
                .expect("kept");
            assert_eq!(*again, comparable_words(text), "{text}");
        }
    }

    #[test]
    fn a_full_table_starts_over_and_a_failed_load_keeps_nothing() {
        let mut table = Table::new(2);
        for key in 0..5u64 {
            table
                .get(key, || Ok(format!("heading {key}")))
                .expect("words");
            assert!(table.words.len() <= 2);
        }
        assert!(
            table
                .get(9, || Err(Error::Internal("gone".into())))
                .is_err()
        );
        assert!(!table.words.contains_key(&9));
        let global =
            heading_words(u64::MAX - 7, || Ok("Sanctions measures".into())).expect("words");
        assert_eq!(*global, comparable_words("Sanctions measures"));
    }
}
