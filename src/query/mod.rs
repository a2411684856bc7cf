//! Queries over the index: the request model (text, filters, paging), citation-aware search,
//! "cited by", resolution of references to paragraph texts, and snippets whose highlights sit on
//! the right characters.

mod bonus;
pub(crate) mod compounds;
pub(crate) mod context;
mod filter;
mod heading_words;
mod pair_phrase;
pub(crate) mod parse;
pub(crate) mod plan;
mod requests;
pub mod search;
pub mod snippet;
mod stats;
mod sum_union;
pub(crate) mod synonyms;
pub mod terms;
mod types;

pub use requests::{CitedByRequest, ShowRequest};
pub use types::*;

/// `weight`'s scorer on `reader`, moved to `doc`, for an `explain`: an error when `doc` is not
/// among its matches (tantivy's own `does_not_match` is private to tantivy). Shared by the
/// plan's own query types ([`bonus`], [`filter`], [`pair_phrase`], [`sum_union`]).
fn scorer_at(
    weight: &dyn tantivy::query::Weight,
    reader: &tantivy::SegmentReader,
    doc: tantivy::DocId,
) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
    let mut scorer = weight.scorer(reader, 1.0)?;
    if tantivy::DocSet::seek(&mut scorer, doc) != doc {
        return Err(tantivy::TantivyError::InvalidArgument(format!(
            "document {doc} does not match"
        )));
    }
    Ok(scorer)
}
