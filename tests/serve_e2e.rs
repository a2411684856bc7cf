//! End-to-end tests of `undex serve` over real TCP on 127.0.0.1: a bounded load (2,000
//! requests from 32 concurrent clients, one in five of them bad input) where every answer is
//! checked and nothing may be dropped, and graceful shutdown (in-flight requests finish; a
//! request slower than the drain limit does not hold the server forever).

use crate::serve_common;

use axum::Router;
use axum::routing::get;
use serde_json::Value;
use serve_common::enc;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, oneshot};
use undex::serve::run;

/// A running server and the means to stop it.
struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(app: Router, drain: Duration) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(run::serve(
        listener,
        app,
        async move {
            let _ = stopped.await;
        },
        drain,
    ));
    Running { addr, stop, done }
}

/// What a request of the load must get back.
enum Expect {
    /// 200 with at least one hit, one of them from this symbol.
    HitFrom(&'static str),
    /// 200 `/health` with this many documents.
    Health(usize),
    /// 200 `/doc` of this symbol.
    Doc(&'static str),
    /// This error status and code.
    Error(u16, &'static str),
}

fn load_table() -> Vec<(String, Expect)> {
    let search = |q: &str, extra: &str| format!("/search?q={}{extra}", enc(q));
    vec![
        (
            search("外国恐怖主义作战人员", "&lang=zh"),
            Expect::HitFrom("S/2022/529"),
        ),
        (
            search("基于云的评估和分析门户", ""),
            Expect::HitFrom("S/2022/529"),
        ),
        (
            search("chemical and biological weapons", "&lang=en"),
            Expect::HitFrom("S/RES/687(1991)"),
        ),
        (
            search("MONUC", "&limit=3"),
            Expect::HitFrom("S/RES/1445(2002)"),
        ),
        (
            search("Iraq", "&year=2002"),
            Expect::HitFrom("S/RES/1454(2002)"),
        ),
        (
            search("Iraq", "&symbol=S%2FRES%2F687&offset=1"),
            Expect::HitFrom("S/RES/687(1991)"),
        ),
        (
            "/cited-by?ref=S%2FRES%2F687(1991)".into(),
            Expect::HitFrom("S/RES/1454(2002)"),
        ),
        (
            "/health".into(),
            Expect::Health(serve_common::FIXTURE_DOCUMENTS.len()),
        ),
        (
            "/doc/S%2FRES%2F1445(2002)?para=1".into(),
            Expect::Doc("S/RES/1445(2002)"),
        ),
        // bad input: 2 of 10
        (
            search("Iraq", "&limit=0"),
            Expect::Error(400, "bad_request"),
        ),
        ("/search?q=%FF%FE".into(), Expect::Error(400, "bad_request")),
    ]
}

fn check(
    uri: &str,
    expect: &Expect,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Result<(), String> {
    if content_type != "application/json; charset=utf-8" {
        return Err(format!("{uri}: content-type {content_type:?}"));
    }
    let json: Value = serde_json::from_slice(body).map_err(|e| format!("{uri}: not JSON: {e}"))?;
    let ok = match expect {
        Expect::HitFrom(symbol) => {
            status == 200
                && json["hits"]
                    .as_array()
                    .is_some_and(|hits| hits.iter().any(|h| h["symbol"] == *symbol))
        }
        Expect::Health(documents) => {
            status == 200 && json["status"] == "ok" && json["documents"] == *documents
        }
        Expect::Doc(symbol) => status == 200 && json["symbol"] == *symbol,
        Expect::Error(code, name) => status == *code && json["error"]["code"] == *name,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{uri}: unexpected answer {status} {json}"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_requests_from_32_clients_all_answered_correctly() {
    const REQUESTS: usize = 2000;
    const CLIENTS: usize = 32;
    let server = start(serve_common::app(), Duration::from_secs(5)).await;
    let table = Arc::new(load_table());
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let (table, next, addr) = (table.clone(), next.clone(), server.addr);
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap();
            let mut failures = Vec::new();
            let mut answered = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= REQUESTS {
                    break;
                }
                let (uri, expect) = &table[i % table.len()];
                match client.get(format!("http://{addr}{uri}")).send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let content_type = response
                            .headers()
                            .get("content-type")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("")
                            .to_string();
                        match response.bytes().await {
                            Ok(body) => {
                                answered += 1;
                                if let Err(e) = check(uri, expect, status, &content_type, &body) {
                                    failures.push(e);
                                }
                            }
                            Err(e) => failures.push(format!("{uri}: body dropped: {e}")),
                        }
                    }
                    Err(e) => failures.push(format!("{uri}: request dropped: {e}")),
                }
            }
            (answered, failures)
        }));
    }
    let all = tokio::time::timeout(
        Duration::from_secs(240),
        futures_util::future::join_all(clients),
    )
    .await
    .expect("the load must finish within 240 s");
    let elapsed = started.elapsed();
    let mut answered = 0;
    let mut failures = Vec::new();
    for result in all {
        let (n, f) = result.expect("client task");
        answered += n;
        failures.extend(f);
    }
    println!(
        "{REQUESTS} requests from {CLIENTS} clients in {:.2} s ({:.0} req/s, debug build)",
        elapsed.as_secs_f64(),
        REQUESTS as f64 / elapsed.as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(answered, REQUESTS, "every request answered");

    server.stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server.done)
        .await
        .expect("server stops")
        .unwrap()
        .unwrap();
}

