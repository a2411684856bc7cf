//! The `undex` command line: a thin layer over the library (see CONTRACT.md).
use clap::Parser;
use undex::cli::{Cli, Command, crawl};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Crawl(args) => crawl::run(args, &cli.global),
        Command::Serve(_) => {
            eprintln!("undex serve: not wired in this branch yet");
            Ok(undex::cli::exit::INTERNAL)
        }
    };
    match code {
        Ok(code) => std::process::ExitCode::from(code),
        Err(e) => {
            eprintln!("undex: {e:#}");
            std::process::ExitCode::from(undex::cli::exit::INTERNAL)
        }
    }
}
