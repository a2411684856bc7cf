//! The requests of [`crate::Engine::show`] and [`crate::Engine::cited_by`], in the shape of
//! [`super::SearchRequest`]: named fields with defaults, so that a new option is a new field and
//! not a new positional argument at every caller.

use crate::model::Lang;

/// What [`crate::Engine::show`] prints: a whole document, or the paragraphs with one printed
/// number (optionally in one part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowRequest {
    /// The document symbol (`S/RES/2395(2017)`, `S/2022/529`).
    pub symbol: String,
    /// The language; `None`: English when the corpus has it, else the other one.
    pub lang: Option<Lang>,
    /// Only paragraphs of this part (`annex-1`, `body`); `None`: any part.
    pub part: Option<String>,
    /// Only the paragraph with this printed number (`17`, `6(c)`); `None`: the whole document.
    pub paragraph: Option<String>,
}

impl ShowRequest {
    /// The whole document `symbol`, in the default language.
    pub fn new(symbol: impl Into<String>) -> ShowRequest {
        ShowRequest {
            symbol: symbol.into(),
            lang: None,
            part: None,
            paragraph: None,
        }
    }

    /// Selects paragraphs by the command line's and the HTTP API's `para` value: a printed
    /// number (`17`, `6(c)`, `5.`), optionally after its part and `:` or `/` (`annex-1:5`).
    /// Spaces inside the number and a trailing full stop are dropped.
    pub fn para(mut self, para: &str) -> ShowRequest {
        let para = para.trim();
        let (part, number) = match para.split_once([':', '/']) {
            Some((p, n)) => (Some(p.trim().to_string()), n),
            None => (None, para),
        };
        let number: String = number.chars().filter(|c| !c.is_whitespace()).collect();
        self.part = part;
        self.paragraph = Some(number.trim_end_matches('.').to_string());
        self
    }

    /// The selection as the `para` syntax reads it back (`annex-1:5`, `17`), for messages.
    pub fn para_text(&self) -> Option<String> {
        let number = self.paragraph.as_deref()?;
        Some(match &self.part {
            Some(part) => format!("{part}:{number}"),
            None => number.to_string(),
        })
    }
}

/// What [`crate::Engine::cited_by`] looks for: the paragraphs that cite a document or one of its
/// paragraphs, in a stable order, one page at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedByRequest {
    /// A symbol (`S/RES/2395(2017)`) or a paragraph reference (`第 2395(2017)号决议第 17 段`).
    pub reference: String,
    /// How many citing paragraphs to return (default 10).
    pub limit: usize,
    /// How many to skip (default 0).
    pub offset: usize,
}

impl CitedByRequest {
    /// The first 10 paragraphs citing `reference`.
    pub fn new(reference: impl Into<String>) -> CitedByRequest {
        CitedByRequest {
            reference: reference.into(),
            limit: 10,
            offset: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn para_values_become_part_and_number() {
        let table: &[(&str, Option<&str>, &str)] = &[
            ("17", None, "17"),
            ("6(c)", None, "6(c)"),
            ("5.", None, "5"),
            (" 6 (c) ", None, "6(c)"),
            ("annex-1:5", Some("annex-1"), "5"),
            ("annex-1/5", Some("annex-1"), "5"),
            ("body: 12", Some("body"), "12"),
        ];
        for &(para, part, number) in table {
            let r = ShowRequest::new("S/2022/529").para(para);
            assert_eq!(
                (r.part.as_deref(), r.paragraph.as_deref()),
                (part, Some(number)),
                "{para}"
            );
        }
        let r = ShowRequest::new("S/2022/529").para("annex-1:5");
        assert_eq!(r.para_text().as_deref(), Some("annex-1:5"));
        assert_eq!(ShowRequest::new("S/2022/529").para_text(), None);
    }
}
