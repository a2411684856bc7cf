//! `index/undex-meta.json`: what the index was built from (schema version, corpus fingerprint,
//! the sha256 of every indexed document file, documents that could not be indexed and why), so
//! that staleness is a cheap comparison and rebuilds can be incremental.

use crate::corpus::write_atomic;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// File name of the meta file inside the index folder.
pub const META_FILE: &str = "undex-meta.json";

/// A document that could not be indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Symbol.
    pub symbol: String,
    /// Language.
    pub lang: String,
    /// sha256 of the raw file that failed (retried only when it changes).
    #[serde(default)]
    pub sha256: String,
    /// Why (one sentence).
    pub reason: String,
}

/// The content of the meta file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// Schema version the index was built with.
    pub schema_version: u32,
    /// Corpus fingerprint at build time.
    pub corpus_fingerprint: String,
    /// When the build finished (RFC 3339 UTC).
    pub built_at: String,
    /// doc_key → sha256 of the raw file indexed.
    pub documents: BTreeMap<String, String>,
    /// Documents that were skipped, keyed like `documents`.
    pub skipped: BTreeMap<String, Skipped>,
    /// Number of paragraphs in the index.
    pub paragraphs: usize,
}

impl IndexMeta {
    /// Reads the meta file of an index folder; `None` when absent or unreadable (the index is
    /// then treated as missing and rebuilt).
    pub fn read(index_dir: &Path) -> Option<IndexMeta> {
        let bytes = std::fs::read(index_dir.join(META_FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the meta file atomically.
    pub fn write(&self, index_dir: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::Internal(format!("serializing index meta: {e}")))?;
        write_atomic(&index_dir.join(META_FILE), &json)
    }
}
