//! The `undex` command line: a thin layer over the library (see CONTRACT.md). It lives in the
//! binary, not the library, so that embedding undex does not pull in clap, indicatif or anyhow
//! (built with the `cli` feature, on by default).

// The library's modules under the names the command files use (`crate::query::…`).
use undex::{Engine, Error, ErrorKind, Result};
use undex::{cite, corpus, crawl, engine, model, query, serve};

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return std::process::ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    std::process::ExitCode::from(cli::run(cli))
}
