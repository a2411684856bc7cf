//! Human-readable rendering shared by the commands: paragraph addresses, snippets with the
//! `<mark>` highlights turned into terminal bold (or plain text when not a terminal), JSON.

use crate::query::snippet::plain;
use crate::query::{CitationRef, Hit};
use std::io::IsTerminal;

/// Whether stdout is a terminal (colors and bold allowed).
pub fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `S/2022/529 (zh) annex-1 ¶25`
pub fn address(
    symbol: &str,
    lang: &str,
    part: Option<&str>,
    number: Option<&str>,
    seq: usize,
) -> String {
    let mut s = format!("{symbol} ({lang})");
    if let Some(p) = part {
        s.push(' ');
        s.push_str(p);
    }
    match number {
        Some(n) => s.push_str(&format!(" ¶{n}")),
        None => s.push_str(&format!(" #{seq}")),
    }
    s
}

/// A snippet for the terminal: marks in bold yellow on a terminal, dropped otherwise.
pub fn terminal_snippet(snippet: &str, color: bool) -> String {
    if color {
        plain(
            &snippet
                .replace("<mark>", "\u{1}")
                .replace("</mark>", "\u{2}"),
        )
        .replace('\u{1}', "\x1b[1;33m")
        .replace('\u{2}', "\x1b[0m")
    } else {
        plain(snippet)
    }
}

/// `S/RES/2395(2017) ¶17, 18`
pub fn citation_list(cites: &[CitationRef]) -> String {
    cites
        .iter()
        .map(|c| {
            if c.paragraphs.is_empty() {
                c.symbol.to_string()
            } else {
                format!("{} ¶{}", c.symbol, c.paragraphs.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Shortens a title for one terminal line.
pub fn short_title(title: &str) -> String {
    const MAX: usize = 60;
    if title.chars().count() <= MAX {
        title.to_string()
    } else {
        let mut s: String = title.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}

/// Prints hits as blocks separated by blank lines.
pub fn print_hits(hits: &[Hit], first_rank: usize) -> std::io::Result<()> {
    let color = color();
    for (i, h) in hits.iter().enumerate() {
        let addr = address(
            h.symbol.as_str(),
            h.lang.code(),
            h.part.as_deref(),
            h.paragraph.as_deref(),
            h.seq,
        );
        if color {
            outln!(
                "{:>3}. \x1b[1m{addr}\x1b[0m  {}  ({:.2})",
                first_rank + i,
                short_title(&h.title),
                h.score
            );
        } else {
            outln!(
                "{:>3}. {addr}  {}  ({:.2})",
                first_rank + i,
                short_title(&h.title),
                h.score
            );
        }
        outln!("     {}", terminal_snippet(&h.snippet, color));
        if !h.citations.is_empty() {
            outln!("     cites: {}", citation_list(&h.citations));
        }
        outln!();
    }
    Ok(())
}

/// Prints a value as pretty JSON.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
