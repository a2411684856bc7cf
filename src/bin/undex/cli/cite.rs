//! `undex cite [FILE|-] [--json]`: the citations found in a .pdf / .html / .txt file or stdin,
//! streamed (linear time, output as found; see `cite::cite_reader`).

use super::{GlobalArgs, exit};
use crate::cite::StreamedCitation;
use crate::model::Lang;
use serde::Serialize;
use std::io::{Read, Write};
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
    /// For an anaphor ("该决议第 5 段", "paragraph 3 of that resolution"): the text of the
    /// earlier mention it was resolved to; `null` otherwise.
    pub antecedent: Option<String>,
}

/// Bytes read first to tell a PDF / HTML file from text.
const SNIFF_BYTES: usize = 64 * 1024;

/// Runs the command: text is streamed (time and memory linear in its size, output as found);
/// a PDF or HTML file is extracted first.
pub fn run(args: &CiteArgs, _global: &GlobalArgs) -> anyhow::Result<u8> {
    let mut input: Box<dyn Read> = match &args.file {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(
            std::fs::File::open(p)
                .map_err(|e| crate::Error::BadInput(format!("cannot read {}: {e}", p.display())))?,
        ),
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut input)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| crate::Error::BadInput(format!("cannot read the input: {e}")))?;
    // Sniff on whole characters: the head may end inside one.
    let whole = match std::str::from_utf8(&head) {
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        _ => head.len(),
    };
    let mut out = Output::new(args.json);
    let mut write_error: Option<std::io::Error> = None;
    let mut emit = |c: StreamedCitation| {
        out.write(c).map_err(|e| {
            write_error = Some(e);
            crate::Error::Internal("stdout closed".into())
        })
    };
    let result = match crate::extract::sniff(&head[..whole]) {
        crate::extract::Format::Text => {
            crate::cite::cite_reader(std::io::Cursor::new(head).chain(input), None, &mut emit)
        }
        _ => {
            let mut bytes = head;
            input
                .read_to_end(&mut bytes)
                .map_err(|e| crate::Error::BadInput(format!("cannot read the input: {e}")))?;
            let lang = Lang::En; // extraction is language-neutral except for line re-joining hints
            let text = crate::extract::extract(&bytes, lang)
                .map_err(|e| crate::Error::BadInput(format!("cannot read the document: {e}")))?
                .text;
            crate::cite::cite_reader(text.as_bytes(), None, &mut emit)
        }
    };
    if let Some(e) = write_error {
        return Err(e.into());
    }
    result?;
    out.finish()?;
    Ok(exit::OK)
}

/// Writes citations as they are found: one line each, or a JSON array (one object per line).
struct Output {
    json: bool,
    count: usize,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
}

impl Output {
    fn new(json: bool) -> Output {
        Output {
            json,
            count: 0,
            out: std::io::BufWriter::new(std::io::stdout().lock()),
        }
    }

    fn write(&mut self, c: StreamedCitation) -> std::io::Result<()> {
        let StreamedCitation {
            citation: c,
            char_start,
            char_end,
        } = c;
        if self.json {
            let item = CitationJson {
                symbol: c.symbol.to_string(),
                paragraphs: c.paragraphs,
                part: c.part,
                raw: c.raw,
                start: char_start,
                end: char_end,
                antecedent: c.antecedent,
            };
            let sep = if self.count == 0 { "[\n  " } else { ",\n  " };
            self.out.write_all(sep.as_bytes())?;
            serde_json::to_writer(&mut self.out, &item)?;
        } else {
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
            let via = c
                .antecedent
                .as_deref()
                .map(|a| format!("\t(= {})", a.replace('\n', " ")))
                .unwrap_or_default();
            writeln!(
                self.out,
                "{}{part}{paras}\t{char_start}..{char_end}\t{}{via}",
                c.symbol,
                c.raw.replace('\n', " ")
            )?;
        }
        self.count += 1;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        if self.json {
            let end = if self.count == 0 { "[]\n" } else { "\n]\n" };
            self.out.write_all(end.as_bytes())?;
        }
        self.out.flush()
    }
}
