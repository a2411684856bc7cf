//! The route handlers: each one parses its parameters (see `params`), runs the library call on
//! the blocking pool, and serializes the answer or the error. No search logic lives here.

use super::cache::SearchCache;
use super::errors::{ApiError, json_ok};
use super::params;
use crate::engine::Engine;
use crate::query::{CitedByRequest, IndexStatus, ShowRequest};
use axum::extract::rejection::PathRejection;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The search page served at `/`.
pub const PAGE_HTML: &str = include_str!("page.html");

/// What every handler shares: the engine and the permits that bound concurrent library calls.
#[derive(Clone)]
pub struct AppState {
    /// The engine answering queries.
    pub engine: Arc<Engine>,
    /// One permit per library call allowed to run at once.
    pub permits: Arc<Semaphore>,
    /// Recent search answers (`None`: caching off).
    pub search_cache: Option<Arc<SearchCache>>,
}

/// Runs `call` on the blocking pool once a permit is free, and turns its result into a
/// response. A panic inside the library becomes a logged 500, never a dropped connection.
async fn run_library<T, F>(state: AppState, call: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Engine) -> crate::Result<T> + Send + 'static,
{
    let Ok(permit) = state.permits.clone().acquire_owned().await else {
        tracing::error!("the library call semaphore was closed");
        return ApiError::internal().into_response();
    };
    let engine = state.engine.clone();
    // The permit moves into the blocking call: a request that times out (its future dropped)
    // keeps its slot until the library call really ends, so timed-out work cannot pile up.
    let work = move || {
        let _permit = permit;
        call(&engine)
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => json_ok(&value),
        Ok(Err(error)) => ApiError::from(error).into_response(),
        Err(join_error) => {
            tracing::error!(error = %join_error, "a library call panicked or was cancelled");
            ApiError::internal().into_response()
        }
    }
}

/// `GET /search?q=&lang=&symbol=&year=&limit=&offset=`.
pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let request = match params::search_request(raw.as_deref()) {
        Ok(request) => request,
        Err(e) => return e.into_response(),
    };
    let Some(cache) = state.search_cache.clone() else {
        return run_library(state, move |engine| engine.search(&request)).await;
    };
    let started = std::time::Instant::now();
    let Some(key) = SearchCache::key(state.engine.snapshot_id(), &request) else {
        return run_library(state, move |engine| engine.search(&request)).await;
    };
    if let Some(answer) = cache.get(&key) {
        // The same answer, with the time this request took.
        let mut answer = (*answer).clone();
        answer.took_ms = started.elapsed().as_millis() as u64;
        return json_ok(&answer);
    }
    run_library(state, move |engine| {
        let answer = engine.search(&request)?;
        cache.put(key, Arc::new(answer.clone()));
        Ok(answer)
    })
    .await
}

/// `GET /resolve?ref=&lang=`.
pub async fn resolve(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    match params::resolve_params(raw.as_deref()) {
        Ok(p) => run_library(state, move |engine| engine.resolve(&p.reference, p.lang)).await,
        Err(e) => e.into_response(),
    }
}

