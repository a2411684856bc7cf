//! The embeddable entry point: [`Engine`] ties a corpus folder to its index, builds or refreshes
//! the index when it is missing or stale, and answers searches, `show`, `resolve` and `cited-by`.

use crate::error::Result;
use crate::model::Lang;
use crate::query::{
    CitedByResponse, IndexStatus, ResolveResponse, SearchRequest, SearchResponse, ShowResponse,
};
use std::path::{Path, PathBuf};

/// A corpus and its index, ready to answer queries. Cheap to share across threads (`&Engine`
/// is `Sync`); searches see a consistent snapshot of the index.
pub struct Engine {
    corpus_dir: PathBuf,
    index_dir: PathBuf,
}

impl Engine {
    /// Opens the corpus and index folders, building the index first when it is missing or older
    /// than the corpus (progress goes to stderr).
    pub fn open(corpus: impl AsRef<Path>, index: impl AsRef<Path>) -> Result<Engine> {
        Ok(Engine {
            corpus_dir: corpus.as_ref().to_path_buf(),
            index_dir: index.as_ref().to_path_buf(),
        })
    }

    /// Runs a search.
    pub fn search(&self, _request: &SearchRequest) -> Result<SearchResponse> {
        todo!("search")
    }

    /// Shows a document (all paragraphs) or one paragraph of it.
    pub fn show(
        &self,
        _symbol: &str,
        _lang: Option<Lang>,
        _para: Option<&str>,
    ) -> Result<ShowResponse> {
        todo!("show")
    }

    /// Resolves a reference ("第 2395(2017)号决议第 17 段", "S/RES/2178(2014) para 5") to the
    /// cited paragraph texts, in `lang` when available, else in the other language.
    pub fn resolve(&self, _reference: &str, _lang: Option<Lang>) -> Result<ResolveResponse> {
        todo!("resolve")
    }

    /// Paragraphs that cite `reference` (a symbol, or a symbol plus paragraph).
    pub fn cited_by(
        &self,
        _reference: &str,
        _limit: usize,
        _offset: usize,
    ) -> Result<CitedByResponse> {
        todo!("cited_by")
    }

    /// Index and corpus status.
    pub fn status(&self) -> Result<IndexStatus> {
        todo!("status")
    }

    /// The corpus folder.
    pub fn corpus_dir(&self) -> &Path {
        &self.corpus_dir
    }

    /// The index folder.
    pub fn index_dir(&self) -> &Path {
        &self.index_dir
    }
}
