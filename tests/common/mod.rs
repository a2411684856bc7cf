//! Shared helpers of the integration tests: temporary corpora made of real UN documents from the
//! bundled corpus, and running the real `undex` binary.
#![allow(dead_code)]

pub mod citation_labels;
pub mod crawl_server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use undex::corpus::{Corpus, ManifestEntry};
use undex::model::{Lang, Symbol};

/// The bundled corpus of the repository.
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A temporary corpus holding copies of the given bundled documents (symbol, lang).
pub fn temp_corpus(docs: &[(&str, Lang)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let bundled = Corpus::open(bundled_corpus()).expect("bundled corpus");
    let mut corpus = Corpus::open(dir.path().join("corpus")).expect("new corpus");
    for (sym, lang) in docs {
        let symbol = Symbol::parse(sym).expect("symbol");
        let entry = bundled
            .get(&symbol, *lang)
            .unwrap_or_else(|| panic!("{sym} {lang} not bundled"));
        let bytes = bundled.read_raw(entry).expect("read");
        let ext = entry
            .file
            .as_deref()
            .and_then(|f| f.rsplit('.').next())
            .unwrap_or("txt")
            .to_string();
        let new = ManifestEntry {
            fetched_at: entry.fetched_at.clone(),
            ..ManifestEntry::new(
                symbol.clone(),
                *lang,
                entry.origin.clone(),
                entry.content_type.clone(),
            )
        };
        corpus.store(new, &ext, &bytes).expect("store");
    }
    dir
}

/// Runs `undex` with `--corpus DIR/corpus --index DIR/index` and the given arguments.
pub fn undex(dir: &Path, args: &[&str]) -> Output {
    undex_command(dir, args).output().expect("run undex")
}

/// The `undex` command of [`undex`], to add environment or stdin before running it.
pub fn undex_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_undex"));
    command
        .arg("--corpus")
        .arg(dir.join("corpus"))
        .arg("--index")
        .arg(dir.join("index"))
        .args(args)
        .env("NO_COLOR", "1");
    command
}

/// Stdout as a string.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Stderr as a string.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
