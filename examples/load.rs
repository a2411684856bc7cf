//! Load generator for `undex serve`: C concurrent HTTP clients (one keep-alive connection
//! each) send a fixed list of Chinese and English searches for N seconds, optionally mixed with
//! a share of bad requests, and it prints throughput, latency percentiles and the server's
//! resident memory before and after.
//!
//! ```text
//! cargo run --release --example load -- --seconds 60 --clients 32            # in-process server over ./corpus
//! cargo run --release --example load -- --seconds 20 --bad-percent 20        # 20% bad input
//! cargo run --release --example load -- --seconds 20 --no-cache             # every request searches
//! cargo run --release --example load -- --addr 127.0.0.1:8080 --pid $(pidof undex)  # a running server
//! ```
//! In-process, the server runs on its own runtime thread(s) but shares the machine (and the
//! process RSS) with the clients; against `--addr`, RSS is read from `/proc/<pid>/status`.

use clap::Parser;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(about = "Load generator for undex serve")]
struct Args {
    /// Hit a running server at this address instead of starting one in-process.
    #[arg(long)]
    addr: Option<SocketAddr>,
    /// PID of the running server (for its RSS); with --addr.
    #[arg(long)]
    pid: Option<u32>,
    /// Corpus folder for the in-process server.
    #[arg(long, default_value = "corpus")]
    corpus: std::path::PathBuf,
    /// Index folder for the in-process server (built when missing or stale).
    #[arg(long, default_value = "index")]
    index: std::path::PathBuf,
    /// Worker threads of the in-process server's runtime.
    #[arg(long, default_value_t = 2)]
    server_threads: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Duration of the measured run, in seconds.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Warm-up before measuring, in seconds.
    #[arg(long, default_value_t = 2)]
    warmup: u64,
    /// Percentage of requests that are bad input (expected 400/413).
    #[arg(long, default_value_t = 0)]
    bad_percent: u32,
    /// Do not ask for gzip (by default clients accept gzip, as browsers do).
    #[arg(long)]
    no_gzip: bool,
    /// Hits per search.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Turn the in-process server's cache of search answers off (every request searches).
    #[arg(long)]
    no_cache: bool,
    /// Library calls the in-process server runs at once (default: the server's own default).
    #[arg(long)]
    max_calls: Option<usize>,
}

/// Searches over the bundled corpus, Chinese and English.
const QUERIES: &[&str] = &[
    "外国恐怖主义作战人员",
    "恐怖主义融资",
    "生物鉴别技术",
    "基于云的评估和分析门户",
    "边境管理",
    "反恐怖主义委员会执行局",
    "人权",
    "互联网和通信技术",
    "terrorism",
    "foreign terrorist fighters",
    "Iraq",
    "sanctions",
    "\"weapons of mass destruction\"",
    "Counter-Terrorism Committee",
    "ceasefire",
    "humanitarian assistance",
    "peacekeeping operations",
    "Democratic Republic of the Congo",
    "Al-Qaida",
    "resolution 1373 (2001)",
];

/// Bad requests and the status each must get.
fn bad_requests() -> Vec<(String, u16)> {
    vec![
        ("/search?q=Iraq&limit=0".into(), 400),
        ("/search?q=%FF%FE".into(), 400),
        ("/search?q=Iraq&page=2".into(), 400),
        ("/search?q=Iraq&lang=fr".into(), 400),
        (format!("/search?q={}", "a".repeat(2100)), 413),
        ("/doc/..%2F..%2Fetc%2Fpasswd".into(), 400),
    ]
}

fn rss_kib(pid: Option<u32>) -> Option<u64> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/status"),
        None => "/proc/self/status".to_string(),
    };
    let status = std::fs::read_to_string(path).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU seconds (user + system) of a process, or of one thread with `task`, from
/// `/proc/<pid>[/task/<tid>]/stat` (fields 14 and 15, in clock ticks of 1/100 s).
fn cpu_seconds(stat_path: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(stat_path).ok()?;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / CLOCK_TICKS_PER_SECOND)
}

/// `sysconf(_SC_CLK_TCK)` on Linux (100 on every common build).
const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

/// CPU seconds of the server: the process `pid`, or, in-process, this process minus the
/// client threads (named [`CLIENT_THREAD_NAME`]), which live until the end of the run.
fn server_cpu_seconds(pid: Option<u32>) -> Option<f64> {
    match pid {
        Some(pid) => cpu_seconds(&format!("/proc/{pid}/stat")),
        None => {
            let total = cpu_seconds("/proc/self/stat")?;
            let mut clients = 0.0;
            for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
                let dir = task.path();
                let name = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
                if name.trim() == CLIENT_THREAD_NAME {
                    clients += cpu_seconds(&dir.join("stat").to_string_lossy()).unwrap_or(0.0);
                }
            }
            Some(total - clients)
        }
    }
}

