//! The resumable state of a crawl, `corpus/.crawl-state.json`: the jobs still to do (including
//! those in flight) and the (symbol, language) pairs already done. It is rewritten atomically
//! after every finished job and removed when the crawl completes, so a crawl stopped at any
//! point (Ctrl-C, kill -9, power loss) resumes where it was: done pairs are not fetched again,
//! and a pair that was in flight is fetched again and stored idempotently (the manifest is keyed
//! by symbol and language; an identical file is not rewritten).

use crate::corpus::write_atomic;
use crate::error::{Error, Result};
use crate::model::{Lang, Symbol};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// File name of the crawl state inside the corpus folder.
pub const STATE_FILE: &str = ".crawl-state.json";

/// One document to fetch: a symbol in a language, found at some depth from the seeds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Job {
    /// The symbol.
    pub symbol: Symbol,
    /// The language.
    pub lang: Lang,
    /// 0 for a symbol given on the command line, n for one cited n steps away.
    pub depth: u32,
}

/// The saved state of an unfinished crawl.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrawlState {
    /// Format version.
    pub version: u32,
    /// Jobs not finished yet, in the order they will run.
    pub queue: Vec<Job>,
    /// Pairs finished (whatever their outcome).
    pub done: BTreeSet<(Symbol, Lang)>,
}

/// Path of the state file of a corpus.
pub fn state_path(corpus_dir: &Path) -> PathBuf {
    corpus_dir.join(STATE_FILE)
}

/// Loads the state left by an interrupted crawl, if any. A state file that cannot be read is
/// an error naming the file (it is never silently discarded).
pub fn load(corpus_dir: &Path) -> Result<Option<CrawlState>> {
    let path = state_path(corpus_dir);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::Internal(format!(
                "the crawl state {} is not valid ({e}); remove it to start the crawl afresh",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("reading the crawl state", path, e)),
    }
}

/// Saves the state atomically.
pub fn save(corpus_dir: &Path, state: &CrawlState) -> Result<()> {
    let json = serde_json::to_vec(state)
        .map_err(|e| Error::Internal(format!("serializing the crawl state: {e}")))?;
    write_atomic(&state_path(corpus_dir), &json)
}

/// Removes the state of a finished crawl.
pub fn remove(corpus_dir: &Path) -> Result<()> {
    let path = state_path(corpus_dir);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("removing the crawl state", path, e)),
    }
}

/// Removes the temporary files an interrupted atomic write can leave (`.tmp*` in the corpus
/// folder and in each symbol folder); returns how many were removed. Called when resuming.
pub fn remove_stale_temp_files(corpus_dir: &Path) -> Result<usize> {
    let mut removed = 0;
    let mut folders = vec![corpus_dir.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(corpus_dir) {
        folders.extend(
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path()),
        );
    }
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let is_temp = entry.file_name().to_string_lossy().starts_with(".tmp")
                && entry.file_type().is_ok_and(|t| t.is_file());
            if is_temp {
                std::fs::remove_file(entry.path())
                    .map_err(|e| Error::io("removing a stale temporary file", entry.path(), e))?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), None);
        let symbol = Symbol::parse("S/RES/1373(2001)").unwrap();
        let state = CrawlState {
            version: 1,
            queue: vec![Job {
                symbol: symbol.clone(),
                lang: Lang::Zh,
                depth: 1,
            }],
            done: [(symbol, Lang::En)].into_iter().collect(),
        };
        save(dir.path(), &state).unwrap();
        assert_eq!(load(dir.path()).unwrap(), Some(state));
        remove(dir.path()).unwrap();
        assert_eq!(load(dir.path()).unwrap(), None);
    }

    #[test]
    fn stale_temp_files_are_removed_and_documents_kept() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("S_RES_1373(2001)");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("en.pdf"), b"%PDF-").unwrap();
        std::fs::write(folder.join(".tmpAbC123"), b"%PDF-half").unwrap();
        std::fs::write(dir.path().join(".tmpXyZ"), b"{").unwrap();
        assert_eq!(remove_stale_temp_files(dir.path()).unwrap(), 2);
        assert!(folder.join("en.pdf").is_file());
        assert!(!folder.join(".tmpAbC123").exists());
    }

    #[test]
    fn corrupt_state_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(state_path(dir.path()), b"{\"queue\": 3").unwrap();
        assert!(load(dir.path()).is_err());
    }
}
