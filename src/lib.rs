//! undex: full-text search over UN counter-terrorism documents in Chinese and English, with
//! resolution of the cross-references UN texts are full of.
//!
//! The pipeline runs one way (see DESIGN.md):
//! `crawl → corpus → extract → segment → cite → index → query → cli | serve | library`.
//!
//! Embed it through [`Engine`]:
//! ```no_run
//! use undex::{Engine, SearchRequest};
//! let engine = Engine::open("corpus", "index")?;
//! let results = engine.search(&SearchRequest::new("外国恐怖主义作战人员"))?;
//! for hit in results.hits {
//!     println!("{} ¶{:?}: {}", hit.symbol, hit.paragraph, hit.snippet);
//! }
//! # Ok::<(), undex::Error>(())
//! ```

pub mod cite;
pub mod cli;
pub mod corpus;
pub mod crawl;
pub mod engine;
pub mod error;
pub mod extract;
pub mod index;
pub mod model;
pub mod query;
pub mod segment;
pub mod serve;

pub use engine::Engine;
pub use error::{Error, ErrorKind, Result};
pub use model::{Citation, Document, Lang, Paragraph, Symbol};
pub use query::{Hit, SearchRequest, SearchResponse};
