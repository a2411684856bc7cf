//! The request and response types of queries, serialized exactly as CONTRACT.md specifies.

use crate::model::{Lang, ParagraphKind, Symbol};
use serde::{Deserialize, Serialize};

/// Longest query text accepted, in bytes. Longer input is rejected with `ErrorKind::TooLarge`.
pub const MAX_QUERY_BYTES: usize = 2048;
/// Largest `limit` accepted.
pub const MAX_LIMIT: usize = 1000;
/// Largest `offset` accepted.
pub const MAX_OFFSET: usize = 100_000;

/// Matches are counted exactly up to this many; beyond it `SearchResponse::total` is this number
/// and `total_is_lower_bound` is true ("10,000+", like Elasticsearch's `track_total_hits`
/// default). Counting every match of a common word ("Council": 140,000 paragraphs at 16× the
/// bundled corpus) stops tantivy from skipping blocks that cannot enter the top 10; 10,000 is
/// more than a reader pages through and keeps the count exact for all but a handful of the
/// commonest words of the bundled corpus.
pub const TOTAL_EXACT_UP_TO: usize = 10_000;

/// A search: query text plus filters and paging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// The query text: words, `"quoted phrases"`, `-excluded` words, or a citation
    /// ("第 2395(2017)号决议第 17 段", "paragraph 5 of resolution 2178 (2014)").
    pub query: String,
    /// Only paragraphs in this language.
    pub lang: Option<Lang>,
    /// Only documents whose symbol starts with this prefix (`S/RES/`, `S/2025/71`).
    pub symbol_prefix: Option<String>,
    /// Only documents from this year on (inclusive).
    pub year_from: Option<u32>,
    /// Only documents up to this year (inclusive).
    pub year_to: Option<u32>,
    /// How many hits to return (default 10).
    pub limit: usize,
    /// How many hits to skip (default 0).
    pub offset: usize,
    /// Show hits of superseded versions and repeated text too (default false: a hit in
    /// `S/2025/71` folds into `S/2025/71/Rev.1`, identical text is shown once).
    #[serde(default)]
    pub all_versions: bool,
}

impl SearchRequest {
    /// A request for `query` with no filters, 10 hits.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            lang: None,
            symbol_prefix: None,
            year_from: None,
            year_to: None,
            limit: 10,
            offset: 0,
            all_versions: false,
        }
    }
}

pub use crate::model::CitationRef;

/// One matching paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The document.
    pub symbol: Symbol,
    /// The language of the paragraph.
    pub lang: Lang,
    /// The document's title.
    pub title: String,
    /// The part (`annex-1`…) or `null` for the body.
    pub part: Option<String>,
    /// The printed paragraph number, or `null`.
    pub paragraph: Option<String>,
    /// 0-based order of the paragraph in its document.
    pub seq: usize,
    /// What the paragraph is (`body`, `heading`, `list-item`, …).
    pub kind: ParagraphKind,
    /// The headings above the paragraph, outermost first.
    pub section: Vec<String>,
    /// Relevance score (higher is better).
    pub score: f32,
    /// Text of the paragraph (or the best fragments of it) with `<mark>…</mark>` around matches;
    /// other text is HTML-escaped.
    pub snippet: String,
    /// The citations found in this paragraph.
    pub citations: Vec<CitationRef>,
    /// Other documents with the same paragraph text, or superseded versions of this document
    /// that also matched (folded into this hit unless `all_versions`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<Symbol>,
}

/// Which relaxation step answered a search: every query word required, most of them, or any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchStep {
    /// Every word of the query matched (or the query has a single word).
    #[default]
    All,
    /// No paragraph had every word: most of them (3 in 5) must match.
    Most,
    /// Fewer still: any word may match, paragraphs covering more words rank first.
    Any,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// The query text as received.
    pub query: String,
    /// How many paragraphs match in all (before paging and version folding), counted exactly up
    /// to [`TOTAL_EXACT_UP_TO`]; when `total_is_lower_bound`, at least that many match.
    pub total: usize,
    /// True when counting stopped at [`TOTAL_EXACT_UP_TO`]: `total` is a lower bound.
    #[serde(default)]
    pub total_is_lower_bound: bool,
    /// Which relaxation step answered (`all`, `most`, `any`).
    #[serde(default)]
    pub match_step: MatchStep,
    /// Time spent answering, in milliseconds.
    pub took_ms: u64,
    /// The hits of the requested page, best first.
    pub hits: Vec<Hit>,
}