/// Thread name of the load generator's own runtime (to tell its CPU time from the server's).
const CLIENT_THREAD_NAME: &str = "load-client";

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1000.0
}

/// What a search answer must look like: valid JSON with an array of hits (checked without
/// building a `serde_json::Value`, so the clients cost the shared CPU less).
#[derive(serde::Deserialize)]
struct SearchShape {
    #[allow(dead_code)]
    hits: Vec<serde::de::IgnoredAny>,
}

/// What an error answer must look like: `{"error": {"code": "…", …}}`.
#[derive(serde::Deserialize)]
struct ErrorShape {
    #[allow(dead_code)]
    error: ErrorCode,
}

#[derive(serde::Deserialize)]
struct ErrorCode {
    #[allow(dead_code)]
    code: String,
}

#[derive(Default)]
struct Tally {
    good_us: Vec<u64>,
    bad_us: Vec<u64>,
    wrong: u64,
    dropped: u64,
    first_problem: Option<String>,
}

fn start_in_process(args: &Args) -> anyhow::Result<SocketAddr> {
    eprintln!(
        "opening {} / {} (builds the index when missing or stale)…",
        args.corpus.display(),
        args.index.display()
    );
    let engine = Arc::new(undex::Engine::open(&args.corpus, &args.index)?);
    let defaults = undex::serve::ServeOptions::default();
    let options = undex::serve::ServeOptions {
        max_concurrent_calls: args.max_calls.unwrap_or(defaults.max_concurrent_calls),
        request_logs: false,
        search_cache_entries: if args.no_cache {
            0
        } else {
            undex::serve::cache::DEFAULT_SEARCH_CACHE_ENTRIES
        },
        ..defaults
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.server_threads)
        .thread_name("undex-server")
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        runtime.block_on(undex::serve::run::serve(
            listener,
            undex::serve::router(engine, options),
            std::future::pending(),
            Duration::from_secs(1),
        ))
    });
    Ok(addr)
}

async fn client_loop(
    id: usize,
    addr: SocketAddr,
    args: Arc<Args>,
    bad: Arc<Vec<(String, u16)>>,
    measure_from: Instant,
    stop_at: Instant,
) -> Tally {
    let mut builder = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(1);
    if args.no_gzip {
        builder = builder.no_gzip();
    }
    let client = builder.build().expect("http client");
    let mut tally = Tally::default();
    let mut i = id * 7;
    loop {
        let now = Instant::now();
        if now >= stop_at {
            break;
        }
        i += 1;
        let is_bad = (i % 100) < args.bad_percent as usize;
        let (path, expected) = if is_bad {
            bad[i % bad.len()].clone()
        } else {
            let q = QUERIES[i % QUERIES.len()];
            let encoded =
                percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC);
            (format!("/search?q={encoded}&limit={}", args.limit), 200)
        };
        let started = Instant::now();
        let outcome = match client.get(format!("http://{addr}{path}")).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                match response.bytes().await {
                    Ok(body) => {
                        let ok = status == expected
                            && if expected == 200 {
                                serde_json::from_slice::<SearchShape>(&body).is_ok()
                            } else {
                                serde_json::from_slice::<ErrorShape>(&body).is_ok()
                            };
                        if ok {
                            Ok(())
                        } else {
                            Err((
                                false,
                                format!(
                                    "{path}: {status} {}",
                                    String::from_utf8_lossy(&body[..body.len().min(200)])
                                ),
                            ))
                        }
                    }
                    Err(e) => Err((true, format!("{path}: body: {e}"))),
                }
            }
            Err(e) => Err((true, format!("{path}: {e}"))),
        };
        let elapsed_us = started.elapsed().as_micros() as u64;
        if started < measure_from {
            continue;
        }
        match outcome {
            Ok(()) if is_bad => tally.bad_us.push(elapsed_us),
            Ok(()) => tally.good_us.push(elapsed_us),
            Err((dropped, problem)) => {
                if dropped {
                    tally.dropped += 1;
                } else {
                    tally.wrong += 1;
                }
                tally.first_problem.get_or_insert(problem);
            }
        }
    }
    tally
}

