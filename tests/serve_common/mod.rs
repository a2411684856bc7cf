//! Shared fixture of the `serve` tests: a small real corpus (the Chinese seed S/2022/529 and
//! three English Security Council resolutions copied from the bundled `corpus/`) stored in a
//! temporary folder through `Corpus::store`, and one real `Engine` over it per test binary.
//! Also the HTTP helpers the router tests use.

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;
use undex::Engine;
use undex::corpus::{Corpus, ManifestEntry};
use undex::model::{Lang, Symbol};

/// The documents of the fixture corpus: (symbol, language, file under the bundled corpus/).
pub const FIXTURE_DOCUMENTS: &[(&str, Lang, &str)] = &[
    ("S/2022/529", Lang::Zh, "S_2022_529/zh.txt"),
    ("S/RES/687(1991)", Lang::En, "S_RES_687(1991)/en.txt"),
    ("S/RES/1445(2002)", Lang::En, "S_RES_1445(2002)/en.txt"),
    ("S/RES/1454(2002)", Lang::En, "S_RES_1454(2002)/en.txt"),
];

struct Fixture {
    _dir: tempfile::TempDir,
    engine: Arc<Engine>,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

fn build_fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let corpus_dir = dir.path().join("corpus");
    let mut corpus = Corpus::open(&corpus_dir).expect("empty corpus");
    for (symbol, lang, file) in FIXTURE_DOCUMENTS {
        let bytes = std::fs::read(bundled.join(file)).expect("bundled corpus file");
        let entry = ManifestEntry {
            fetched_at: Some("2026-11-27T00:00:00Z".into()),
            ..ManifestEntry::new(
                Symbol::parse(symbol).expect("fixture symbol"),
                *lang,
                format!("copied from the bundled corpus/{file}"),
                "text/plain; charset=utf-8",
            )
        };
        corpus
            .store(entry, "txt", &bytes)
            .expect("store fixture document");
    }
    let quiet = undex::engine::OpenOptions {
        build_if_stale: true,
        progress: None,
    };
    let engine = Engine::open_with(&corpus_dir, dir.path().join("index"), quiet)
        .expect("engine over the fixture corpus");
    Fixture {
        _dir: dir,
        engine: Arc::new(engine),
    }
}

/// The engine over the fixture corpus (built once per test binary).
pub fn engine() -> Arc<Engine> {
    FIXTURE.get_or_init(build_fixture).engine.clone()
}

/// Serve options for tests: no request logs.
pub fn quiet_options() -> undex::serve::ServeOptions {
    undex::serve::ServeOptions {
        request_logs: false,
        ..Default::default()
    }
}

/// The router over the fixture engine with test options.
pub fn app() -> Router {
    undex::serve::router(engine(), quiet_options())
}

/// An answer: status, headers, raw body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body parsed as JSON (panics with the body text when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The `Content-Type` header, or "".
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts this is a JSON error answer with `status` and `code`, and returns its message.
    pub fn expect_error(&self, status: u16, code: &str, what: &str) -> String {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{what}: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(
            self.content_type(),
            "application/json; charset=utf-8",
            "{what}"
        );
        let body = self.json();
        assert_eq!(body["error"]["code"], code, "{what}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or("").to_string();
        assert!(!message.is_empty(), "{what}: empty message");
        message
    }
}

/// Sends one request through the router (no network).
pub async fn send(app: &Router, method: Method, uri: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .expect("body")
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// `GET uri` through the router.
pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Method::GET, uri, &[]).await
}

/// Percent-encodes a query-string value.
pub fn enc(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC).to_string()
}
