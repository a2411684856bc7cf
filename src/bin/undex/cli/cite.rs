//! `undex cite [FILE|-] [--json]`: the citations found in a .pdf / .html / .txt file or stdin,
//! streamed (linear time, output as found): prints what the library's `cite::cite_input` finds.

use super::{GlobalArgs, exit};
use crate::cite::FoundCitation;
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

/// Runs the command: the library's [`crate::cite::cite_input`] (text streamed in linear time
/// and printed as found; a PDF or HTML file extracted first).
pub fn run(args: &CiteArgs, _global: &GlobalArgs) -> anyhow::Result<u8> {
    let input: Box<dyn Read> = match &args.file {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(
            std::fs::File::open(p)
                .map_err(|e| crate::Error::BadInput(format!("cannot read {}: {e}", p.display())))?,
        ),
    };
    let mut out = Output::new(args.json);
    let mut write_error: Option<std::io::Error> = None;
    let result = crate::cite::cite_input(input, |c| {
        out.write(c).map_err(|e| {
            write_error = Some(e);
            crate::Error::Internal("stdout closed".into())
        })
    });
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

    fn write(&mut self, c: FoundCitation) -> std::io::Result<()> {
        if self.json {
            let sep = if self.count == 0 { "[\n  " } else { ",\n  " };
            self.out.write_all(sep.as_bytes())?;
            serde_json::to_writer(&mut self.out, &c)?;
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
                "{}{part}{paras}\t{}..{}\t{}{via}",
                c.symbol,
                c.start,
                c.end,
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
