//! A real HTTP/1.1 server on 127.0.0.1:0 for the crawler tests, standing in for undocs.org and
//! documents.un.org. It is written on raw TCP (not a framework) so that it can misbehave the way
//! real servers do: drop the connection, send fewer bytes than Content-Length, answer late.
//! Every request is logged with its arrival time so tests can check politeness.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    /// Request target (path and query), exactly as sent.
    pub path: String,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
    /// When the request head had arrived.
    pub at: Instant,
    /// The reply given: the status code, or 0 for a dropped connection.
    pub status: u16,
    /// Body bytes sent.
    pub body_bytes: usize,
}

/// How to answer one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Headers announce `declared` bytes, only `body` is sent, then the connection closes.
    Truncated { declared: usize, body: Vec<u8> },
    /// Close the connection at once with a TCP reset, no response.
    Reset,
    /// Wait, then answer.
    Delayed(Duration, Box<Reply>),
    /// Answer 304 if If-None-Match equals the ETag, else the full reply (which must carry
    /// that ETag).
    Conditional { etag: String, full: Box<Reply> },
}

impl Reply {
    /// 200 with a body and a content type.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// 200 with a PDF content type.
    pub fn pdf(body: impl Into<Vec<u8>>) -> Reply {
        Reply::ok("application/pdf", body)
    }

    /// 200 HTML.
    pub fn html(body: &str) -> Reply {
        Reply::ok("text/html; charset=utf-8", body.as_bytes().to_vec())
    }

    /// A status with an HTML body.
    pub fn status(status: u16, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }

    /// This reply with an extra header.
    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Full {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.into(), value.into()));
                Reply::Full {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }
}

type Routes = HashMap<String, Vec<Reply>>;

/// A running test server. The n-th request to a path gets the n-th reply of its route (the
/// last one repeats); unknown paths get 404.
#[derive(Clone)]
pub struct TestServer {
    pub addr: SocketAddr,
    routes: Arc<Mutex<Routes>>,
    counts: Arc<Mutex<HashMap<String, usize>>>,
    log: Arc<Mutex<Vec<SeenRequest>>>,
}

impl TestServer {
    /// Starts a server with no routes on 127.0.0.1, port chosen by the OS.
    pub async fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let server = TestServer {
            addr,
            routes: Arc::default(),
            counts: Arc::default(),
            log: Arc::default(),
        };
        let s = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move { s.serve(stream).await });
            }
        });
        server
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sets the replies of a path (request target, e.g. `/en/S/RES/1373(2001)`).
    pub fn route(&self, path: &str, replies: Vec<Reply>) -> &Self {
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), replies);
        self
    }

    /// Every request seen so far, in arrival order.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.log.lock().unwrap().clone()
    }

    /// Requests to one path.
    pub fn requests_to(&self, path: &str) -> Vec<SeenRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }

    async fn serve(&self, mut stream: TcpStream) {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            if buf.len() > 64 * 1024 {
                return;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let at = Instant::now();
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or("");
        let path = request_line.split(' ').nth(1).unwrap_or("").to_string();
        let headers: HashMap<String, String> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let reply = {
            let mut counts = self.counts.lock().unwrap();
            let n = counts.entry(path.clone()).or_insert(0);
            let routes = self.routes.lock().unwrap();
            let reply = routes
                .get(&path)
                .and_then(|replies| replies.get(*n).or(replies.last()).cloned())
                .unwrap_or_else(|| Reply::status(404, "<html><body>Not found</body></html>"));
            *n += 1;
            reply
        };
        let index = {
            let mut log = self.log.lock().unwrap();
            log.push(SeenRequest {
                path,
                headers: headers.clone(),
                at,
                status: 0,
                body_bytes: 0,
            });
            log.len() - 1
        };
        let (status, body_bytes) = send(&mut stream, reply, &headers).await;
        if let Some(entry) = self.log.lock().unwrap().get_mut(index) {
            entry.status = status;
            entry.body_bytes = body_bytes;
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

async fn send(stream: &mut TcpStream, reply: Reply, req: &HashMap<String, String>) -> (u16, usize) {
    let mut reply = reply;
    loop {
        match reply {
            Reply::Delayed(d, inner) => {
                tokio::time::sleep(d).await;
                reply = *inner;
            }
            Reply::Conditional { etag, full } => {
                if req.get("if-none-match") == Some(&etag) {
                    reply = Reply::Full {
                        status: 304,
                        headers: vec![("ETag".into(), etag)],
                        body: Vec::new(),
                    };
                } else {
                    reply = *full;
                }
            }
            Reply::Reset => {
                let _ = stream.set_zero_linger();
                return (0, 0);
            }
            Reply::Truncated { declared, body } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n"
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.flush().await;
                return (200, body.len());
            }
            Reply::Full {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for (k, v) in &headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str(&format!(
                    "Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                ));
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.flush().await;
                let _ = stream.shutdown().await;
                return (status, body.len());
            }
        }
    }
}

/// Bytes of a real UN PDF from the bundled corpus.
pub fn corpus_pdf(dir: &str) -> Vec<u8> {
    let path = format!("{}/corpus/{dir}/en.pdf", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The SHA-256 of bytes, hex.
pub fn sha256(bytes: &[u8]) -> String {
    undex::corpus::sha256_hex(bytes)
}

/// Checks that no two requests in `requests` (all to one host) arrived closer than `min`,
/// less `slack` for loopback scheduling jitter between sending and arrival.
pub fn assert_spacing(requests: &[SeenRequest], min: Duration, slack: Duration) {
    let mut sorted: Vec<&SeenRequest> = requests.iter().collect();
    sorted.sort_by_key(|r| r.at);
    for pair in sorted.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap + slack >= min,
            "requests to {} and {} {gap:?} apart (minimum {min:?}); all: {:?}",
            pair[0].path,
            pair[1].path,
            sorted
                .iter()
                .map(|r| (&r.path, r.at - sorted[0].at))
                .collect::<Vec<_>>()
        );
    }
}
