//! `undex show SYMBOL [--lang zh|en] [--para N] [--json]`.

use super::output::{address, print_json};
use super::{GlobalArgs, exit, open_engine};
use crate::model::Lang;

/// Arguments of `undex show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The document symbol, e.g. S/2022/529 or 'S/RES/1373(2001)'.
    pub symbol: String,
    /// Language (default: English when available).
    #[arg(long)]
    pub lang: Option<Lang>,
    /// Only this paragraph: a printed number (25, 2(e)), optionally with its part (annex-1:25).
    #[arg(long)]
    pub para: Option<String>,
    /// Print JSON (CONTRACT.md) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(args: &ShowArgs, global: &GlobalArgs) -> anyhow::Result<u8> {
    let engine = open_engine(global)?;
    let mut request = undex::query::ShowRequest::new(&args.symbol);
    request.lang = args.lang;
    if let Some(para) = &args.para {
        request = request.para(para);
    }
    let doc = engine.show(&request)?;
    if args.json {
        print_json(&doc)?;
        return Ok(exit::OK);
    }
    outln!("{} ({})  {}\n", doc.symbol, doc.lang, doc.title);
    for p in &doc.paragraphs {
        let addr = address(
            doc.symbol.as_str(),
            doc.lang.code(),
            p.part.as_deref(),
            p.paragraph.as_deref(),
            p.seq,
        );
        outln!("[{addr}]\n{}\n", p.text);
    }
    Ok(exit::OK)
}
