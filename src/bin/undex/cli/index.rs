//! `undex index [--full]`: (re)build `index/` from `corpus/`.

use super::{GlobalArgs, exit};
use crate::corpus::Corpus;
use crate::index::BuildMode;

/// Arguments of `undex index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Re-index every document, not only new or changed ones.
    #[arg(long)]
    pub full: bool,
}

/// Runs the command.
pub fn run(args: &IndexArgs, global: &GlobalArgs) -> anyhow::Result<u8> {
    let corpus = Corpus::open(&global.corpus)?;
    // Without a manifest, the build itself refuses to touch an existing index (and says why).
    let keep_index = !corpus.has_manifest() && global.index.join("meta.json").is_file();
    if corpus.documents().next().is_none() && !keep_index {
        return Err(crate::Error::BadInput(format!(
            "no documents in the corpus at {}: pass --corpus DIR or fetch some with `undex crawl SYMBOL`",
            global.corpus.display()
        ))
        .into());
    }
    let mode = if args.full {
        BuildMode::Full
    } else {
        BuildMode::Incremental
    };
    let progress = super::progress::StderrProgress::callback();
    let report = crate::index::build(&corpus, &global.index, mode, Some(&*progress))?;
    super::progress::print_report(&report);
    Ok(exit::OK)
}
