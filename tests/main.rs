//! The integration tests, as one test binary (`autotests = false` in Cargo.toml): each file of
//! `tests/` is a module here, so the crate and its dependencies are linked once instead of once per
//! file. Tests of the optional parts run when their cargo feature is on (the default): `cli` needs
//! the `undex` binary, `serve` the HTTP server, `crawl` the crawler.
//! A new test file must be declared below; `every_test_file_is_a_module` fails otherwise.

mod common;
#[cfg(feature = "serve")]
mod serve_common;

mod analyzers;
mod analyzers_lazy;
#[cfg(feature = "cli")]
mod cite_cli_stream;
mod cite_documents;
mod cite_independent;
mod cite_props;
#[cfg(all(feature = "serve", feature = "crawl"))]
mod cite_serve;
mod cite_table;
#[cfg(feature = "cli")]
mod cli_citations;
#[cfg(feature = "cli")]
mod cli_search;
mod corpus_invariants;
#[cfg(feature = "crawl")]
mod crawl;
#[cfg(all(feature = "crawl", feature = "cli"))]
mod crawl_cli;
mod extract;
#[cfg(feature = "cli")]
mod faults;
mod ranking;
mod relevance;
mod relevance_eval;
mod segment_corpus;
mod segment_pdfs;
mod segment_props;
#[cfg(feature = "serve")]
mod serve_browser;
#[cfg(all(feature = "serve", feature = "cli"))]
mod serve_cli;
#[cfg(feature = "serve")]
mod serve_e2e;
#[cfg(feature = "serve")]
mod serve_hardening;
#[cfg(feature = "serve")]
mod serve_router;
mod tuning_constants;

/// With `autotests = false` cargo no longer picks up `tests/*.rs` by itself: a file that is not
/// declared above would silently never run.
#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let is_rust_file = path.extension().is_some_and(|e| e == "rs");
        let is_module_dir = path.join("mod.rs").is_file();
        if (is_rust_file || is_module_dir)
            && name != "main"
            && !main.lines().any(|l| l == format!("mod {name};"))
        {
            missing.push(name.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "tests/main.rs does not declare: {missing:?}"
    );
}
