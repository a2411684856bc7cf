//! What the index was built from (schema version, producer fingerprint, the sha256 and stamp of
//! every indexed document file, documents that could not be indexed and why), so that
//! staleness is a cheap comparison and rebuilds can be incremental.
//!
//! It is stored as the payload of the tantivy commit (inside tantivy's `meta.json`), so it is
//! written in the same atomic rename as the segments it describes: a build killed at any point
//! leaves the old index with the old metadata, or the new index with the new metadata, never
//! one with the other (which used to re-add documents already present: doubled paragraphs).

use super::freshness::FileStamp;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use tantivy::Index;

/// File name of the meta file undex wrote beside the index before the metadata moved into the
/// commit payload; an index that only has this file was built by an older undex and is rebuilt.
pub const LEGACY_META_FILE: &str = "undex-meta.json";

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

/// The metadata committed with the index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// Schema version the index was built with.
    pub schema_version: u32,
    /// undex version that built it.
    #[serde(default)]
    pub undex_version: String,
    /// [`super::freshness::producer_fingerprint`] of the undex that built it.
    #[serde(default)]
    pub producer: String,
    /// When the build finished (RFC 3339 UTC).
    pub built_at: String,
    /// doc_key → sha256 of the raw file indexed.
    pub documents: BTreeMap<String, String>,
    /// doc_key → size and mtime of the file when it was indexed or skipped.
    #[serde(default)]
    pub stamps: BTreeMap<String, FileStamp>,
    /// Documents that were skipped, keyed like `documents`.
    pub skipped: BTreeMap<String, Skipped>,
    /// Number of paragraphs in the index.
    pub paragraphs: usize,
}

impl IndexMeta {
    /// The metadata of the last commit of an open index; `None` when the commit carries none
    /// (an empty index, or one built by an older undex).
    pub fn of_index(index: &Index) -> Option<IndexMeta> {
        let payload = index.load_metas().ok()?.payload?;
        serde_json::from_str(&payload).ok()
    }

    /// The metadata of the last commit of the index in `index_dir`; `None` when there is no
    /// readable index there or its commit carries no undex metadata. Never modifies anything.
    pub fn read(index_dir: &Path) -> Option<IndexMeta> {
        if !index_dir.join("meta.json").is_file() {
            return None;
        }
        let index = Index::open_in_dir(index_dir).ok()?;
        IndexMeta::of_index(&index)
    }

    /// The payload text for the commit.
    pub fn to_payload(&self) -> Result<String> {
        serde_json::to_string(self)
            .map_err(|e| Error::Internal(format!("serializing index meta: {e}")))
    }

    /// (sha256, stamp) of every file recorded (indexed or skipped), for
    /// [`super::freshness::current_files`].
    pub fn known_files(&self) -> BTreeMap<String, (String, FileStamp)> {
        let mut out = BTreeMap::new();
        for (key, stamp) in &self.stamps {
            let sha = self
                .documents
                .get(key)
                .cloned()
                .or_else(|| self.skipped.get(key).map(|s| s.sha256.clone()));
            if let Some(sha) = sha {
                out.insert(key.clone(), (sha, *stamp));
            }
        }
        out
    }
}