/// A router with a slow route that says when a request has arrived.
fn slow_app(arrived: Arc<Notify>, delay: Duration) -> Router {
    Router::new().route(
        "/slow",
        get(move || {
            let arrived = arrived.clone();
            async move {
                arrived.notify_one();
                tokio::time::sleep(delay).await;
                "finished"
            }
        }),
    )
}

#[tokio::test]
async fn shutdown_lets_an_in_flight_request_finish_then_refuses_connections() {
    let arrived = Arc::new(Notify::new());
    let server = start(
        slow_app(arrived.clone(), Duration::from_millis(400)),
        Duration::from_secs(5),
    )
    .await;
    let url = format!("http://{}/slow", server.addr);
    let in_flight = tokio::spawn(async move { reqwest::get(url).await?.text().await });
    arrived.notified().await;
    server.stop.send(()).unwrap();
    let text = tokio::time::timeout(Duration::from_secs(5), in_flight)
        .await
        .expect("in-flight request finishes")
        .unwrap()
        .expect("in-flight request is not dropped");
    assert_eq!(text, "finished");
    tokio::time::timeout(Duration::from_secs(5), server.done)
        .await
        .expect("server stops after the in-flight request")
        .unwrap()
        .unwrap();
    let after = reqwest::get(format!("http://{}/slow", server.addr)).await;
    assert!(after.is_err(), "no new connections after shutdown");
}

#[tokio::test]
async fn shutdown_gives_up_on_a_request_slower_than_the_drain_limit() {
    let arrived = Arc::new(Notify::new());
    let server = start(
        slow_app(arrived.clone(), Duration::from_secs(60)),
        Duration::from_millis(200),
    )
    .await;
    let url = format!("http://{}/slow", server.addr);
    let _stuck = tokio::spawn(async move { reqwest::get(url).await });
    arrived.notified().await;
    let stopping = Instant::now();
    server.stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server.done)
        .await
        .expect("the drain limit bounds shutdown")
        .unwrap()
        .unwrap();
    assert!(stopping.elapsed() >= Duration::from_millis(200));
}

/// Sends raw bytes on a fresh connection and returns everything the server answers.
async fn raw_exchange(addr: SocketAddr, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server answers and closes")
        .expect("no connection reset");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn malformed_http_gets_an_answer_not_a_dropped_connection() {
    let server = start(serve_common::app(), Duration::from_secs(1)).await;
    let addr = server.addr;
    let request = |target: &[u8]| {
        let mut r = b"GET ".to_vec();
        r.extend_from_slice(target);
        r.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        r
    };
    // Raw (unencoded) UTF-8 in the target reaches the router and its JSON errors.
    let answer = raw_exchange(addr, &request("/search?q=恐怖主义&limit=0".as_bytes())).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(
        answer.contains("application/json; charset=utf-8") && answer.contains("\"bad_request\""),
        "{answer}"
    );
    // Bytes that cannot be in a request target at all are refused by the HTTP parser itself
    // (an empty 400), and an over-long target gets 414: answered, not dropped.
    let answer = raw_exchange(addr, &request(b"/search?q=\xff\xfe")).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let mut long = b"/search?q=".to_vec();
    long.extend(std::iter::repeat_n(b'a', 70_000));
    let answer = raw_exchange(addr, &request(&long)).await;
    assert!(answer.starts_with("HTTP/1.1 414"), "{answer}");
    let answer = raw_exchange(addr, b"NONSENSE\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let _ = server.stop.send(());
}
