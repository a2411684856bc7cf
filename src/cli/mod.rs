//! The `undex` command line (CONTRACT.md): argument parsing and output formatting only; every
//! command builds a request, calls the library and prints the answer (human text or `--json`).
//! Each command lives in its own file.

pub mod crawl;
pub mod serve;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Options every command accepts, before or after the subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// The corpus folder.
    #[arg(long, global = true, env = "UNDEX_CORPUS", default_value = "corpus")]
    pub corpus: PathBuf,
    /// The index folder (built from the corpus when missing or stale).
    #[arg(long, global = true, env = "UNDEX_INDEX", default_value = "index")]
    pub index: PathBuf,
}

/// Full-text search over UN counter-terrorism documents (Chinese and English), with citation
/// resolution.
#[derive(Debug, Parser)]
#[command(name = "undex", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch documents from undocs.org into the corpus.
    Crawl(crawl::CrawlArgs),
    /// Serve the JSON search endpoint.
    Serve(serve::ServeArgs),
}

/// Exit codes (CONTRACT.md).
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Nothing found where something was required.
    pub const NOT_FOUND: u8 = 1;
    /// Bad usage or bad input.
    pub const BAD_INPUT: u8 = 2;
    /// Remote or network failure left work undone.
    pub const REMOTE: u8 = 3;
    /// Internal error.
    pub const INTERNAL: u8 = 4;
    /// I/O error.
    pub const IO: u8 = 5;
}
