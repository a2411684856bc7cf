//! The `undex` command line: a thin layer over the library (see CONTRACT.md).

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = match undex::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return std::process::ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    std::process::ExitCode::from(undex::cli::run(cli))
}
