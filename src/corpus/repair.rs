//! `undex corpus check` and `undex corpus repair`: the manifest compared with the files, and
//! rebuilt from them. A file's symbol and language come from its path
//! (`S_RES_2395(2017)/zh.pdf`), its type is sniffed from its bytes, its sha256 computed.
//! Entries without a file on disk are reported (and dropped by repair); files without an entry
//! ("orphans", e.g. left by a crawl whose manifest update was lost) are reported (and added by
//! repair); entries whose file changed are reported (and updated by repair).

use super::{Corpus, EntryStatus, ManifestEntry, sha256_hex};
use crate::error::{Error, Result};
use crate::extract::{Format, sniff};
use crate::model::{Lang, Symbol};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Origin recorded for an entry recovered from its file.
pub const RECOVERED_ORIGIN: &str = "recovered from the corpus file by `undex corpus repair`";

/// What is on disk.
#[derive(Debug, Default)]
pub struct Scan {
    /// One entry per (symbol, language) file found.
    pub recovered: Vec<ManifestEntry>,
    /// Paths (relative to the corpus) that are no document file of the layout.
    pub unrecognized: Vec<String>,
}

/// Reads every `SYMBOL_DIR/LANG.EXT` file of the corpus folder.
pub fn scan(dir: &Path) -> Result<Scan> {
    let mut out = Scan::default();
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(Error::io("reading the corpus folder", dir, e)),
    };
    let mut folders: Vec<_> = rd
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    folders.sort_by_key(|e| e.file_name());
    for folder in folders {
        let name = folder.file_name().to_string_lossy().to_string();
        let Ok(symbol) = Symbol::from_dir_name(&name) else {
            out.unrecognized.push(format!("{name}/"));
            continue;
        };
        let mut files: Vec<_> = std::fs::read_dir(folder.path())
            .map_err(|e| Error::io("reading a corpus folder", folder.path(), e))?
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        files.sort_by_key(|e| e.file_name());
        for file in files {
            let fname = file.file_name().to_string_lossy().to_string();
            let rel = format!("{name}/{fname}");
            let stem = fname.split('.').next().unwrap_or("");
            let Some(lang) = [Lang::En, Lang::Zh].into_iter().find(|l| l.code() == stem) else {
                out.unrecognized.push(rel);
                continue;
            };
            let bytes = std::fs::read(file.path())
                .map_err(|e| Error::io("reading a corpus file", file.path(), e))?;
            let format = sniff(&bytes);
            let extractable = matches!(format, Format::Pdf | Format::Html | Format::Text);
            out.recovered.push(ManifestEntry {
                symbol: symbol.clone(),
                lang,
                status: if extractable {
                    EntryStatus::Ok
                } else {
                    EntryStatus::Unsupported
                },
                file: Some(rel),
                origin: RECOVERED_ORIGIN.to_string(),
                content_type: format.mime().to_string(),
                sha256: Some(sha256_hex(&bytes)),
                bytes: bytes.len() as u64,
                fetched_at: None,
                etag: None,
                last_modified: None,
            });
        }
    }
    Ok(out)
}

/// The differences between the manifest and the files.
#[derive(Debug, Default, Serialize)]
pub struct CheckReport {
    /// Whether the manifest file exists.
    pub manifest_present: bool,
    /// Entries in the manifest.
    pub entries: usize,
    /// Document files on disk.
    pub files: usize,
    /// Manifest entries that could not be read (one sentence each).
    pub bad_entries: Vec<String>,
    /// Files that no entry names (`S_2022_529/zh.txt`).
    pub orphans: Vec<String>,
    /// Entries whose file is not on disk (`S/2022/529 (zh): S_2022_529/zh.txt`).
    pub missing: Vec<String>,
    /// Entries whose file's sha256 differs from the manifest's.
    pub changed: Vec<String>,
    /// Other things in the corpus folder that are not of its layout.
    pub unrecognized: Vec<String>,
}

impl CheckReport {
    /// Whether manifest and files agree.
    pub fn is_clean(&self) -> bool {
        self.manifest_present
            && self.bad_entries.is_empty()
            && self.orphans.is_empty()
            && self.missing.is_empty()
            && self.changed.is_empty()
    }
}

/// Compares the manifest of the corpus at `dir` with its files (reads only).
pub fn check(dir: &Path) -> Result<CheckReport> {
    let corpus = Corpus::open(dir)?;
    let scan = scan(dir)?;
    Ok(compare(&corpus, &scan))
}

