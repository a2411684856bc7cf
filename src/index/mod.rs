//! The tantivy index: schema, analyzers (Chinese words, Chinese characters, English stemmed),
//! the writer (one tantivy document per paragraph, with document-level fields and the
//! paragraph's cited targets as keywords) and (incremental) rebuilds from the corpus.

pub mod analyzers;
pub mod build;
pub mod facts;
pub mod freshness;
pub mod meta;
pub mod schema;

pub use build::{BuildMode, BuildReport, build, is_stale, stale_reason};
pub use schema::IndexSchema;
