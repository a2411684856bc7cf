//! `undex index [--full]`: (re)build `index/` from `corpus/`.

use super::{GlobalArgs, exit};
use crate::Engine;

/// Arguments of `undex index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Re-index every document, not only new or changed ones.
    #[arg(long)]
    pub full: bool,
}

/// Runs the command.
pub fn run(args: &IndexArgs, global: &GlobalArgs) -> anyhow::Result<u8> {
    let progress = super::progress::StderrProgress::callback();
    let report = Engine::build_index(&global.corpus, &global.index, args.full, Some(&*progress))?;
    super::progress::print_report(&report);
    Ok(exit::OK)
}
