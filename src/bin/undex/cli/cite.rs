//! `undex cite [FILE|-] [--json]`: the citations found in a .pdf / .html / .txt file or stdin.

use super::output::print_json;
use super::{GlobalArgs, exit};
use crate::model::{Lang, char_offsets};
use serde::Serialize;
use std::io::Read;
use std::path::PathBuf;

/// Arguments of `undex cite`.
#[derive(Debug, clap::Args)]
pub struct CiteArgs {
    /// A .pdf, .html or .txt file, or - (default) for text on stdin.
    pub file: Option<PathBuf>,
    /// Print JSON (CONTRACT.md) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// One citation as CONTRACT.md shows it (character offsets).
#[derive(Debug, Serialize)]
pub struct CitationJson {
    /// Cited document.
    pub symbol: String,
    /// Cited paragraphs.
    pub paragraphs: Vec<String>,
    /// Cited part.
    pub part: Option<String>,
    /// Text as found.
    pub raw: String,
    /// Character offset of the start.
    pub start: usize,
    /// Character offset of the end.
    pub end: usize,
}

/// Runs the command.
pub fn run(args: &CiteArgs, _global: &GlobalArgs) -> anyhow::Result<u8> {
    let bytes = match &args.file {
        None => read_stdin()?,
        Some(p) if p.as_os_str() == "-" => read_stdin()?,
        Some(p) => std::fs::read(p)
            .map_err(|e| crate::Error::BadInput(format!("cannot read {}: {e}", p.display())))?,
    };
    let text = match crate::extract::sniff(&bytes) {
        crate::extract::Format::Text => String::from_utf8(bytes).map_err(|_| {
            crate::Error::BadInput("the input is not UTF-8 text, PDF or HTML".into())
        })?,
        _ => {
            let lang = Lang::En; // extraction is language-neutral except for line re-joining hints
            crate::extract::extract(&bytes, lang)
                .map_err(|e| crate::Error::BadInput(format!("cannot read the document: {e}")))?
                .text
        }
    };
    let own = masthead_symbol(&text);
    let cites = crate::cite::find_citations(&text, own.as_ref());
    let mut offsets = Vec::with_capacity(cites.len() * 2);
    for c in &cites {
        offsets.push(c.span.start);
        offsets.push(c.span.end);
    }
    let chars = char_offsets(&text, &offsets);
    let out: Vec<CitationJson> = cites
        .into_iter()
        .enumerate()
        .map(|(i, c)| CitationJson {
            symbol: c.symbol.to_string(),
            paragraphs: c.paragraphs,
            part: c.part,
            raw: c.raw,
            start: chars[2 * i],
            end: chars[2 * i + 1],
        })
        .collect();
    if args.json {
        print_json(&out)?;
    } else {
        for c in &out {
            let paras = if c.paragraphs.is_empty() {
                String::new()
            } else {
                format!(" ¶{}", c.paragraphs.join(", "))
            };
            let part = c
                .part
                .as_deref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default();
            outln!(
                "{}{part}{paras}\t{}..{}\t{}",
                c.symbol,
                c.start,
                c.end,
                c.raw.replace('\n', " ")
            );
        }
    }
    Ok(exit::OK)
}

/// The document's own symbol, when its masthead (a line near the top that is only a symbol,
/// such as `S/2025/22`) says it: the document's own symbol is not a citation.
fn masthead_symbol(text: &str) -> Option<crate::model::Symbol> {
    text.lines()
        .take(12)
        .map(str::trim)
        .filter(|l| {
            (l.len() <= 40 && l.contains('/') && !l.contains(' ')) || l.starts_with("S/RES/")
        })
        .find_map(|l| crate::model::Symbol::parse(l).ok())
}

fn read_stdin() -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .take(256 * 1024 * 1024)
        .read_to_end(&mut buf)?;
    Ok(buf)
}
