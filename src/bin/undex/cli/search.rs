//! `undex search QUERY [--lang] [--symbol] [--year] [--limit] [--offset] [--json]`.

use super::output::{print_hits, print_json};
use super::{GlobalArgs, exit, open_engine};
use crate::model::Lang;
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

/// Parses `2017`, `2015..2020`, `2015..`, `..2001` into a year range.
pub fn parse_years(s: &str) -> Result<(Option<u32>, Option<u32>), crate::Error> {
    let bad = || {
        crate::Error::BadInput(format!(
            "'{s}' is not a year or year range: use 2017, 2015..2020, 2015.. or ..2001"
        ))
    };
    let year = |t: &str| -> Result<Option<u32>, crate::Error> {
        let t = t.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let y: u32 = t.parse().map_err(|_| bad())?;
        if !(1900..=2200).contains(&y) {
            return Err(bad());
        }
        Ok(Some(y))
    };
    match s.split_once("..") {
        Some((a, b)) => {
            let r = (year(a)?, year(b)?);
            if r == (None, None) {
                return Err(bad());
            }
            Ok(r)
        }
        None => {
            let y = year(s)?.ok_or_else(bad)?;
            Ok((Some(y), Some(y)))
        }
    }
}

/// Runs the command.
pub fn run(args: &SearchArgs, global: &GlobalArgs) -> anyhow::Result<u8> {
    let (year_from, year_to) = match &args.year {
        Some(y) => parse_years(y)?,
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

#[cfg(test)]
mod tests {
    #[test]
    fn year_ranges() {
        assert_eq!(
            super::parse_years("2017").unwrap(),
            (Some(2017), Some(2017))
        );
        assert_eq!(
            super::parse_years("2015..2020").unwrap(),
            (Some(2015), Some(2020))
        );
        assert_eq!(super::parse_years("2015..").unwrap(), (Some(2015), None));
        assert_eq!(super::parse_years("..2001").unwrap(), (None, Some(2001)));
        for bad in ["", "..", "abc", "17", "2015..x", "99999"] {
            assert!(super::parse_years(bad).is_err(), "{bad}");
        }
    }
}