impl SearchResponse {
    /// The total as shown to people: `12`, `1,234`, or `10,000+` when it is a lower bound.
    pub fn total_text(&self) -> String {
        let digits = self.total.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if self.total_is_lower_bound {
            out.push('+');
        }
        out
    }
}

/// One paragraph of `show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownParagraph {
    /// The part or `null` for the body.
    pub part: Option<String>,
    /// The printed number or `null`.
    pub paragraph: Option<String>,
    /// 0-based order.
    pub seq: usize,
    /// What the paragraph is (`body`, `heading`, `toc`, `list-item`, …).
    pub kind: ParagraphKind,
    /// The headings above the paragraph, outermost first.
    pub section: Vec<String>,
    /// The text.
    pub text: String,
}

/// The answer to `show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowResponse {
    /// The document.
    pub symbol: Symbol,
    /// The language shown.
    pub lang: Lang,
    /// The title.
    pub title: String,
    /// Later revisions in the index that replace this document (`S/2025/71/Rev.1` for
    /// `S/2025/71`), oldest first; empty when this is the current text.
    pub superseded_by: Vec<Symbol>,
    /// The paragraphs (all, or the one asked for).
    pub paragraphs: Vec<ShownParagraph>,
}

/// A paragraph found while resolving a citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundParagraph {
    /// The document.
    pub symbol: Symbol,
    /// The language of the text returned.
    pub lang: Lang,
    /// The part or `null`.
    pub part: Option<String>,
    /// The printed number or `null`.
    pub paragraph: Option<String>,
    /// What the paragraph is.
    pub kind: ParagraphKind,
    /// The headings above the paragraph, outermost first.
    pub section: Vec<String>,
    /// The text.
    pub text: String,
}

/// One citation of a `resolve` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedCitation {
    /// The cited document.
    pub symbol: Symbol,
    /// The cited paragraphs (empty: the whole document).
    pub paragraphs: Vec<String>,
    /// Whether the document is in the corpus.
    pub in_corpus: bool,
    /// The paragraph texts found.
    pub found: Vec<FoundParagraph>,
    /// Cited paragraphs that were not found.
    pub missing: Vec<String>,
    /// What to do when something is missing (e.g. `undex crawl S/RES/2395(2017)`).
    pub hint: Option<String>,
    /// For an anaphor ("该决议第 5 段", "paragraph 3 of that resolution"): the text of the
    /// earlier mention it was resolved to (`symbol` is that mention's document); `null` otherwise.
    #[serde(default)]
    pub antecedent: Option<String>,
}

/// The answer to `resolve`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolveResponse {
    /// One entry per cited document.
    pub citations: Vec<ResolvedCitation>,
}

/// The answer to `cited-by`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitedByResponse {
    /// What was looked up.
    pub target: CitationRef,
    /// How many paragraphs cite it.
    pub total: usize,
    /// The citing paragraphs.
    pub hits: Vec<Hit>,
}

/// Index and corpus status, for `/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexStatus {
    /// Documents (symbol, language) in the index.
    pub documents: usize,
    /// Paragraphs in the index.
    pub paragraphs: usize,
    /// Whether the index matches the corpus on disk.
    pub fresh: bool,
    /// When the index was last built (RFC 3339), if known.
    pub built_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_text_groups_thousands_and_marks_lower_bounds() {
        let cases = [
            (0, false, "0"),
            (12, false, "12"),
            (999, false, "999"),
            (1_000, false, "1,000"),
            (1_234_567, false, "1,234,567"),
            (TOTAL_EXACT_UP_TO, true, "10,000+"),
        ];
        for (total, lower, want) in cases {
            let r = SearchResponse {
                query: String::new(),
                total,
                total_is_lower_bound: lower,
                match_step: MatchStep::All,
                took_ms: 0,
                hits: Vec::new(),
            };
            assert_eq!(r.total_text(), want, "{total} {lower}");
        }
    }
}