/// `GET /cited-by?ref=&limit=&offset=`.
pub async fn cited_by(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    match params::cited_by_params(raw.as_deref()) {
        Ok(p) => {
            run_library(state, move |engine| {
                engine.cited_by(&CitedByRequest {
                    reference: p.reference,
                    limit: p.limit,
                    offset: p.offset,
                })
            })
            .await
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /doc/{symbol}?lang=&para=`: the symbol may be URL-encoded (`S%2FRES%2F687(1991)`) or
/// not (`/doc/S/RES/687(1991)`).
pub async fn doc(
    State(state): State<AppState>,
    symbol: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let symbol = match symbol {
        Ok(Path(s)) => s,
        Err(rejection) => {
            return ApiError::bad_request(format!(
                "the symbol in the path is not valid percent-encoded UTF-8 ({}); encode it like S%2FRES%2F2395(2017)",
                rejection.body_text()
            ))
            .into_response();
        }
    };
    let symbol = match params::doc_symbol(&symbol) {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    match params::doc_params(raw.as_deref()) {
        Ok(p) => {
            run_library(state, move |engine| {
                let mut request = ShowRequest::new(symbol.as_str());
                request.lang = p.lang;
                if let Some(para) = &p.para {
                    request = request.para(para);
                }
                engine.show(&request)
            })
            .await
        }
        Err(e) => e.into_response(),
    }
}

/// Longest input `POST /cite` (body) accepts, in bytes: the PDF of a long UN report is a
/// few MiB; its text under 1 MiB. Larger inputs belong to `undex cite` (streamed).
pub const MAX_CITE_BODY_BYTES: usize = 8 << 20;

/// Where `/cite` input goes wrong, in one sentence with what to do.
const CITE_HELP: &str =
    "POST the text (UTF-8), a PDF or an HTML file as the request body, or GET /cite?text=…";

/// Whether reading a body failed because it passed its limit (`http_body_util::LengthLimitError`
/// somewhere in the error's chain), rather than because the connection broke.
fn over_the_limit(e: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// `POST /cite` (body: UTF-8 text, a PDF or an HTML file): the citations found, as `undex
/// cite --json` prints them.
pub async fn cite_body(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> Response {
    if let Err(e) = params::Params::parse(raw.as_deref(), params::NO_PARAMS, "POST /cite") {
        return e.into_response();
    }
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_CITE_BODY_BYTES as u64) {
        return cite_too_large().into_response();
    }
    let bytes = match axum::body::to_bytes(body, MAX_CITE_BODY_BYTES).await {
        Ok(b) => b,
        Err(e) if over_the_limit(&e) => return cite_too_large().into_response(),
        Err(e) => {
            return ApiError::bad_request(format!(
                "the request body could not be read ({e}); {CITE_HELP}"
            ))
            .into_response();
        }
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return ApiError::bad_request(format!("the body is empty: {CITE_HELP}")).into_response();
    }
    run_library(state, move |engine| engine.cite(&bytes)).await
}

fn cite_too_large() -> ApiError {
    ApiError::too_large(format!(
        "the body is over {MAX_CITE_BODY_BYTES} bytes; cite a larger file with `undex cite FILE` (streamed)"
    ))
}

/// `GET /cite?text=`: the citations in a short text.
pub async fn cite_text(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let text = params::Params::parse(raw.as_deref(), params::CITE_PARAMS, "/cite").and_then(|p| {
        p.required_text(
            "text",
            "the text to find citations in",
            params::MAX_CITE_TEXT_BYTES,
        )
    });
    match text {
        Ok(text) => run_library(state, move |engine| engine.cite(text.as_bytes())).await,
        Err(e) => e.into_response(),
    }
}

/// The body of `GET /health`.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `"ok"` when the index answers.
    pub status: &'static str,
    /// Document and paragraph counts, freshness, build time.
    #[serde(flatten)]
    pub index: IndexStatus,
}

/// `GET /health`: `{"status": "ok", "documents", "paragraphs", "fresh", "built_at"}`.
pub async fn health(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    if let Err(e) = params::Params::parse(raw.as_deref(), params::NO_PARAMS, "/health") {
        return e.into_response();
    }
    run_library(state, |engine| {
        engine.status().map(|index| Health {
            status: "ok",
            index,
        })
    })
    .await
}

/// `GET /`: the search page (it reads `q`, `lang`, `symbol` and `year` from its own URL).
pub async fn page(RawQuery(raw): RawQuery) -> Response {
    if let Err(e) = params::Params::parse(raw.as_deref(), params::PAGE_PARAMS, "/") {
        return e.into_response();
    }
    let mut response = (StatusCode::OK, PAGE_HTML).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'self'",
        ),
    );
    response
}

/// Any path that is no route: 404 in the JSON error shape.
pub async fn no_route(OriginalUri(uri): OriginalUri) -> Response {
    ApiError::no_route(uri.path()).into_response()
}

/// The methods a route answers (`/cite` also takes a POSTed body; the others only read).
pub fn allowed_methods(path: &str) -> &'static str {
    if path == "/cite" {
        "GET, HEAD, POST"
    } else {
        "GET, HEAD"
    }
}

