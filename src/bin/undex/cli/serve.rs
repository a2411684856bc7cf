//! `undex serve`: parses the server options, opens the engine (building the index when
//! missing or stale), and serves the JSON endpoint until Ctrl-C or SIGTERM.

use super::{GlobalArgs, exit};
use crate::engine::Engine;
use crate::serve::{CorsOrigins, ServeOptions, router, run as serving};
use anyhow::Context;
use std::sync::Arc;
use std::time::Duration;

/// Arguments of `undex serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (use port 0 for any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Browser origin allowed to call the endpoint (CORS), e.g. https://example.org; repeat
    /// for several, or `*` for any. Without it only same-origin pages can read answers.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// Longest time a request may take, in milliseconds, before it is answered with 503.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=600_000))]
    pub request_timeout_ms: u64,
    /// How long in-flight requests may take to finish after Ctrl-C or SIGTERM, in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    pub drain_ms: u64,
    /// Library calls (searches, resolves…) running at once; default: twice the number of cores.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_concurrent: Option<u64>,
    /// Do not log each request (errors and warnings are still logged).
    #[arg(long)]
    pub quiet: bool,
}

/// Runs `undex serve` until Ctrl-C or SIGTERM: returns the exit code once the server has shut
/// down.
pub fn run(args: &ServeArgs, global: &GlobalArgs) -> anyhow::Result<u8> {
    run_until(args, global, serving::shutdown_signal())
}

/// Runs `undex serve` until `shutdown` completes (then finishes in-flight requests).
pub fn run_until(
    args: &ServeArgs,
    global: &GlobalArgs,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<u8> {
    let level = if args.quiet {
        tracing::Level::WARN
    } else {
        tracing::Level::INFO
    };
    // Another subscriber may already be installed by an embedding program; keep it then.
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .try_init();

    let cors = match CorsOrigins::from_args(&args.cors_origins) {
        Ok(cors) => cors,
        Err(message) => {
            eprintln!("undex serve: --cors-origin {message}");
            return Ok(exit::BAD_INPUT);
        }
    };
    let mut options = ServeOptions {
        cors,
        request_timeout: Duration::from_millis(args.request_timeout_ms),
        request_logs: !args.quiet,
        ..ServeOptions::default()
    };
    if let Some(n) = args.max_concurrent {
        options.max_concurrent_calls = usize::try_from(n).unwrap_or(usize::MAX);
    }

    let engine = Arc::new(Engine::open(&global.corpus, &global.index)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(&args.addr).await {
            Ok(listener) => listener,
            Err(e) => {
                eprintln!(
                    "undex serve: cannot listen on {} ({e}); choose another --addr, e.g. 127.0.0.1:8081",
                    args.addr
                );
                return Ok(exit::BAD_INPUT);
            }
        };
        let local = listener.local_addr().context("reading the bound address")?;
        eprintln!("undex serve: listening on http://{local}/ (Ctrl-C to stop)");
        serving::serve(
            listener,
            router(engine, options),
            shutdown,
            Duration::from_millis(args.drain_ms),
        )
        .await
        .context("serving HTTP")?;
        eprintln!("undex serve: stopped");
        Ok(exit::OK)
    })
}
