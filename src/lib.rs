//! undex: full-text search over UN counter-terrorism documents in Chinese and English, with
//! resolution of the cross-references UN texts are full of.
//!
//! The pipeline runs one way (see DESIGN.md):
//! `crawl → corpus → extract → segment → cite → index → query → cli | serve | library`.
//!
//! Embed it through [`Engine`]: open a corpus folder and an index folder (the index is built
//! when missing or stale), then search, show, resolve and list citers. This example runs on a
//! copy of one bundled document:
//! ```
//! use undex::{CitedByRequest, Engine, SearchRequest};
//! # let dir = tempfile::tempdir()?;
//! # let bundled = undex::corpus::Corpus::open(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))?;
//! # let mut corpus = undex::corpus::Corpus::open(dir.path().join("corpus"))?;
//! # let sym = undex::Symbol::parse("S/2022/529").unwrap();
//! # let entry = bundled.get(&sym, undex::Lang::Zh).unwrap().clone();
//! # corpus.store(entry.clone(), "txt", &bundled.read_raw(&entry)?)?;
//! # let (corpus_dir, index_dir) = (dir.path().join("corpus"), dir.path().join("index"));
//! let engine = Engine::open(&corpus_dir, &index_dir)?;
//! let results = engine.search(&SearchRequest::new("外国恐怖主义作战人员回返和迁移"))?;
//! let best = &results.hits[0];
//! assert_eq!((best.part.as_deref(), best.paragraph.as_deref()), (Some("annex-1"), Some("5")));
//!
//! // Every paragraph that cites paragraph 17 of resolution 2395 (2017): annex I ¶25, ¶70 and
//! // ¶78 (which cites "第 4、10、12、13、14、16、17…段").
//! let citers = engine.cited_by(&CitedByRequest::new("第 2395(2017)号决议第 17 段"))?;
//! let numbers: Vec<_> = citers.hits.iter().filter_map(|h| h.paragraph.as_deref()).collect();
//! assert_eq!(numbers, ["25", "70", "78"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod cite;
pub mod corpus;
#[cfg(feature = "crawl")]
pub mod crawl;
pub mod engine;
pub mod error;
pub mod extract;
pub mod index;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod query;
pub mod segment;
#[cfg(feature = "serve")]
pub mod serve;

pub use cite::FoundCitation;
pub use engine::{Engine, OpenOptions};
pub use error::{Error, ErrorKind, Result};
pub use index::BuildReport;
pub use model::{Citation, Document, Lang, Paragraph, Symbol};
pub use progress::{Progress, ProgressFn};
pub use query::{
    CitedByRequest, CitedByResponse, Hit, ResolveResponse, SearchRequest, SearchResponse,
    ShowRequest, ShowResponse,
};
