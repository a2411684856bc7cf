//! `undex crawl SYMBOL... [--lang en,zh] [--depth N] [--base-url URL] [--min-delay-ms N]`:
//! parses the arguments, runs [`crate::crawl::crawl`] with a progress bar on stderr (hidden when
//! stderr is not a terminal), prints the summary line, and returns the exit code (CONTRACT.md):
//! 0 done, 2 bad input, 3 remote failures left work undone, 130 interrupted (resumable).

use super::{GlobalArgs, exit};
use crate::crawl::fetch::FetchConfig;
use crate::crawl::{CrawlOptions, crawl};
use crate::model::{Lang, Symbol};
use std::time::{Duration, Instant};

/// Arguments of `undex crawl`.
#[derive(Debug, clap::Args)]
pub struct CrawlArgs {
    /// Symbols to fetch, e.g. 'S/RES/2395(2017)' S/2022/529 (quote parentheses in the shell).
    #[arg(required = true)]
    pub symbols: Vec<String>,
    /// Languages to fetch, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "en,zh")]
    pub lang: Vec<String>,
    /// Follow the documents cited by fetched documents this many steps.
    #[arg(long, default_value_t = 0)]
    pub depth: u32,
    /// Where documents are asked from: `{base-url}/{lang}/{symbol}`.
    #[arg(long, default_value = crate::crawl::url::DEFAULT_BASE_URL)]
    pub base_url: String,
    /// Minimum time between two requests to the same host, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    pub min_delay_ms: u64,
    /// Documents fetched at once (across hosts; each host keeps the minimum delay).
    #[arg(long, default_value_t = 4)]
    pub concurrency: usize,
    /// Time limit of one request, in milliseconds.
    #[arg(long, default_value_t = 120_000)]
    pub timeout_ms: u64,
    /// Attempts per request for 429, 5xx, timeouts and broken connections.
    #[arg(long, default_value_t = 4)]
    pub max_attempts: u32,
    /// First retry delay in milliseconds (doubled at each retry, plus random jitter).
    #[arg(long, default_value_t = 1000)]
    pub backoff_ms: u64,
    /// Longest Retry-After pause honoured, in seconds.
    #[arg(long, default_value_t = 120)]
    pub retry_after_cap_s: u64,
    /// Largest document accepted, in bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub max_bytes: u64,
}

/// Runs `undex crawl`; returns the process exit code.
pub fn run(args: &CrawlArgs, global: &GlobalArgs) -> anyhow::Result<u8> {
    let options = match options_from(args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("undex crawl: {message}");
            return Ok(exit::BAD_INPUT);
        }
    };
    let mut symbols = Vec::new();
    for raw in &args.symbols {
        match Symbol::parse(raw) {
            Ok(s) => symbols.push(s),
            Err(e) => {
                eprintln!("undex crawl: {e}");
                return Ok(exit::BAD_INPUT);
            }
        }
    }
    let runtime = tokio::runtime::Runtime::new()?;
    let progress = std::sync::Arc::new(super::progress::StderrProgress::default());
    let report_to = {
        let progress = std::sync::Arc::clone(&progress);
        move |event: &undex::progress::Progress<'_>| progress.show(event)
    };
    let started = Instant::now();
    let cpu_before = process_cpu_time();
    let result = runtime.block_on(async {
        tokio::select! {
            r = crawl(&global.corpus, &symbols, &options, &undex::pipeline::cited_in_document, &report_to) => Some(r),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    progress.finish();
    let summary = match result {
        None => {
            eprintln!(
                "undex crawl: interrupted; run the same command again to resume (state in {})",
                crate::crawl::state::state_path(&global.corpus).display()
            );
            return Ok(130);
        }
        Some(Err(e)) => {
            eprintln!("undex crawl: {e}");
            return Ok(match e.kind() {
                crate::ErrorKind::BadInput => exit::BAD_INPUT,
                crate::ErrorKind::Io => exit::IO,
                crate::ErrorKind::Busy => exit::BUSY,
                _ => exit::INTERNAL,
            });
        }
        Some(Ok(s)) => s,
    };
    for (symbol, lang, reason) in &summary.failures {
        eprintln!("failed: {symbol} ({lang}): {reason}");
    }
    if summary.resumed {
        eprintln!("resumed an interrupted crawl");
    }
    println!("{summary}");
    let cpu = match (cpu_before, process_cpu_time()) {
        (Some(a), Some(b)) => format!(", CPU {:.2} s", b.saturating_sub(a).as_secs_f64()),
        _ => String::new(),
    };
    eprintln!(
        "downloaded {:.1} MB in {:.1} s{cpu}",
        summary.bytes_downloaded as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(if summary.has_failures() {
        exit::REMOTE
    } else {
        exit::OK
    })
}

/// Checks the arguments and builds the crawl options; the error is a sentence for the user.
fn options_from(args: &CrawlArgs) -> Result<CrawlOptions, String> {
    let base_url = crate::crawl::url::parse_base_url(&args.base_url)?;
    let mut langs = Vec::new();
    for code in &args.lang {
        let lang: Lang = code.parse().map_err(|e| format!("{e}"))?;
        if !langs.contains(&lang) {
            langs.push(lang);
        }
    }
    if langs.is_empty() {
        return Err("give at least one language with --lang, e.g. --lang en,zh".into());
    }
    if args.max_attempts == 0 {
        return Err("--max-attempts must be at least 1".into());
    }
    if args.concurrency == 0 {
        return Err("--concurrency must be at least 1".into());
    }
    if args.timeout_ms == 0 {
        return Err("--timeout-ms must be more than 0".into());
    }
    Ok(CrawlOptions {
        base_url,
        langs,
        depth: args.depth,
        concurrency: args.concurrency,
        fetch: FetchConfig {
            min_delay: Duration::from_millis(args.min_delay_ms),
            timeout: Duration::from_millis(args.timeout_ms),
            connect_timeout: Duration::from_millis(args.timeout_ms.min(20_000)),
            max_attempts: args.max_attempts,
            backoff_base: Duration::from_millis(args.backoff_ms),
            retry_after_cap: Duration::from_secs(args.retry_after_cap_s),
            max_bytes: args.max_bytes,
            ..FetchConfig::default()
        },
    })
}

/// CPU time (user + system) used by this process so far, where the OS tells it (Linux:
/// `/proc/self/stat`, in clock ticks of 1/100 s).
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the full line: 12 and 13 after the name
    // (state is field 3, the first after it). Ticks are USER_HZ, 100 on Linux.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}