fn compare(corpus: &Corpus, scan: &Scan) -> CheckReport {
    let on_disk: BTreeMap<&str, &ManifestEntry> = scan
        .recovered
        .iter()
        .filter_map(|e| e.file.as_deref().map(|f| (f, e)))
        .collect();
    let mut report = CheckReport {
        manifest_present: corpus.has_manifest(),
        entries: corpus.entries().count(),
        files: scan.recovered.len(),
        bad_entries: corpus.warnings().to_vec(),
        unrecognized: scan.unrecognized.clone(),
        ..CheckReport::default()
    };
    let named: std::collections::BTreeSet<&str> =
        corpus.entries().filter_map(|e| e.file.as_deref()).collect();
    for entry in corpus.entries() {
        let Some(file) = entry.file.as_deref() else {
            continue;
        };
        match on_disk.get(file) {
            None => report
                .missing
                .push(format!("{} ({}): {file}", entry.symbol, entry.lang)),
            Some(found) if found.sha256 != entry.sha256 => report
                .changed
                .push(format!("{} ({}): {file}", entry.symbol, entry.lang)),
            Some(_) => {}
        }
    }
    for file in on_disk.keys() {
        if !named.contains(file) {
            report.orphans.push(file.to_string());
        }
    }
    report
}

/// Rebuilds the manifest of the corpus at `dir` from its files, under the crawl lock: entries
/// whose file is gone are dropped, changed files get their new hash, size and type, orphans are
/// added, unreadable entries are dropped; entries without a file (unavailable, not yet
/// published) are kept. A manifest that is not JSON at all is set aside as
/// `manifest.json.unreadable` first. Returns what was wrong before the repair.
pub fn repair(dir: &Path) -> Result<CheckReport> {
    let _crawl = Corpus::lock_for_crawl(dir)?;
    let manifest = dir.join(super::MANIFEST_FILE);
    let mut corpus = match Corpus::open(dir) {
        Ok(c) => c,
        Err(Error::Internal(_)) if manifest.is_file() => {
            let aside = dir.join("manifest.json.unreadable");
            std::fs::rename(&manifest, &aside)
                .map_err(|e| Error::io("setting the unreadable manifest aside", &manifest, e))?;
            Corpus::open(dir)?
        }
        Err(e) => return Err(e),
    };
    let scan = scan(dir)?;
    let report = compare(&corpus, &scan);
    let by_file: BTreeMap<&str, &ManifestEntry> = scan
        .recovered
        .iter()
        .filter_map(|e| e.file.as_deref().map(|f| (f, e)))
        .collect();
    let mut entries: BTreeMap<(Symbol, Lang), ManifestEntry> = BTreeMap::new();
    for entry in corpus.entries() {
        match entry.file.as_deref() {
            None => {
                entries.insert((entry.symbol.clone(), entry.lang), entry.clone());
            }
            Some(file) => {
                if let Some(found) = by_file.get(file) {
                    let mut e = entry.clone();
                    if e.sha256 != found.sha256 {
                        e.sha256 = found.sha256.clone();
                        e.bytes = found.bytes;
                        e.content_type = found.content_type.clone();
                        e.status = found.status;
                    }
                    entries.insert((e.symbol.clone(), e.lang), e);
                }
            }
        }
    }
    for found in &scan.recovered {
        let key = (found.symbol.clone(), found.lang);
        let replace = entries
            .get(&key)
            .is_none_or(|e| e.file.is_none() && found.status == EntryStatus::Ok);
        if replace {
            entries.insert(key, found.clone());
        }
    }
    corpus.replace_all(entries.into_values().collect())?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognized_by_path_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("S_RES_1373(2001)");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("en.txt"), "Resolution 1373 (2001)").unwrap();
        std::fs::write(folder.join("zh.pdf"), b"%PDF-1.4\n").unwrap();
        std::fs::write(folder.join("notes.txt"), "x").unwrap();
        let scan = scan(dir.path()).unwrap();
        let got: Vec<(String, &str, &str)> = scan
            .recovered
            .iter()
            .map(|e| (e.symbol.to_string(), e.lang.code(), e.content_type.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("S/RES/1373(2001)".into(), "en", "text/plain; charset=utf-8"),
                ("S/RES/1373(2001)".into(), "zh", "application/pdf"),
            ]
        );
        assert_eq!(scan.unrecognized, vec!["S_RES_1373(2001)/notes.txt"]);
    }
}
