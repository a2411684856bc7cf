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

/// The lowercased search strings of every term of [`terms`], compiled once into one automaton
/// (not per query: the per-query copies were 2–3 % of a search's time, and a substring searcher
/// per string another 5 %): each term as written, and with ' as ’ when that differs. Pattern
/// `i` is `needle_of[i]`: (the term's index in [`terms`], which variant).
struct Needles {
    automaton: aho_corasick::AhoCorasick,
    needle_of: Vec<(usize, u8)>,
}

fn needles() -> &'static Needles {
    static NEEDLES: OnceLock<Needles> = OnceLock::new();
    NEEDLES.get_or_init(|| {
        let mut patterns: Vec<String> = Vec::new();
        let mut needle_of = Vec::new();
        for (i, t) in terms().iter().enumerate() {
            let needle = t.text.to_ascii_lowercase();
            let curly = needle.replace('\'', "’");
            if curly != needle {
                patterns.push(curly);
                needle_of.push((i, 1));
            }
            patterns.push(needle);
            needle_of.push((i, 0));
        }
        // Every occurrence of every needle (overlapping), as the greedy rule below needs.
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&patterns)
            .expect("the term table compiles into an automaton");
        Needles {
            automaton,
            needle_of,
        }
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

/// Whether `lower[start..end]` stands as a word of its own: always for Chinese terms, and for an
/// English term when no letter or digit touches it on either side.
fn whole_word(lower: &str, start: usize, end: usize, lang: &str) -> bool {
    lang != "en"
        || (!lower[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !lower[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric))
}

/// The table terms in `text`, longest first, not overlapping. English terms match as whole
/// words, case-insensitively (apostrophes ’ and ' alike); Chinese terms as substrings.
///
/// The rule: terms are taken longest first (table order among equals), each term's variants in
/// turn (as written, then with ’), each variant's occurrences left to right without overlapping
/// one another; an occurrence is kept when it is a whole word (English) and overlaps no kept
/// term. One automaton pass finds every occurrence; the rule then runs over them.
pub fn find_terms(text: &str) -> Vec<Found> {
    // ASCII lowercasing keeps every byte offset; ’ is matched through a second needle.
    let lower = text.to_ascii_lowercase();
    let needles = needles();
    // (term index, variant, start, end) of every occurrence, in the order the rule takes them.
    let mut occurrences: Vec<(usize, u8, usize, usize)> = needles
        .automaton
        .find_overlapping_iter(lower.as_str())
        .map(|m| {
            let (term, variant) = needles.needle_of[m.pattern().as_usize()];
            (term, variant, m.start(), m.end())
        })
        .collect();
    occurrences.sort_unstable();
    let table = terms();
    let mut taken = vec![false; text.len()];
    let mut found = Vec::new();
    // Where the current variant's next occurrence may start (a variant's occurrences do not
    // overlap one another, as successive substring searches would find them).
    let mut from = (usize::MAX, u8::MAX, 0);
    for (index, variant, start, end) in occurrences {
        if (from.0, from.1) != (index, variant) {
            from = (index, variant, 0);
        }
        if start < from.2 {
            continue;
        }
        from.2 = end;
        let term = &table[index];
        if whole_word(&lower, start, end, &term.lang) && !taken[start..end].iter().any(|&t| t) {
            taken[start..end].iter_mut().for_each(|t| *t = true);
            found.push(Found { start, end, term });
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

    /// The rule of [`find_terms`] as successive substring searches (its first implementation).
    fn find_terms_by_substring(text: &str) -> Vec<(usize, usize, &'static str)> {
        let lower = text.to_ascii_lowercase();
        let mut taken = vec![false; text.len()];
        let mut found = Vec::new();
        for term in terms() {
            let needle = term.text.to_ascii_lowercase();
            for needle in [needle.clone(), needle.replace('\'', "’")] {
                let mut from = 0;
                while let Some(pos) = lower.get(from..).and_then(|s| s.find(needle.as_str())) {
                    let (start, end) = (from + pos, from + pos + needle.len());
                    from = end;
                    if whole_word(&lower, start, end, &term.lang)
                        && !taken[start..end].iter().any(|&t| t)
                    {
                        taken[start..end].iter_mut().for_each(|t| *t = true);
                        found.push((start, end, term.text.as_str()));
                    }
                }
            }
        }
        found.sort_by_key(|f| f.0);
        found
    }

    #[test]
    fn one_automaton_pass_finds_what_substring_searches_find() {
        let mut queries: Vec<String> = [
            "ISIL and Da'esh and Da’esh, ISIL/Da’esh",
            "the Islamic State in Iraq and the Levant (ISIL) and ISILISIL isil",
            "foreign terrorist fighters FTFs FTF foreign terrorist fighter",
            "达伊沙 资金 打击资助恐怖主义的立法 执行局 反恐怖主义委员会执行局",
            "FATF 反恐融资合作 ICT 被用于恐怖主义目的",
            "UN UNUN United Nations unitednations",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every term as a query, alone and between words.
        for t in terms() {
            queries.push(t.text.clone());
            queries.push(format!("on {} and {}s", t.text, t.text.to_uppercase()));
        }
        for q in &queries {
            let got: Vec<(usize, usize, &str)> = find_terms(q)
                .iter()
                .map(|f| (f.start, f.end, f.term.text.as_str()))
                .collect();
            assert_eq!(got, find_terms_by_substring(q), "{q}");
        }
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
