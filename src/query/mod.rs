//! Queries over the index: the request model (text, filters, paging), citation-aware search,
//! "cited by", resolution of references to paragraph texts, and snippets whose highlights sit on
//! the right characters.

mod bonus;
pub(crate) mod compounds;
pub(crate) mod context;
mod filter;
mod heading_words;
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
