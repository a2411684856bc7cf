//! The on-disk layout of `corpus/`: raw files exactly as fetched (one folder per symbol, one
//! file per language) and `manifest.json`, the catalog of what is there and where it came from.
//! Every write is atomic (temp file in the same folder, fsync, rename), so an interrupted
//! writer never leaves a half-written file or manifest behind.
//!
//! ```text
//! corpus/
//!   manifest.json                 {"version": 1, "entries": [ManifestEntry, ...]}
//!   S_RES_2395(2017)/en.pdf        '/' in the symbol becomes '_', parentheses are kept
//!   S_2022_529/zh.txt
//! ```
//! Extracted text is derived data and is never stored here.
//!
//! Writers never lose each other's entries: a manifest update takes a short lock
//! ([`MANIFEST_LOCK_FILE`]), re-reads the manifest from disk, applies only the entries this
//! process changed, and renames the result into place. A crawl holds [`CRAWL_LOCK_FILE`] for its
//! whole run (one crawl per corpus). One bad entry is skipped with a warning naming it (and kept
//! in the file as it was); a missing manifest is rebuilt from the files ([`repair`]).

pub mod lock;
pub mod repair;

use lock::WriterLock;

use crate::error::{Error, Result};
use crate::model::{Lang, Symbol};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// File name of the manifest inside the corpus folder.
pub const MANIFEST_FILE: &str = "manifest.json";
/// Lock taken for the moment of a manifest update (re-read, merge, rename).
pub const MANIFEST_LOCK_FILE: &str = ".undex-manifest.lock";
/// Lock held by a crawl (and by `undex corpus repair`) for its whole run.
pub const CRAWL_LOCK_FILE: &str = ".undex-crawl.lock";

/// What state a (symbol, language) pair is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryStatus {
    /// A document file is stored.
    Ok,
    /// The site said the document does not exist in that language (404).
    Unavailable,
    /// The site answered 200 with an empty or non-document body: not published yet.
    NotYet,
    /// A file was received but its format cannot be extracted (Word, WordPerfect, …); it is
    /// stored so that nothing is lost.
    Unsupported,
}

