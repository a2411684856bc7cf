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

/// An in-memory index with undex's schema and analyzers, and a one-thread writer (so that
/// documents keep their order): what unit tests of the query layer search.
#[cfg(test)]
pub(crate) fn ram_index() -> (tantivy::Index, IndexSchema, tantivy::IndexWriter) {
    let f = IndexSchema::new();
    let index = tantivy::Index::create_in_ram(f.schema.clone());
    analyzers::register(&index);
    let writer = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("an in-memory index writer");
    (index, f, writer)
}
