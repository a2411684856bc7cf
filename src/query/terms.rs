//! The UN counter-terrorism term table (`terms.tsv`: acronyms and the UN's own synonyms, each
//! row with its source), loaded once, and the lookup that finds its terms in a query. A term
//! found in a query is expanded to the other terms of its group in the same language, with a
//! lower weight than the typed words (see `plan`). A term typed in the query's own language
//! expands within that language only (a Chinese question is not answered by English
//! paragraphs); a term typed in the other language (an acronym in a Chinese question, "FATF
//! 反恐融资合作") expands to its group's terms in both.

use std::sync::OnceLock;

/// The table, as shipped.
const TABLE: &str = include_str!("terms.tsv");

/// One term of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The synonym group (`isil`, `ftf`, `cted`, …).
    pub group: String,
    /// `en` or `zh`.
    pub lang: String,
    /// The term as written.
    pub text: String,
}

/// Every term of the table, longest first (so "foreign terrorist fighters" wins over "FTF"
/// where both could match).
pub fn terms() -> &'static [Term] {
    static TERMS: OnceLock<Vec<Term>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let mut out: Vec<Term> = TABLE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some(Term {
                    group: cols.next()?.to_string(),
                    lang: cols.next()?.to_string(),
                    text: cols.next()?.to_string(),
                })
            })
            .collect();
        out.sort_by_key(|t| std::cmp::Reverse(t.text.chars().count()));
        out
    })
}

/// The lowercased search strings of every term of [`terms`] (same order): as written, and with
/// ' as ’. Built once, not per query (the per-query copies were 2–3 % of a search's time).
fn needles() -> &'static [[String; 2]] {
    static NEEDLES: OnceLock<Vec<[String; 2]>> = OnceLock::new();
    NEEDLES.get_or_init(|| {
        terms()
            .iter()
            .map(|t| {
                let needle = t.text.to_ascii_lowercase();
                let curly = needle.replace('\'', "’");
                [needle, curly]
            })
            .collect()
    })
}

/// A table term found in a query: its byte span and its group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the searched text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// The matched term.
    pub term: &'static Term,
}

impl Found {
    /// The other terms of the group in the same language (the expansions).
    pub fn synonyms(&self) -> impl Iterator<Item = &'static Term> + '_ {
        self.synonyms_for(&self.term.lang)
    }

    /// The expansions in a query written in `query_lang` (`en` or `zh`): the group's other
    /// terms in the typed term's language, plus those in the query's language when the term
    /// was typed in the other one.
    pub fn synonyms_for<'a>(
        &'a self,
        query_lang: &'a str,
    ) -> impl Iterator<Item = &'static Term> + 'a {
        terms().iter().filter(move |t| {
            t.group == self.term.group
                && (t.lang == self.term.lang || t.lang == query_lang)
                && t.text != self.term.text
        })
    }
}

/// The table terms in `text`, longest first, not overlapping. English terms match as whole
/// words, case-insensitively (apostrophes ’ and ' alike); Chinese terms as substrings.
pub fn find_terms(text: &str) -> Vec<Found> {
    // ASCII lowercasing keeps every byte offset; ’ is matched through a second needle.
    let lower = text.to_ascii_lowercase();
    let mut taken = vec![false; text.len()];
    let mut found = Vec::new();
    for (term, variants) in terms().iter().zip(needles()) {
        for needle in variants.iter() {
            let mut from = 0;
            while let Some(pos) = lower.get(from..).and_then(|s| s.find(needle.as_str())) {
                let (start, end) = (from + pos, from + pos + needle.len());
                from = end;
                let whole_word = term.lang != "en"
                    || (!lower[..start]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                        && !lower[end..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric));
                if whole_word && !taken[start..end].iter().any(|&t| t) {
                    taken[start..end].iter_mut().for_each(|t| *t = true);
                    found.push(Found { start, end, term });
                }
            }
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_are_complete_and_grouped() {
        let text = TABLE;
        for line in text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            assert_eq!(
                line.split('\t').count(),
                4,
                "{line}: group, lang, term, source"
            );
        }
        for term in terms() {
            assert!(matches!(term.lang.as_str(), "en" | "zh"), "{term:?}");
            assert!(
                terms().iter().any(|t| t.group == term.group && t != term),
                "{term:?} is alone in its group"
            );
        }
    }

    #[test]
    fn finds_terms_in_queries_table() {
        let table: &[(&str, &[&str])] = &[
            ("ISIL financing in Africa", &["ISIL"]),
            ("向欧盟反恐工作组介绍情况", &["欧盟"]),
            ("Da’esh propaganda", &["Da'esh"]),
            (
                "return of foreign terrorist fighters",
                &["foreign terrorist fighters"],
            ),
            ("FTF returnees", &["FTF"]),
            ("达伊沙 资金", &["达伊沙"]),
            ("打击资助恐怖主义的立法", &["打击资助恐怖主义"]),
            ("UN staff held by the Houthis", &["UN"]),
            ("United Nations personnel", &["United Nations"]),
            ("chemical weapons sites in Syria", &["Syria"]),
            ("help us", &[]),
            ("crisis", &[]),
            ("fatfish", &[]),
        ];
        for (query, want) in table {
            let got: Vec<&str> = find_terms(query)
                .iter()
                .map(|f| f.term.text.as_str())
                .collect();
            assert_eq!(&got, want, "{query}");
        }
        let f = &find_terms("CTED visits")[0];
        let syn: Vec<&str> = f.synonyms().map(|t| t.text.as_str()).collect();
        assert!(syn.contains(&"Counter-Terrorism Committee Executive Directorate"));
        assert!(!syn.contains(&"执行局"), "no cross-language expansion");
    }

    #[test]
    fn a_term_typed_in_the_other_language_expands_into_the_querys() {
        // (query, query language, term found, an expansion it must have, one it must not)
        let table = [
            (
                "FATF 反恐融资合作",
                "zh",
                "FATF",
                "金融行动特别工作组",
                "none",
            ),
            (
                "ICT 被用于恐怖主义目的",
                "zh",
                "ICT",
                "信息和通信技术",
                "none",
            ),
            (
                "FATF recommendation 8",
                "en",
                "FATF",
                "Financial Action Task Force",
                "金融行动特别工作组",
            ),
            (
                "执行局 visits",
                "en",
                "执行局",
                "反恐怖主义委员会执行局",
                "none",
            ),
        ];
        for (query, lang, term, has, has_not) in table {
            let found = find_terms(query);
            let f = found.iter().find(|f| f.term.text == term).expect(query);
            let syn: Vec<&str> = f.synonyms_for(lang).map(|t| t.text.as_str()).collect();
            assert!(syn.contains(&has), "{query}: {syn:?}");
            assert!(!syn.contains(&has_not), "{query}: {syn:?}");
        }
    }
}
