//! A citation as hits and the index show it: the cited document and the paragraphs cited in
//! it, one entry per document ([`merge_citations`] folds a paragraph's several mentions of the
//! same document into one). The index stores them; the query reads them back and builds them
//! from a user's reference.

use super::{Citation, Symbol};
use serde::{Deserialize, Serialize};

/// A (symbol, paragraphs) pair as shown in hits and targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitationRef {
    /// The cited document.
    pub symbol: Symbol,
    /// The cited paragraphs (empty: the whole document).
    pub paragraphs: Vec<String>,
}

/// Merges citations per symbol (paragraph lists united, order kept).
pub fn merge_citations(cites: &[Citation]) -> Vec<CitationRef> {
    let mut out: Vec<CitationRef> = Vec::new();
    for c in cites {
        match out.iter_mut().find(|r| r.symbol == c.symbol) {
            Some(r) => {
                // A whole-document mention adds nothing to a paragraph-level one and vice versa.
                for p in &c.paragraphs {
                    if !r.paragraphs.contains(p) {
                        r.paragraphs.push(p.clone());
                    }
                }
            }
            None => out.push(CitationRef {
                symbol: c.symbol.clone(),
                paragraphs: c.paragraphs.clone(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_per_symbol_in_order() {
        let found = crate::cite::find_citations(
            "第 2395(2017)号决议第 17 段、第 2178(2014)号决议和第 2395(2017)号决议第 4、17 段",
            None,
        );
        let merged: Vec<(String, Vec<String>)> = merge_citations(&found)
            .into_iter()
            .map(|r| (r.symbol.to_string(), r.paragraphs))
            .collect();
        assert_eq!(
            merged,
            [
                (
                    "S/RES/2395(2017)".to_string(),
                    vec!["17".to_string(), "4".to_string()]
                ),
                ("S/RES/2178(2014)".to_string(), vec![]),
            ]
        );
    }
}
