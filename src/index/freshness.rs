//! What produced an index, so that an index built by another undex is never reused silently.
//!
//! The *producer fingerprint* hashes the undex version, the schema version, one version constant
//! per pipeline stage (bump yours whenever a change alters what ends up in the index: the
//! analyzers, segmentation, the citation grammar, extraction), the versions of the crates whose
//! data shapes tokens (jieba's built-in dictionary, the stemmer, tantivy's codecs) and the
//! bytes of the data files compiled in (the resolution year table). A different fingerprint
//! means a full rebuild.
//!
//! The *corpus files* are compared one by one: size and modification time first, and the
//! file's sha256 only when those changed, so an edited file is re-indexed even when the
//! manifest still carries its old hash.

use super::schema::SCHEMA_VERSION;
use crate::corpus::{Corpus, ManifestEntry, sha256_hex};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Extraction (PDF/HTML/text → clean text): bump when its output changes.
pub const EXTRACT_VERSION: u32 = 3;
/// Segmentation (clean text → paragraphs, kinds, numbers, parts): bump when its output changes.
pub const SEGMENT_VERSION: u32 = 6;
/// The citation grammar and symbol canonicalization: bump when its output changes.
pub const CITE_VERSION: u32 = 5;
/// The analyzers (Chinese words and characters, English stemming, folding): bump when tokens
/// change. 4: ranking facts as fast fields (issue 12; bumped here rather than `SCHEMA_VERSION`
/// to keep merges with other branches easy). 5: the document hash fast field (issue 9's
/// document signal).
pub const ANALYZER_VERSION: u32 = 5;
/// Versions of the crates whose built-in data decides tokens or the on-disk format. A unit
/// test checks these against Cargo.lock, so a dependency bump cannot forget them.
pub const TOKEN_CRATES: &[(&str, &str)] = &[
    ("jieba-rs", "0.11.0"),
    ("fast2s", "0.3.1"),
    ("tantivy", "0.27.0"),
];
/// The data files compiled into undex that shape what is indexed.
const DATA_FILES: &[(&str, &str)] = &[(
    "cite/sc-resolution-years.csv",
    include_str!("../cite/sc-resolution-years.csv"),
)];

/// The producer fingerprint of this build of undex (hex sha256).
pub fn producer_fingerprint() -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "undex {}\nschema {SCHEMA_VERSION}\nextract {EXTRACT_VERSION}\nsegment {SEGMENT_VERSION}\n\
         cite {CITE_VERSION}\nanalyzers {ANALYZER_VERSION}\n",
        env!("CARGO_PKG_VERSION")
    ));
    for (name, version) in TOKEN_CRATES {
        h.update(format!("crate {name} {version}\n"));
    }
    for (name, bytes) in DATA_FILES {
        h.update(format!("data {name} {}\n", sha256_hex(bytes.as_bytes())));
    }
    hex::encode(h.finalize())
}

/// Size and modification time of a corpus file when it was indexed: the cheap first check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Size in bytes.
    pub bytes: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: u128,
}

/// The current content of one corpus document file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    /// sha256 of the file's bytes (empty when the file cannot be read).
    pub sha256: String,
    /// Its stamp (`None` when the file cannot be read).
    pub stamp: Option<FileStamp>,
}

/// Stamp of a file on disk.
pub fn stamp_of(path: &std::path::Path) -> Option<FileStamp> {
    let md = std::fs::metadata(path).ok()?;
    let mtime_ns = md
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(FileStamp {
        bytes: md.len(),
        mtime_ns,
    })
}

/// The current state of every document file of the corpus, keyed by `doc_key`: a file whose
/// stamp equals the one recorded at the last build keeps the recorded hash; any other is hashed.
pub fn current_files(
    corpus: &Corpus,
    known: &BTreeMap<String, (String, FileStamp)>,
    key_of: impl Fn(&ManifestEntry) -> String,
) -> BTreeMap<String, FileState> {
    let mut out = BTreeMap::new();
    for entry in corpus.documents() {
        let key = key_of(entry);
        let path = corpus.raw_path(entry);
        let stamp = path.as_deref().and_then(stamp_of);
        let sha256 = match (known.get(&key), stamp) {
            (Some((sha, old)), Some(now)) if *old == now => sha.clone(),
            (_, Some(_)) => path
                .as_deref()
                .and_then(|p| std::fs::read(p).ok())
                .map(|b| sha256_hex(&b))
                .unwrap_or_default(),
            (_, None) => String::new(),
        };
        out.insert(key, FileState { sha256, stamp });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_crate_versions_match_cargo_lock() {
        let lock = include_str!("../../Cargo.lock");
        for (name, version) in TOKEN_CRATES {
            let want = format!("name = \"{name}\"\nversion = \"{version}\"");
            assert!(
                lock.contains(&want),
                "Cargo.lock has another {name} than {version}: update TOKEN_CRATES"
            );
        }
    }

    #[test]
    fn fingerprint_is_stable_within_a_build() {
        assert_eq!(producer_fingerprint(), producer_fingerprint());
        assert_eq!(producer_fingerprint().len(), 64);
    }
}
