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

/// Current UTC time as RFC 3339 (seconds precision), without a date-time dependency.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_784), (2026, 11, 27));
    }
}
