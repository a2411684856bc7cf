//! `undex corpus check | repair`: compare the corpus manifest with the files, or rebuild it
//! from them (see `corpus::repair`).

use super::{GlobalArgs, exit};
use crate::corpus::repair::{self, CheckReport};

/// The `corpus` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CorpusCommand {
    /// Report orphan files, entries without a file, changed files and unreadable entries
    /// (exit 0 when clean, 1 when something is wrong).
    Check(CorpusArgs),
    /// Rebuild the manifest from the files (symbol and language from the path, type sniffed,
    /// sha256 computed); keeps entries that have no file (unavailable, not yet published).
    Repair(CorpusArgs),
}

/// Options of `undex corpus check|repair`.
#[derive(Debug, clap::Args)]
pub struct CorpusArgs {
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(cmd: &CorpusCommand, global: &GlobalArgs) -> anyhow::Result<u8> {
    match cmd {
        CorpusCommand::Check(args) => {
            let report = repair::check(&global.corpus)?;
            print(&report, args.json, "")?;
            Ok(if report.is_clean() {
                exit::OK
            } else {
                exit::NOT_FOUND
            })
        }
        CorpusCommand::Repair(args) => {
            let report = repair::repair(&global.corpus)?;
            print(&report, args.json, "repaired: ")?;
            Ok(exit::OK)
        }
    }
}

fn print(report: &CheckReport, json: bool, prefix: &str) -> anyhow::Result<()> {
    if json {
        outln!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    outln!(
        "{prefix}manifest {}, {} entries, {} files; {} orphan files, {} entries without a file, {} changed files, {} unreadable entries",
        if report.manifest_present {
            "present"
        } else {
            "missing"
        },
        report.entries,
        report.files,
        report.orphans.len(),
        report.missing.len(),
        report.changed.len(),
        report.bad_entries.len()
    );
    for (label, list) in [
        ("orphan", &report.orphans),
        ("missing", &report.missing),
        ("changed", &report.changed),
        ("unreadable", &report.bad_entries),
        ("unrecognized", &report.unrecognized),
    ] {
        for item in list {
            outln!("  {label}: {item}");
        }
    }
    Ok(())
}
