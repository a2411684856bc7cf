//! `undex show SYMBOL [--lang zh|en] [--para N] [--json]`.

use super::output::{address, print_json};
use super::{GlobalArgs, exit, open_engine};
use crate::model::{Lang, ParagraphKind, SECTION_SEPARATOR};

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
    if !doc.superseded_by.is_empty() {
        let newer: Vec<&str> = doc.superseded_by.iter().map(|s| s.as_str()).collect();
        outln!(
            "Superseded by {}: `undex show {}` gives the current text.\n",
            newer.join(", "),
            newer[newer.len() - 1]
        );
    }
    let mut section: &[String] = &[];
    for p in &doc.paragraphs {
        let addr = address(
            doc.symbol.as_str(),
            doc.lang.code(),
            p.part.as_deref(),
            p.paragraph.as_deref(),
            p.seq,
        );
        // The section path, printed when it changes under a paragraph that is not a heading.
        if p.kind != ParagraphKind::Heading
            && p.section.as_slice() != section
            && !p.section.is_empty()
        {
            outln!("§ {}\n", p.section.join(SECTION_SEPARATOR));
        }
        section = &p.section;
        let kind = match p.kind {
            ParagraphKind::Body => String::new(),
            other => format!(" ({other})"),
        };
        outln!("[{addr}]{kind}\n{}\n", p.text);
    }
    Ok(exit::OK)
}
