//! `undex serve` as the command line runs it (`undex::cli::serve::run_until`): argument
//! parsing and defaults, a served request on the chosen address, clean shutdown with exit code
//! 0, and exit code 2 with a message for a bad `--cors-origin` or an address already in use.

#[path = "../../../../tests/serve_common/mod.rs"]
mod serve_common;

use super::{ServeArgs, run_until};
use crate::cli::{Cli, Command, GlobalArgs, exit};
use clap::Parser;
use std::time::{Duration, Instant};

fn parse(args: &[&str]) -> (ServeArgs, GlobalArgs) {
    let cli = Cli::try_parse_from(args).expect("valid arguments");
    match cli.command {
        Command::Serve(serve) => (serve, cli.global),
        other => panic!("not serve: {other:?}"),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn serve_arguments_and_defaults() {
    let (args, _) = parse(&["undex", "serve"]);
    assert_eq!(args.addr, "127.0.0.1:8080");
    assert!(args.cors_origins.is_empty());
    assert_eq!((args.request_timeout_ms, args.drain_ms), (10_000, 10_000));
    assert!(!args.quiet);

    let (args, global) = parse(&[
        "undex",
        "serve",
        "--addr",
        "0.0.0.0:9000",
        "--cors-origin",
        "https://a.example.org",
        "--cors-origin",
        "http://localhost:3000",
        "--request-timeout-ms",
        "500",
        "--max-concurrent",
        "4",
        "--quiet",
        "--corpus",
        "/data/corpus",
    ]);
    assert_eq!(args.addr, "0.0.0.0:9000");
    assert_eq!(
        args.cors_origins,
        ["https://a.example.org", "http://localhost:3000"]
    );
    assert_eq!(
        (args.request_timeout_ms, args.max_concurrent, args.quiet),
        (500, Some(4), true)
    );
    assert_eq!(global.corpus, std::path::Path::new("/data/corpus"));

    for bad in [
        &["undex", "serve", "--request-timeout-ms", "0"][..],
        &["undex", "serve", "--max-concurrent", "0"],
        &["undex", "serve", "--drain-ms", "soon"],
        &["undex", "serve", "--port", "80"],
    ] {
        assert!(Cli::try_parse_from(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn serve_answers_on_its_address_and_exits_0_on_shutdown() {
    let corpus_dir = serve_common::engine().corpus_dir().to_path_buf();
    let index_dir = serve_common::engine().index_dir().to_path_buf();
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let (mut args, _) = parse(&["undex", "serve", "--addr", &addr, "--quiet"]);
    args.drain_ms = 2000;
    let global = GlobalArgs {
        corpus: corpus_dir,
        index: index_dir,
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        run_until(&args, &global, async move {
            let _ = stopped.await;
        })
    });

    let url = format!("http://{addr}/search?q=Iraq&limit=0");
    let deadline = Instant::now() + Duration::from_secs(60);
    let answer = loop {
        match http_get(&url) {
            Some(answer) => break answer,
            None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            None => panic!("undex serve did not answer on {addr}"),
        }
    };
    assert_eq!(answer.0, 400);
    assert!(answer.1.contains("\"bad_request\""), "{}", answer.1);

    stop.send(()).unwrap();
    let code = server.join().expect("server thread").expect("run_until");
    assert_eq!(code, exit::OK);
}

#[test]
fn serve_refuses_a_bad_origin_and_a_taken_address_with_exit_code_2() {
    let corpus = serve_common::engine().corpus_dir().to_path_buf();
    let index = serve_common::engine().index_dir().to_path_buf();
    let global = GlobalArgs { corpus, index };
    let (args, _) = parse(&["undex", "serve", "--cors-origin", "example.org", "--quiet"]);
    assert_eq!(
        run_until(&args, &global, async {}).unwrap(),
        exit::BAD_INPUT
    );

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (args, _) = parse(&["undex", "serve", "--addr", &addr, "--quiet"]);
    assert_eq!(
        run_until(&args, &global, async {}).unwrap(),
        exit::BAD_INPUT
    );
}

/// A tiny blocking GET (status, body), `None` when the connection fails.
fn http_get(url: &str) -> Option<(u16, String)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    runtime.block_on(async {
        let response = reqwest::get(url).await.ok()?;
        let status = response.status().as_u16();
        Some((status, response.text().await.ok()?))
    })
}