/// One (symbol, language) record of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The canonical symbol.
    pub symbol: Symbol,
    /// The language of the file.
    pub lang: Lang,
    /// State of this pair.
    pub status: EntryStatus,
    /// Path of the raw file relative to the corpus folder (`S_2022_529/zh.txt`), if stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where the file came from: a URL, or a path under `shared/data/` for bundled files.
    pub origin: String,
    /// MIME type of the stored bytes, sniffed from the bytes (not trusted from a server).
    pub content_type: String,
    /// SHA-256 of the stored bytes, lower-case hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Size of the stored file in bytes.
    #[serde(default)]
    pub bytes: u64,
    /// When it was fetched or imported (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    /// HTTP `ETag` of the response, for conditional GET.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// HTTP `Last-Modified` of the response, for conditional GET.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl ManifestEntry {
    /// A new document entry (status `ok`) for [`Corpus::store`], which fills in the file name,
    /// size and sha256; `origin` says where the bytes came from.
    pub fn new(
        symbol: Symbol,
        lang: Lang,
        origin: impl Into<String>,
        content_type: impl Into<String>,
    ) -> ManifestEntry {
        ManifestEntry {
            symbol,
            lang,
            status: EntryStatus::Ok,
            file: None,
            origin: origin.into(),
            content_type: content_type.into(),
            sha256: None,
            bytes: 0,
            fetched_at: None,
            etag: None,
            last_modified: None,
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct ManifestFile {
    #[serde(default)]
    version: u32,
    entries: Vec<serde_json::Value>,
}

/// The manifest as read from disk: good entries, entries that could not be read (kept verbatim
/// so that saving never drops them) and one warning per bad entry.
#[derive(Debug, Default)]
struct LoadedManifest {
    present: bool,
    entries: BTreeMap<(Symbol, Lang), ManifestEntry>,
    bad: Vec<serde_json::Value>,
    warnings: Vec<String>,
}

fn load_manifest(dir: &Path) -> Result<LoadedManifest> {
    let path = dir.join(MANIFEST_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LoadedManifest::default()),
        Err(e) => return Err(Error::io("reading the corpus manifest", path, e)),
    };
    let file: ManifestFile = serde_json::from_slice(&bytes).map_err(|e| {
        Error::Internal(format!(
            "the corpus manifest {} is not valid JSON ({e}); fix it, or remove it and run `undex corpus repair`",
            path.display()
        ))
    })?;
    let mut out = LoadedManifest {
        present: true,
        ..LoadedManifest::default()
    };
    for (i, value) in file.entries.into_iter().enumerate() {
        match serde_json::from_value::<ManifestEntry>(value.clone()) {
            Ok(e) => {
                out.entries.insert((e.symbol.clone(), e.lang), e);
            }
            Err(err) => {
                let symbol = value.get("symbol").and_then(|v| v.as_str()).unwrap_or("?");
                out.warnings.push(format!(
                    "skipped entry {} ({symbol}) of {}: {err}",
                    i + 1,
                    path.display()
                ));
                out.bad.push(value);
            }
        }
    }
    Ok(out)
}

/// A corpus folder and its manifest, loaded in memory.
#[derive(Debug, Clone)]
pub struct Corpus {
    dir: PathBuf,
    entries: BTreeMap<(Symbol, Lang), ManifestEntry>,
    /// Entries this process added or changed since the last save (merged into the file).
    dirty: BTreeSet<(Symbol, Lang)>,
    bad: Vec<serde_json::Value>,
    warnings: Vec<String>,
    manifest_present: bool,
}

impl Corpus {
    /// Opens a corpus folder. A missing folder or manifest is an empty corpus (see
    /// [`Corpus::has_manifest`]); a manifest that is not JSON is an error (it is never silently
    /// overwritten); an entry that cannot be read is skipped with a warning
    /// ([`Corpus::warnings`]).
    pub fn open(dir: impl Into<PathBuf>) -> Result<Corpus> {
        let dir = dir.into();
        let loaded = load_manifest(&dir)?;
        Ok(Corpus {
            dir,
            entries: loaded.entries,
            dirty: BTreeSet::new(),
            bad: loaded.bad,
            warnings: loaded.warnings,
            manifest_present: loaded.present,
        })
    }

    /// Whether the manifest file was there when the corpus was opened.
    pub fn has_manifest(&self) -> bool {
        self.manifest_present
    }

    /// One sentence per manifest entry that could not be read (and was skipped).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Takes the corpus's crawl lock (one crawl, or repair, at a time); [`Error::Busy`] names
    /// the process holding it.
    pub fn lock_for_crawl(dir: &Path) -> Result<WriterLock> {
        WriterLock::try_acquire(
            &dir.join(CRAWL_LOCK_FILE),
            &format!("`undex crawl` on {}", dir.display()),
        )
    }

    /// The corpus folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// All entries, sorted by symbol then language.
    pub fn entries(&self) -> impl Iterator<Item = &ManifestEntry> {
        self.entries.values()
    }

    /// Entries that have a stored, extractable document file.
    pub fn documents(&self) -> impl Iterator<Item = &ManifestEntry> {
        self.entries
            .values()
            .filter(|e| e.status == EntryStatus::Ok && e.file.is_some())
    }

    /// The entry of one (symbol, language) pair.
    pub fn get(&self, symbol: &Symbol, lang: Lang) -> Option<&ManifestEntry> {
        self.entries.get(&(symbol.clone(), lang))
    }

    /// The set of symbols that have at least one stored document (the catalog used to say
    /// whether a citation is `in_corpus`).
    pub fn symbols(&self) -> BTreeSet<Symbol> {
        self.documents().map(|e| e.symbol.clone()).collect()
    }

    /// Absolute path of an entry's raw file.
    pub fn raw_path(&self, entry: &ManifestEntry) -> Option<PathBuf> {
        entry.file.as_ref().map(|f| self.dir.join(f))
    }

    /// Reads an entry's raw bytes.
    pub fn read_raw(&self, entry: &ManifestEntry) -> Result<Vec<u8>> {
        let path = self.raw_path(entry).ok_or_else(|| {
            Error::NotFound(format!(
                "{} ({}) has no stored file",
                entry.symbol, entry.lang
            ))
        })?;
        std::fs::read(&path).map_err(|e| Error::io("reading a corpus file", path, e))
    }

    /// Stores a document's bytes atomically and records it in the manifest (also atomically).
    /// `extension` is the file extension without a dot (`pdf`, `html`, `txt`, `doc`).
    /// The entry's `file`, `sha256` and `bytes` are filled in here.
    pub fn store(
        &mut self,
        entry: ManifestEntry,
        extension: &str,
        bytes: &[u8],
    ) -> Result<ManifestEntry> {
        let entry = self.store_deferred(entry, extension, bytes)?;
        self.save()?;
        Ok(entry)
    }

    /// Like [`Corpus::store`], but leaves the manifest unsaved until [`Corpus::save`] is called:
    /// for importing many documents at once. The file itself is written atomically.
    pub fn store_deferred(
        &mut self,
        mut entry: ManifestEntry,
        extension: &str,
        bytes: &[u8],
    ) -> Result<ManifestEntry> {
        let rel = format!(
            "{}/{}.{}",
            entry.symbol.dir_name(),
            entry.lang.code(),
            extension
        );
        let path = self.dir.join(&rel);
        // Remove an older file of the same language with another extension.
        if let Some(old) = self
            .get(&entry.symbol, entry.lang)
            .and_then(|e| e.file.clone())
            && old != rel
        {
            let _ = std::fs::remove_file(self.dir.join(old));
        }
        write_atomic(&path, bytes)?;
        entry.file = Some(rel);
        entry.sha256 = Some(sha256_hex(bytes));
        entry.bytes = bytes.len() as u64;
        let key = (entry.symbol.clone(), entry.lang);
        self.dirty.insert(key.clone());
        self.entries.insert(key, entry.clone());
        Ok(entry)
    }

    /// Records an entry without a file (unavailable, not yet published) or updates metadata
    /// of an existing one, and saves the manifest.
    pub fn record(&mut self, entry: ManifestEntry) -> Result<()> {
        let key = (entry.symbol.clone(), entry.lang);
        self.dirty.insert(key.clone());
        self.entries.insert(key, entry);
        self.save()
    }

    /// Saves the entries this process changed: under the manifest lock, re-reads the manifest
    /// on disk (another writer may have added entries since), applies this process's changes,
    /// and writes the result atomically; afterwards this `Corpus` holds the merged catalog.
    /// When the manifest file is gone, its entries are first recovered from the files
    /// ([`repair::scan`]), so a save never shrinks the catalog to this process's entries.
    pub fn save(&mut self) -> Result<()> {
        let _guard = WriterLock::acquire_blocking(&self.dir.join(MANIFEST_LOCK_FILE))?;
        let on_disk = load_manifest(&self.dir)?;
        let mut merged = if on_disk.present {
            on_disk.entries
        } else {
            repair::scan(&self.dir)?
                .recovered
                .into_iter()
                .map(|e| ((e.symbol.clone(), e.lang), e))
                .collect()
        };
        for key in &self.dirty {
            match self.entries.get(key) {
                Some(e) => merged.insert(key.clone(), e.clone()),
                None => merged.remove(key),
            };
        }
        let bad = if on_disk.present {
            on_disk.bad
        } else {
            std::mem::take(&mut self.bad)
        };
        write_manifest(&self.dir, &merged, &bad)?;
        self.entries = merged;
        self.bad = bad;
        self.dirty.clear();
        self.manifest_present = true;
        Ok(())
    }

    /// Replaces the whole catalog (used by `undex corpus repair`, under the crawl lock):
    /// unreadable entries are dropped, the given ones written atomically.
    pub fn replace_all(&mut self, entries: Vec<ManifestEntry>) -> Result<()> {
        let _guard = WriterLock::acquire_blocking(&self.dir.join(MANIFEST_LOCK_FILE))?;
        let merged: BTreeMap<(Symbol, Lang), ManifestEntry> = entries
            .into_iter()
            .map(|e| ((e.symbol.clone(), e.lang), e))
            .collect();
        write_manifest(&self.dir, &merged, &[])?;
        self.entries = merged;
        self.bad.clear();
        self.warnings.clear();
        self.dirty.clear();
        self.manifest_present = true;
        Ok(())
    }

    /// A fingerprint of the catalog (symbols, languages, recorded hashes). The index's
    /// freshness does not rely on it: it checks the files themselves (`index::freshness`).
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        for e in self.documents() {
            h.update(e.symbol.as_str().as_bytes());
            h.update(e.lang.code().as_bytes());
            h.update(e.sha256.as_deref().unwrap_or("").as_bytes());
            h.update(b"\n");
        }
        hex::encode(h.finalize())
    }
}

