//! The user's query syntax: free text, `"quoted phrases"` (also “…” and 「…」), and `-excluded`
//! words or phrases. Everything else is text: the analyzers decide what a word is. Errors are one
//! clear sentence; nothing here panics on any input.

use super::types::MAX_QUERY_BYTES;
use crate::error::{Error, Result};

/// One piece of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// Free text: words ranked by BM25 (most must match).
    Text(String),
    /// A phrase that must match exactly (in sequence).
    Phrase(String),
    /// A word or phrase that must not match.
    Exclude(String),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The clauses, in input order.
    pub clauses: Vec<Clause>,
}

impl ParsedQuery {
    /// All free text, joined with spaces (for citation detection and ranking).
    pub fn free_text(&self) -> String {
        let mut s = String::new();
        for c in &self.clauses {
            if let Clause::Text(t) = c {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(t);
            }
        }
        s
    }
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

/// Parses a query string.
pub fn parse_query(input: &str) -> Result<ParsedQuery> {
    if input.len() > MAX_QUERY_BYTES {
        return Err(Error::TooLarge(format!(
            "the query is {} bytes long; the limit is {MAX_QUERY_BYTES} bytes: shorten it",
            input.len()
        )));
    }
    // Control characters are never meaningful in a query; traditional characters are read as
    // simplified ones (恐怖主義 → 恐怖主义, 號決議 → 号决议), as the analyzers index them.
    let cleaned: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cleaned = crate::model::fold_traditional(&cleaned).into_owned();
    let mut clauses = Vec::new();
    let mut text = String::new();
    let mut chars = cleaned.char_indices().peekable();
    let mut prev_is_space = true;
    while let Some((i, c)) = chars.next() {
        let starts_word = prev_is_space;
        if let Some(close) = closing_quote(c) {
            let rest = &cleaned[i + c.len_utf8()..];
            let Some(end) = rest.find(close) else {
                return Err(Error::BadInput(format!(
                    "the query has an unclosed quote {c}: add the closing {close} or remove the opening one"
                )));
            };
            let phrase = rest[..end].trim().to_string();
            let negated = text.ends_with('-') && {
                let before = &text[..text.len() - 1];
                before.is_empty() || before.ends_with(char::is_whitespace)
            };
            if negated {
                text.pop();
            }
            flush_text(&mut text, &mut clauses);
            if !phrase.is_empty() {
                clauses.push(if negated {
                    Clause::Exclude(phrase)
                } else {
                    Clause::Phrase(phrase)
                });
            }
            // Skip to after the closing quote.
            let skip_to = i + c.len_utf8() + end + close.len_utf8();
            while chars.peek().is_some_and(|(j, _)| *j < skip_to) {
                chars.next();
            }
            prev_is_space = true;
            continue;
        }
        if c == '-' && starts_word {
            // `-word` (a `-"phrase"` is handled when the quote is seen).
            let rest = &cleaned[i + 1..];
            let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..word_len];
            if !word.is_empty()
                && !word.starts_with(|ch| closing_quote(ch).is_some())
                && !word.starts_with('-')
            {
                flush_text(&mut text, &mut clauses);
                clauses.push(Clause::Exclude(word.to_string()));
                while chars.peek().is_some_and(|(j, _)| *j < i + 1 + word_len) {
                    chars.next();
                }
                prev_is_space = true;
                continue;
            }
        }
        text.push(c);
        prev_is_space = c.is_whitespace();
    }
    flush_text(&mut text, &mut clauses);
    if clauses.is_empty() {
        return Err(Error::BadInput(
            "the query is empty: give words, a \"phrase\" or a citation such as 第 2395(2017)号决议第 17 段".into(),
        ));
    }
    if clauses.iter().all(|c| matches!(c, Clause::Exclude(_))) {
        return Err(Error::BadInput(
            "the query only excludes words: add at least one word or phrase to look for".into(),
        ));
    }
    Ok(ParsedQuery { clauses })
}

fn flush_text(text: &mut String, clauses: &mut Vec<Clause>) {
    let t = text.trim();
    if !t.is_empty() && t != "-" {
        clauses.push(Clause::Text(t.to_string()));
    }
    text.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_queries() {
        let table: &[(&str, &[Clause])] = &[
            (
                "外国恐怖主义作战人员回返和迁移",
                &[Clause::Text(String::new())],
            ),
            ("Algeria Guiding Principles", &[Clause::Text(String::new())]),
            (
                "\"new financial technologies\" -crypto",
                &[
                    Clause::Phrase(String::new()),
                    Clause::Exclude(String::new()),
                ],
            ),
            (
                "“生物鉴别技术” 边境",
                &[Clause::Phrase(String::new()), Clause::Text(String::new())],
            ),
            (
                "ISIL -\"Da'esh\"",
                &[Clause::Text(String::new()), Clause::Exclude(String::new())],
            ),
            ("counter-terrorism", &[Clause::Text(String::new())]),
            ("S/RES/2395(2017) para 17", &[Clause::Text(String::new())]),
        ];
        for (input, want) in table {
            let got = parse_query(input).unwrap();
            let kinds: Vec<_> = got.clauses.iter().map(std::mem::discriminant).collect();
            let want_kinds: Vec<_> = want.iter().map(std::mem::discriminant).collect();
            assert_eq!(kinds, want_kinds, "{input}: {got:?}");
        }
        let q = parse_query("\"new financial technologies\" -crypto").unwrap();
        assert_eq!(
            q.clauses[0],
            Clause::Phrase("new financial technologies".into())
        );
        assert_eq!(q.clauses[1], Clause::Exclude("crypto".into()));
        assert_eq!(
            parse_query("counter-terrorism").unwrap().free_text(),
            "counter-terrorism"
        );
    }

    #[test]
    fn traditional_queries_are_read_as_simplified() {
        let q = parse_query("第2395(2017)號決議第17段 「恐怖主義」").unwrap();
        assert_eq!(q.free_text(), "第2395(2017)号决议第17段");
        assert_eq!(q.clauses[1], Clause::Phrase("恐怖主义".into()));
    }

    #[test]
    fn bad_queries_are_clear_errors() {
        for bad in [
            "",
            "   ",
            "\"unclosed",
            "-only",
            "-\"only phrase\"",
            "\u{0}\u{1}",
        ] {
            let e = parse_query(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::BadInput, "{bad:?}: {e}");
        }
        let long = "a".repeat(MAX_QUERY_BYTES + 1);
        assert_eq!(
            parse_query(&long).unwrap_err().kind(),
            crate::ErrorKind::TooLarge
        );
    }
}
