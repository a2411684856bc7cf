//! `undex resolve REF [--lang zh|en] [--json]`: the text of the cited paragraph(s).

use super::output::{address, print_json};
use super::{GlobalArgs, exit, open_engine};
use crate::model::Lang;

/// Arguments of `undex resolve`.
#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    /// A reference: 第 2395(2017)号决议第 17 段, "paragraph 5 of resolution 2178 (2014)", S/RES/1373(2001).
    #[arg(required = true, num_args = 1..)]
    pub reference: Vec<String>,
    /// Preferred language of the text (default: the language of the reference).
    #[arg(long)]
    pub lang: Option<Lang>,
    /// Print JSON (CONTRACT.md) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs the command. Exit 1 when nothing cited could be found.
pub fn run(args: &ResolveArgs, global: &GlobalArgs) -> anyhow::Result<u8> {
    let engine = open_engine(global)?;
    let answer = engine.resolve(&args.reference.join(" "), args.lang)?;
    let found_any = answer.citations.iter().any(|c| !c.found.is_empty());
    if args.json {
        print_json(&answer)?;
    } else {
        for c in &answer.citations {
            let what = if c.paragraphs.is_empty() {
                c.symbol.to_string()
            } else {
                format!("{} ¶{}", c.symbol, c.paragraphs.join(", "))
            };
            let via = c
                .antecedent
                .as_deref()
                .map(|a| format!("  (resolved from \"{}\")", a.replace('\n', " ")))
                .unwrap_or_default();
            outln!(
                "== {what}{via}{}",
                if c.in_corpus {
                    ""
                } else {
                    "  (not in the corpus)"
                }
            );
            for p in &c.found {
                let addr = address(
                    p.symbol.as_str(),
                    p.lang.code(),
                    p.part.as_deref(),
                    p.paragraph.as_deref(),
                    0,
                );
                outln!("[{addr}]\n{}\n", p.text);
            }
            if !c.missing.is_empty() && c.in_corpus {
                outln!("missing: ¶{}", c.missing.join(", "));
            }
            if let Some(h) = &c.hint {
                outln!("hint: {h}");
            }
            outln!();
        }
    }
    Ok(if found_any { exit::OK } else { exit::NOT_FOUND })
}
