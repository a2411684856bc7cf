//! Hostile clients on loopback (finding 6 of issue #11): idle floods, slow drips, idle
//! keep-alive connections and more connections than the cap, against the real server
//! (`serve::run::serve_with`) over the real engine. Every loop is bounded in count, and every
//! wait has a bound that only turns a hang into a failure.

use crate::serve_common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use undex::serve::run::{ConnectionLimits, serve_with};

/// Longest wait for something that must happen (a close, an answer): only bounds a hang.
const BOUND: Duration = Duration::from_secs(15);

struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = tokio::time::timeout(BOUND, self.task).await;
    }
}

async fn start(limits: ConnectionLimits) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = serve_common::app();
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(serve_with(
        listener,
        app,
        async move {
            let _ = rx.await;
        },
        Duration::from_secs(2),
        limits,
    ));
    Running {
        addr,
        stop: Some(tx),
        task,
    }
}

/// Reads until the server closes the connection; returns what it sent.
async fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(BOUND, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return out,
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the server kept the connection open past {BOUND:?}"),
        }
    }
}

/// One `GET` on a fresh connection with `Connection: close`; returns the status line.
async fn get_status(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut s).await;
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

/// Idle connections (nothing sent), a slow drip of a request head, and an idle keep-alive
/// connection are all closed by the server; the drip is never served.
#[tokio::test]
async fn idle_slow_drip_and_idle_keep_alive_connections_are_closed() {
    let server = start(ConnectionLimits {
        header_read_timeout: Duration::from_millis(300),
        max_connections: 64,
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // Slow drip: one byte of a header every 50 ms, at most 200 bytes (10 s) of it.
    let mut drip = TcpStream::connect(server.addr).await.unwrap();
    drip.write_all(b"GET /health HTTP/1.1\r\nX-Drip: ")
        .await
        .unwrap();
    let mut dripped = 0;
    let mut buf = [0u8; 256];
    let served = loop {
        if dripped >= 200 {
            break true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        if drip.write_all(b"a").await.is_err() {
            break false;
        }
        dripped += 1;
        match tokio::time::timeout(Duration::from_millis(1), drip.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break false,
            Ok(Ok(_)) => break String::from_utf8_lossy(&buf).contains(" 200 "),
            Err(_) => {}
        }
    };
    assert!(!served, "the slow drip was served after {dripped} bytes");
    assert!(dripped < 200, "the slow drip was never cut off");
    for mut s in idle {
        let got = read_until_closed(&mut s).await;
        assert!(
            !String::from_utf8_lossy(&got).contains(" 200 "),
            "an idle connection got an answer"
        );
    }
    // Keep-alive: one answered request, then the idle connection is closed.
    let mut ka = TcpStream::connect(server.addr).await.unwrap();
    ka.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut first = vec![0u8; 4096];
    let n = tokio::time::timeout(BOUND, ka.read(&mut first))
        .await
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    read_until_closed(&mut ka).await;
    server.stop().await;
}

/// At the connection cap the server stops accepting (rather than running out of descriptors):
/// a request beyond the cap waits, and is answered once a slot frees.
#[tokio::test]
async fn beyond_the_connection_cap_requests_wait_for_a_slot() {
    let server = start(ConnectionLimits {
        header_read_timeout: Duration::from_secs(60),
        max_connections: 8,
    })
    .await;
    let mut holders = Vec::new();
    for _ in 0..8 {
        holders.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // Give the server the time to accept the 8 (bounded, with a check that it did).
    let probe_deadline = Instant::now() + BOUND;
    let mut extra = TcpStream::connect(server.addr).await.unwrap();
    extra
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(500), extra.read(&mut buf)).await;
    assert!(early.is_err(), "a connection beyond the cap was served");
    drop(holders);
    let got = read_until_closed(&mut extra).await;
    assert!(Instant::now() < probe_deadline);
    assert!(
        String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&got)
    );
    server.stop().await;
}

/// The soak: normal queries keep p99 ≤ 50 ms while 300 idle connections and 20 slow drips
/// are held open against the server (bounded: 400 queries, one flood).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn normal_queries_keep_p99_under_50ms_during_an_idle_flood_and_slow_drips() {
    const IDLE: usize = 300;
    const DRIPS: usize = 20;
    const QUERIES: usize = 400;
    let server = start(ConnectionLimits {
        header_read_timeout: Duration::from_secs(30),
        max_connections: 512,
    })
    .await;
    let addr = server.addr;
    assert!(get_status(addr, "/health").await.contains(" 200 "));
    let mut flood = Vec::new();
    for _ in 0..IDLE {
        flood.push(TcpStream::connect(addr).await.unwrap());
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut drips = Vec::new();
    for _ in 0..DRIPS {
        let mut stop = stop_rx.clone();
        drips.push(tokio::spawn(async move {
            let mut s = TcpStream::connect(addr).await.unwrap();
            let _ = s.write_all(b"GET /search?q=x HTTP/1.1\r\nX-Drip: ").await;
            for _ in 0..600 {
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(50)) => {}
                    _ = stop.changed() => break,
                }
                if s.write_all(b"a").await.is_err() {
                    break;
                }
            }
        }));
    }
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let queries = [
        "Security Council",
        "外国恐怖主义作战人员",
        "sanctions",
        "resolution 1373",
    ];
    let mut times = Vec::with_capacity(QUERIES);
    for i in 0..QUERIES {
        let url = format!(
            "http://{addr}/search?q={}&limit=5",
            serve_common::enc(queries[i % queries.len()])
        );
        let t = Instant::now();
        let r = client.get(&url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        r.bytes().await.unwrap();
        times.push(t.elapsed());
    }
    let _ = stop_tx.send(true);
    for d in drips {
        let _ = d.await;
    }
    drop(flood);
    times.sort();
    let p50 = times[QUERIES / 2];
    let p99 = times[QUERIES * 99 / 100];
    eprintln!(
        "soak: {QUERIES} queries during {IDLE} idle connections + {DRIPS} slow drips: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        times[QUERIES - 1].as_secs_f64() * 1e3
    );
    assert!(p99 <= Duration::from_millis(50), "p99 {p99:?}");
    server.stop().await;
}
