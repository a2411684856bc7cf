//! `/cite` of `undex serve` (issue #13 item 2: `cite` offered by the library and the server),
//! over real TCP on 127.0.0.1: text in the body or the query string, a real UN PDF, and the
//! 4xx answers for empty, oversized, non-UTF-8 and malformed requests. The answers must be what
//! the library's `cite_bytes` (what `undex cite --json` prints) gives for the same input.

use crate::serve_common;

use serde_json::Value;
use serve_common::enc;
use std::net::SocketAddr;
use tokio::sync::oneshot;
use undex::cite::cite_bytes;
use undex::serve::MAX_CITE_BODY_BYTES;
use undex::serve::run;

struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start() -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(run::serve(
        listener,
        serve_common::app(),
        async move {
            let _ = stopped.await;
        },
        std::time::Duration::from_secs(5),
    ));
    Running { addr, stop, done }
}

/// Status and JSON body of a response.
async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.text().await.expect("body");
    let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"));
    (status, json)
}

fn expected(input: &[u8]) -> Value {
    serde_json::to_value(cite_bytes(input).expect("library cite")).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cite_over_http_matches_the_library() {
    let server = start().await;
    let base = format!("http://{}", server.addr);
    let client = reqwest::Client::new();

    // The contract's example, in the body and in the query string.
    let text = "执行局继续根据第 2395(2017)号决议第 17 段开展工作";
    let (status, body) = answer(
        client
            .post(format!("{base}/cite"))
            .body(text)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, expected(text.as_bytes()));
    assert_eq!(body[0]["symbol"], "S/RES/2395(2017)");
    assert_eq!(body[0]["paragraphs"][0], "17");
    assert_eq!(
        (body[0]["start"].as_u64(), body[0]["end"].as_u64()),
        (Some(7), Some(28))
    );

    let url = format!("{base}/cite?text={}", enc(text));
    let (status, by_get) = answer(client.get(url).send().await.unwrap()).await;
    assert_eq!((status, &by_get), (200, &body));

    // A real UN PDF (the bundled S/2025/22) is extracted, then cited.
    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/S_2025_22/en.pdf"
    ))
    .expect("bundled PDF");
    let (status, body) = answer(
        client
            .post(format!("{base}/cite"))
            .body(pdf.clone())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.as_array().is_some_and(|a| a.len() >= 10), "{body}");
    assert_eq!(body, expected(&pdf));

    // Text without citations: an empty array.
    let (status, body) = answer(
        client
            .post(format!("{base}/cite"))
            .body("no citation here")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body), (200, serde_json::json!([])));

    let _ = server.stop.send(());
    server.done.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_cite_requests_get_clear_4xx_answers() {
    let server = start().await;
    let base = format!("http://{}", server.addr);
    let client = reqwest::Client::new();
    let cases: Vec<(reqwest::RequestBuilder, u16, &str, &str)> = vec![
        (
            client.post(format!("{base}/cite")).body(""),
            400,
            "bad_request",
            "empty",
        ),
        (
            client
                .post(format!("{base}/cite"))
                .body(&b"resolution 2178 (2014) \xff\xfe"[..]),
            400,
            "bad_request",
            "text",
        ),
        (
            client
                .post(format!("{base}/cite?text=x"))
                .body("resolution 2178 (2014)"),
            400,
            "bad_request",
            "text",
        ),
        (
            client.get(format!("{base}/cite")),
            400,
            "bad_request",
            "'text'",
        ),
        (
            client.get(format!("{base}/cite?q=resolution")),
            400,
            "bad_request",
            "text",
        ),
        (
            client.get(format!("{base}/cite?text={}", "a".repeat(5000))),
            413,
            "too_large",
            "limit",
        ),
        (
            client.put(format!("{base}/cite")).body("x"),
            405,
            "method_not_allowed",
            "PUT",
        ),
    ];
    for (i, (request, status, code, says)) in cases.into_iter().enumerate() {
        let (got, body) = answer(request.send().await.unwrap()).await;
        assert_eq!(got, status, "case {i}: {body}");
        assert_eq!(body["error"]["code"], code, "case {i}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "case {i}: {message}");
    }
    // A body declared over the limit is refused before it is read (sent raw: the server
    // answers without reading the body, so a client still writing would see a broken pipe).
    let head = format!(
        "POST /cite HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        MAX_CITE_BODY_BYTES + 1
    );
    let answer = raw_answer(server.addr, head.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("\"too_large\"") && answer.contains("undex cite"),
        "{answer}"
    );
    let _ = server.stop.send(());
    server.done.await.unwrap().unwrap();
}

/// A chunked body (no Content-Length to refuse up front) is read up to the limit, then answered
/// 413 `too_large` (the limit error is told from a broken connection by its type, not its text).
#[tokio::test]
async fn a_chunked_body_over_the_limit_is_too_large() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = start().await;
    let stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let chunk = vec![b'a'; 1 << 20];
    let writing = tokio::spawn(async move {
        let head = "POST /cite HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        writer.write_all(head.as_bytes()).await?;
        // Nine 1 MiB chunks: one past the 8 MiB limit. The server may stop reading once it
        // has answered, so a failed write here is expected and ignored.
        for _ in 0..=MAX_CITE_BODY_BYTES / chunk.len() {
            writer
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            writer.write_all(&chunk).await?;
            writer.write_all(b"\r\n").await?;
        }
        writer.write_all(b"0\r\n\r\n").await
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let read_all = async {
        while !answer.ends_with(b"}}") {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), read_all)
        .await
        .expect("the server answers");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"too_large\""), "{answer}");
    let _ = writing.await;
    let _ = server.stop.send(());
    server.done.await.unwrap().unwrap();
}

/// Sends `request` on a fresh connection and returns what the server answers, up to the end of
/// its JSON body.
async fn raw_answer(addr: SocketAddr, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    let read_all = async {
        while !answer.ends_with(b"}}") {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(5), read_all)
        .await
        .expect("the server answers");
    String::from_utf8_lossy(&answer).into_owned()
}
