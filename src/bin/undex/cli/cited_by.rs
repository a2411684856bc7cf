//! `undex cited-by REF [--limit N] [--offset N] [--json]`: paragraphs that cite a document or
//! one of its paragraphs.

use super::output::{print_hits, print_json};
use super::{GlobalArgs, exit, open_engine};

/// Arguments of `undex cited-by`.
#[derive(Debug, clap::Args)]
pub struct CitedByArgs {
    /// A symbol (S/RES/2395(2017)) or a paragraph reference (第 2395(2017)号决议第 17 段).
    #[arg(required = true, num_args = 1..)]
    pub reference: Vec<String>,
    /// How many citing paragraphs to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// How many to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print JSON (CONTRACT.md) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(args: &CitedByArgs, global: &GlobalArgs) -> anyhow::Result<u8> {
    let engine = open_engine(global)?;
    let answer = engine.cited_by(&undex::query::CitedByRequest {
        reference: args.reference.join(" "),
        limit: args.limit,
        offset: args.offset,
    })?;
    if args.json {
        print_json(&answer)?;
        return Ok(exit::OK);
    }
    let what = if answer.target.paragraphs.is_empty() {
        answer.target.symbol.to_string()
    } else {
        format!(
            "{} ¶{}",
            answer.target.symbol,
            answer.target.paragraphs.join(", ")
        )
    };
    if answer.hits.is_empty() {
        outln!("no paragraph in the corpus cites {what}");
    } else {
        outln!("{} paragraphs cite {what}\n", answer.total);
        print_hits(&answer.hits, args.offset + 1)?;
    }
    Ok(exit::OK)
}
