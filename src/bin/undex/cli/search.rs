//! `undex search QUERY [--lang] [--symbol] [--year] [--limit] [--offset] [--json]`.

use super::output::{print_hits, print_json};
use super::{GlobalArgs, exit, open_engine};
use crate::model::Lang;
use crate::model::years::parse_year_range;
use crate::query::SearchRequest;

/// Arguments of `undex search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases", -excluded words, or a citation (第 2395(2017)号决议第 17 段).
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Only paragraphs in this language (zh or en).
    #[arg(long)]
    pub lang: Option<Lang>,
    /// Only documents whose symbol starts with this prefix (S/RES/, S/2025/71).
    #[arg(long)]
    pub symbol: Option<String>,
    /// Only documents of a year or a range of years: 2017, 2015..2020, 2015.., ..2001.
    #[arg(long)]
    pub year: Option<String>,
    /// How many hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// How many hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print JSON (CONTRACT.md) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Show hits in superseded versions (S/2025/71 beside S/2025/71/Rev.1) and repeated text.
    #[arg(long)]
    pub all_versions: bool,
}

/// Runs the command.
pub fn run(args: &SearchArgs, global: &GlobalArgs) -> anyhow::Result<u8> {
    let (year_from, year_to) = match &args.year {
        Some(y) => parse_year_range(y).map_err(|e| crate::Error::BadInput(e.to_string()))?,
        None => (None, None),
    };
    let request = SearchRequest {
        query: args.query.join(" "),
        lang: args.lang,
        symbol_prefix: args.symbol.clone(),
        year_from,
        year_to,
        limit: args.limit,
        offset: args.offset,
        all_versions: args.all_versions,
    };
    let engine = open_engine(global)?;
    let response = engine.search(&request)?;
    if args.json {
        print_json(&response)?;
    } else if response.hits.is_empty() {
        outln!(
            "no paragraph matches {:?} ({} ms)",
            response.query,
            response.took_ms
        );
    } else {
        outln!(
            "{} paragraphs match ({} ms); showing {}–{}\n",
            response.total_text(),
            response.took_ms,
            args.offset + 1,
            args.offset + response.hits.len()
        );
        print_hits(&response.hits, args.offset + 1)?;
    }
    Ok(exit::OK)
}
