//! The `undex` command line (CONTRACT.md): argument parsing and output formatting only; every
//! command builds a request, calls the library and prints the answer (human text or `--json`).
//! Each command lives in its own file.

/// `println!` that returns an error instead of panicking when stdout is closed (e.g. `| head`).
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?
    }};
}

pub mod cite;
pub mod cited_by;
pub mod corpus;
pub mod crawl;
pub mod index;
pub mod output;
pub mod progress;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod show;

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
    #[allow(missing_docs)] // a doc comment here would become clap help text
    pub global: GlobalArgs,
    #[command(subcommand)]
    #[allow(missing_docs)] // a doc comment here would become clap help text
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search paragraphs (Chinese and English).
    Search(search::SearchArgs),
    /// Print the text of the paragraph(s) a reference cites.
    Resolve(resolve::ResolveArgs),
    /// List the paragraphs that cite a document or paragraph.
    CitedBy(cited_by::CitedByArgs),
    /// List the citations in a .pdf / .html / .txt file or stdin.
    Cite(cite::CiteArgs),
    /// Print a document or one paragraph.
    Show(show::ShowArgs),
    /// (Re)build the index from the corpus.
    Index(index::IndexArgs),
    /// Fetch documents from undocs.org into the corpus.
    Crawl(crawl::CrawlArgs),
    /// Serve the JSON search endpoint.
    Serve(serve::ServeArgs),
    /// Check the corpus manifest against the files, or rebuild it from them.
    #[command(subcommand)]
    Corpus(corpus::CorpusCommand),
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
    /// Another undex process holds the writer lock (index build, crawl): retry later.
    pub const BUSY: u8 = 6;
}

/// Opens the engine for a command (building the index when missing or stale), with the build's progress drawn on stderr.
pub fn open_engine(global: &GlobalArgs) -> crate::Result<crate::Engine> {
    let options = undex::engine::OpenOptions {
        progress: Some(progress::StderrProgress::callback()),
        ..Default::default()
    };
    crate::Engine::open_with(&global.corpus, &global.index, options)
}

/// Runs a parsed command line and returns the process exit code; errors are printed to stderr
/// as one sentence.
pub fn run(cli: Cli) -> u8 {
    let g = &cli.global;
    let result = match &cli.command {
        Command::Search(a) => search::run(a, g),
        Command::Resolve(a) => resolve::run(a, g),
        Command::CitedBy(a) => cited_by::run(a, g),
        Command::Cite(a) => cite::run(a, g),
        Command::Show(a) => show::run(a, g),
        Command::Index(a) => index::run(a, g),
        Command::Crawl(a) => crawl::run(a, g),
        Command::Serve(a) => serve::run(a, g),
        Command::Corpus(a) => corpus::run(a, g),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => exit::OK,
        Err(e) => {
            eprintln!("undex: {}", error_sentence(&e));
            exit_code(&e)
        }
    }
}

/// Whether the error is stdout closed by the reader (`undex search … | head`): not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn error_sentence(e: &anyhow::Error) -> String {
    match e.downcast_ref::<crate::Error>() {
        Some(err) => err.to_string(),
        None => format!("{e:#}"),
    }
}

/// Maps an error to the CONTRACT's exit codes.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    use crate::ErrorKind::*;
    match e.downcast_ref::<crate::Error>().map(|e| e.kind()) {
        Some(BadInput) | Some(TooLarge) => exit::BAD_INPUT,
        Some(NotFound) => exit::NOT_FOUND,
        Some(Remote) => exit::REMOTE,
        Some(Io) => exit::IO,
        Some(Internal) => exit::INTERNAL,
        Some(Busy) => exit::BUSY,
        None => {
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                exit::OK
            } else {
                exit::INTERNAL
            }
        }
    }
}