/// Writes the manifest file atomically (entries sorted by symbol then language; unreadable
/// entries kept verbatim at the end).
fn write_manifest(
    dir: &Path,
    entries: &BTreeMap<(Symbol, Lang), ManifestEntry>,
    bad: &[serde_json::Value],
) -> Result<()> {
    let mut values = Vec::with_capacity(entries.len() + bad.len());
    for e in entries.values() {
        values.push(
            serde_json::to_value(e)
                .map_err(|e| Error::Internal(format!("serializing the manifest: {e}")))?,
        );
    }
    values.extend(bad.iter().cloned());
    let file = ManifestFile {
        version: 1,
        entries: values,
    };
    let mut json = serde_json::to_vec_pretty(&file)
        .map_err(|e| Error::Internal(format!("serializing the manifest: {e}")))?;
    json.push(b'\n');
    write_atomic(&dir.join(MANIFEST_FILE), &json)
}

/// The current time as RFC 3339 UTC (`2026-11-27T09:30:00Z`).
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339_from_unix(secs)
}

/// RFC 3339 UTC text of a Unix time in seconds (civil-from-days, proleptic Gregorian).
fn rfc3339_from_unix(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// SHA-256 of bytes as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Writes `bytes` to `path` atomically: a temp file in the same folder, flushed and synced,
/// then renamed over the target. Creates missing parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io("creating a folder", parent, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)
        .map_err(|e| Error::io("creating a temporary file", parent, e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io("writing a temporary file", tmp.path().to_path_buf(), e))?;
    tmp.persist(path)
        .map_err(|e| Error::io("renaming a temporary file into place", path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(sym: &str, lang: Lang) -> ManifestEntry {
        ManifestEntry::new(Symbol::parse(sym).unwrap(), lang, "test", "text/plain")
    }

    #[test]
    fn store_then_reopen_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Corpus::open(dir.path()).unwrap();
        let stored = c
            .store(entry("S/RES/1373(2001)", Lang::En), "txt", b"hello")
            .unwrap();
        assert_eq!(stored.file.as_deref(), Some("S_RES_1373(2001)/en.txt"));
        let c2 = Corpus::open(dir.path()).unwrap();
        let e = c2
            .get(&Symbol::parse("S/RES/1373(2001)").unwrap(), Lang::En)
            .unwrap();
        assert_eq!(c2.read_raw(e).unwrap(), b"hello");
        assert_eq!(e.sha256.as_deref(), Some(sha256_hex(b"hello").as_str()));
        assert_eq!(c.fingerprint(), c2.fingerprint());
    }

    #[test]
    fn rfc3339_dates() {
        let table = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_700_000_000, "2023-11-14T22:13:20Z"),
            (1_798_761_599, "2026-12-31T23:59:59Z"),
        ];
        for (secs, want) in table {
            assert_eq!(rfc3339_from_unix(secs), want);
        }
    }

    #[test]
    fn two_writers_keep_each_others_entries() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Corpus::open(dir.path()).unwrap();
        let mut b = Corpus::open(dir.path()).unwrap();
        a.store(entry("S/RES/1373(2001)", Lang::En), "txt", b"a")
            .unwrap();
        b.store(entry("S/RES/2178(2014)", Lang::Zh), "txt", b"b")
            .unwrap();
        let c = Corpus::open(dir.path()).unwrap();
        assert_eq!(c.documents().count(), 2);
    }

    #[test]
    fn a_bad_entry_is_skipped_with_a_warning_and_kept_on_save() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Corpus::open(dir.path()).unwrap();
        a.store(entry("S/RES/1373(2001)", Lang::En), "txt", b"a")
            .unwrap();
        let path = dir.path().join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut bad = v["entries"][0].clone();
        bad["lang"] = "fr".into();
        bad["symbol"] = "S/RES/9999(2099)".into();
        v["entries"].as_array_mut().unwrap().push(bad);
        std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
        let mut c = Corpus::open(dir.path()).unwrap();
        assert_eq!(c.documents().count(), 1);
        assert_eq!(c.warnings().len(), 1);
        assert!(
            c.warnings()[0].contains("S/RES/9999(2099)"),
            "{:?}",
            c.warnings()
        );
        c.store(entry("S/RES/2178(2014)", Lang::Zh), "txt", b"b")
            .unwrap();
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("S/RES/9999(2099)")
        );
    }

    #[test]
    fn corrupt_manifest_is_an_error_not_a_reset() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), b"{not json").unwrap();
        assert!(Corpus::open(dir.path()).is_err());
    }
}