fn main() -> anyhow::Result<()> {
    let args = Arc::new(Args::parse());
    let (addr, pid) = match args.addr {
        Some(addr) => (addr, args.pid),
        None => (start_in_process(&args)?, None),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(CLIENT_THREAD_NAME)
        .enable_all()
        .build()?;
    let rss_start = rss_kib(pid);
    let warmup = Duration::from_secs(args.warmup);
    let measured = Duration::from_secs(args.seconds);
    let begin = Instant::now();
    let measure_from = begin + warmup;
    let stop_at = measure_from + measured;
    eprintln!(
        "{} clients → http://{addr} for {} s (+{} s warm-up), {}% bad input, gzip {}, search cache {}",
        args.clients,
        args.seconds,
        args.warmup,
        args.bad_percent,
        if args.no_gzip { "off" } else { "accepted" },
        match (args.addr, args.no_cache) {
            (Some(_), _) => "as the server has it",
            (None, true) => "off",
            (None, false) => "on",
        }
    );
    let (tallies, rss_after_warmup, rss_samples, server_cpu) = runtime.block_on(async {
        let bad = Arc::new(bad_requests());
        let tasks: Vec<_> = (0..args.clients)
            .map(|id| {
                tokio::spawn(client_loop(
                    id,
                    addr,
                    args.clone(),
                    bad.clone(),
                    measure_from,
                    stop_at,
                ))
            })
            .collect();
        tokio::time::sleep_until(measure_from.into()).await;
        let cpu_start = server_cpu_seconds(pid);
        let rss_after_warmup = rss_kib(pid);
        let mut samples = Vec::new();
        while Instant::now() + Duration::from_secs(10) < stop_at {
            tokio::time::sleep(Duration::from_secs(10)).await;
            samples.push(rss_kib(pid));
        }
        tokio::time::sleep_until(stop_at.into()).await;
        let cpu_used = cpu_start.zip(server_cpu_seconds(pid)).map(|(a, b)| b - a);
        let mut tallies = Vec::new();
        for task in tasks {
            tallies.push(task.await.expect("client task"));
        }
        (tallies, rss_after_warmup, samples, cpu_used)
    });
    let rss_end = rss_kib(pid);

    let mut good: Vec<u64> = tallies
        .iter()
        .flat_map(|t| t.good_us.iter().copied())
        .collect();
    let mut bad: Vec<u64> = tallies
        .iter()
        .flat_map(|t| t.bad_us.iter().copied())
        .collect();
    good.sort_unstable();
    bad.sort_unstable();
    let wrong: u64 = tallies.iter().map(|t| t.wrong).sum();
    let dropped: u64 = tallies.iter().map(|t| t.dropped).sum();
    let secs = measured.as_secs_f64();
    println!("measured {secs:.0} s, {} clients", args.clients);
    println!(
        "good searches: {} ({:.0}/s)  p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        good.len(),
        good.len() as f64 / secs,
        percentile(&good, 50.0),
        percentile(&good, 90.0),
        percentile(&good, 99.0),
        percentile(&good, 100.0)
    );
    if !bad.is_empty() {
        println!(
            "bad requests:  {} ({:.0}/s)  p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
            bad.len(),
            bad.len() as f64 / secs,
            percentile(&bad, 50.0),
            percentile(&bad, 90.0),
            percentile(&bad, 99.0),
            percentile(&bad, 100.0)
        );
    }
    println!(
        "all answers: {:.0}/s; wrong answers: {wrong}; dropped: {dropped}",
        (good.len() + bad.len()) as f64 / secs
    );
    // CPU per answer does not depend on what else the machine runs: two cores divided by it is
    // the rate an idle machine would sustain if the server had both cores to itself.
    if let Some(cpu) = server_cpu {
        let answers = (good.len() + bad.len()).max(1) as f64;
        let per_answer_us = cpu / answers * 1e6;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as f64;
        println!(
            "server CPU: {cpu:.2} s = {per_answer_us:.0} µs per answer (→ {:.0} answers/s on {cores:.0} idle cores)",
            cores * 1e6 / per_answer_us
        );
    }
    if let Some(problem) = tallies.iter().find_map(|t| t.first_problem.clone()) {
        println!("first problem: {problem}");
    }
    let show =
        |v: Option<u64>| v.map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    println!(
        "RSS ({}): at start {}, after warm-up {}, every 10 s [{}], at end {}",
        if pid.is_some() {
            "server process"
        } else {
            "this process: server + clients"
        },
        show(rss_start),
        show(rss_after_warmup),
        rss_samples
            .iter()
            .map(|s| show(*s))
            .collect::<Vec<_>>()
            .join(", "),
        show(rss_end)
    );
    if wrong + dropped > 0 {
        std::process::exit(1);
    }
    Ok(())
}