/// A route asked with a method it does not answer: 405 in the JSON error shape, with `Allow`.
pub async fn wrong_method(method: Method, OriginalUri(uri): OriginalUri) -> Response {
    let allowed = allowed_methods(uri.path());
    let mut response =
        ApiError::method_not_allowed(method.as_str(), uri.path(), allowed).into_response();
    response
        .headers_mut()
        .insert(axum::http::header::ALLOW, HeaderValue::from_static(allowed));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, ManifestEntry};
    use std::time::Duration;

    /// The answer cache never serves an older index snapshot's answer: a repeated request gets
    /// the cached answer, and after a rebuild that adds a matching document the same request
    /// finds it.
    #[tokio::test]
    async fn cached_search_answers_follow_the_index_snapshot() {
        use tower::ServiceExt;
        let dir = tempfile::tempdir().unwrap();
        let store = |symbol: &str, text: &str| {
            let mut corpus = Corpus::open(dir.path().join("corpus")).unwrap();
            let entry = ManifestEntry::new(
                crate::Symbol::parse(symbol).unwrap(),
                crate::Lang::En,
                "test",
                "text/plain; charset=utf-8",
            );
            corpus.store(entry, "txt", text.as_bytes()).unwrap();
        };
        store(
            "S/RES/1373(2001)",
            "Resolution 1373 (2001)\n\nThe Security Council,\n\n1. Decides that all States shall prevent and suppress the financing of terrorist acts;\n",
        );
        let quiet = crate::engine::OpenOptions {
            build_if_stale: true,
            progress: None,
        };
        let engine = Arc::new(
            Engine::open_with(dir.path().join("corpus"), dir.path().join("index"), quiet).unwrap(),
        );
        let app = crate::serve::router(
            engine.clone(),
            crate::serve::ServeOptions {
                request_logs: false,
                ..Default::default()
            },
        );
        let ask = |app: axum::Router| async move {
            let request = axum::http::Request::get("/search?q=financing&lang=en")
                .body(axum::body::Body::empty())
                .unwrap();
            let response = app.oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let symbols: Vec<String> = body["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["symbol"].as_str().unwrap().to_string())
                .collect();
            (body["total"].as_u64().unwrap(), symbols)
        };
        let first = ask(app.clone()).await;
        assert_eq!(first, (1, vec!["S/RES/1373(2001)".to_string()]));
        let snapshot = engine.snapshot_id();
        assert_eq!(ask(app.clone()).await, first, "the cached answer");
        store(
            "S/RES/2462(2019)",
            "Resolution 2462 (2019)\n\nThe Security Council,\n\n1. Demands that Member States criminalize the financing of terrorism;\n",
        );
        engine.rebuild(false).unwrap();
        assert_ne!(
            engine.snapshot_id(),
            snapshot,
            "a new commit is a new snapshot"
        );
        let (total, symbols) = ask(app).await;
        assert_eq!(total, 2, "{symbols:?}");
        assert!(symbols.contains(&"S/RES/2462(2019)".to_string()));
    }

    /// Finding 6 of issue #11: a request that timed out gave its concurrency slot back while
    /// its library call went on running. The slot is now held until the call really ends.
    #[tokio::test]
    async fn a_timed_out_call_keeps_its_slot_until_its_work_ends() {
        let dir = tempfile::tempdir().unwrap();
        let mut corpus = Corpus::open(dir.path().join("corpus")).unwrap();
        let entry = ManifestEntry::new(
            crate::Symbol::parse("S/RES/1373(2001)").unwrap(),
            crate::Lang::En,
            "test",
            "text/plain; charset=utf-8",
        );
        let text = "Resolution 1373 (2001)\n\nThe Security Council,\n\n1. Decides that all States shall prevent the financing of terrorist acts;\n";
        corpus.store(entry, "txt", text.as_bytes()).unwrap();
        let quiet = crate::engine::OpenOptions {
            build_if_stale: true,
            progress: None,
        };
        let engine =
            Engine::open_with(dir.path().join("corpus"), dir.path().join("index"), quiet).unwrap();
        let state = AppState {
            engine: Arc::new(engine),
            permits: Arc::new(Semaphore::new(1)),
            search_cache: None,
        };
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let (done_tx, done_rx) = tokio::sync::oneshot::channel::<()>();
        let call = run_library(state.clone(), move |engine: &Engine| {
            // The "slow search": held until the test lets it go.
            let _ = release_rx.recv();
            let status = engine.status();
            let _ = done_tx.send(());
            status
        });
        let timed_out = tokio::time::timeout(Duration::from_millis(50), call).await;
        assert!(timed_out.is_err(), "the call should still be running");
        assert_eq!(
            state.permits.available_permits(),
            0,
            "the timed-out call gave its slot back while still running"
        );
        release_tx.send(()).unwrap();
        done_rx.await.unwrap();
        let free = state.permits.clone().acquire_owned();
        let _slot = tokio::time::timeout(Duration::from_secs(15), free)
            .await
            .expect("the slot is freed when the call ends")
            .unwrap();
    }
}
