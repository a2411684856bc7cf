//! The JSON HTTP endpoint (`undex serve`): a thin axum layer that parses requests, calls the
//! library on a blocking pool, serializes the contract's JSON and maps errors in one table.
//!
//! - [`router`] builds the routes (`/search`, `/resolve`, `/cited-by`, `/doc/{symbol}`,
//!   `/health`, `/cite`, and the search page at `/`) with their layers (request timeout, gzip, CORS,
//!   request logs). It can be served on its own or nested in another axum app.
//! - [`run`] binds, serves and shuts down gracefully.
//! - `params` parses and bounds query strings; `errors` is the single error table;
//!   `handlers` holds the thin route handlers; [`cache`] keeps recent search answers.
//!
//! Embedding under a prefix:
//! ```no_run
//! use std::sync::Arc;
//! use undex::serve::{ServeOptions, router};
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = Arc::new(undex::Engine::open("corpus", "index")?);
//! let app = axum::Router::new().nest("/undex", router(engine, ServeOptions::default()));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! undex::serve::run::serve(listener, app, undex::serve::run::shutdown_signal(), std::time::Duration::from_secs(10)).await?;
//! # Ok(()) }
//! ```

pub mod cache;
pub(crate) mod errors;
pub(crate) mod handlers;
pub(crate) mod params;
pub mod run;

pub use handlers::MAX_CITE_BODY_BYTES;

use crate::engine::Engine;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use handlers::AppState;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Which browser origins may call the endpoint from their pages (CORS).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CorsOrigins {
    /// No CORS headers: only same-origin pages (such as the page at `/`) can read answers.
    #[default]
    SameOriginOnly,
    /// Any origin (`Access-Control-Allow-Origin: *`); fine for a public read-only endpoint.
    Any,
    /// These exact origins (`https://example.org`).
    List(Vec<HeaderValue>),
}

impl CorsOrigins {
    /// Builds the setting from command-line values: none → same-origin only; `*` → any;
    /// otherwise each value must be an origin like `https://example.org`.
    pub fn from_args(values: &[String]) -> Result<CorsOrigins, String> {
        if values.is_empty() {
            return Ok(CorsOrigins::SameOriginOnly);
        }
        if values.iter().any(|v| v.trim() == "*") {
            return Ok(CorsOrigins::Any);
        }
        let mut origins = Vec::with_capacity(values.len());
        for value in values {
            let value = value.trim().trim_end_matches('/');
            let host = value
                .strip_prefix("https://")
                .or_else(|| value.strip_prefix("http://"));
            let valid = host.is_some_and(|h| !h.is_empty() && !h.contains(['/', ' ', '\t']));
            let header = HeaderValue::from_str(value).ok().filter(|_| valid).ok_or_else(|| {
                format!("'{value}' is not an origin; give one like https://example.org or http://localhost:3000, or * for any")
            })?;
            origins.push(header);
        }
        Ok(CorsOrigins::List(origins))
    }
}

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Browser origins allowed to call the endpoint.
    pub cors: CorsOrigins,
    /// Longest time one request may take before it is answered with 503 `timeout`.
    pub request_timeout: Duration,
    /// Responses at least this large are gzip-compressed when the client accepts gzip.
    pub gzip_min_bytes: u64,
    /// How many library calls (searches, resolves…) run at once; others wait their turn.
    pub max_concurrent_calls: usize,
    /// Whether to log each request and response through `tracing` (at INFO).
    pub request_logs: bool,
    /// Search answers kept for repeated requests on the same index snapshot (0: no cache).
    pub search_cache_entries: usize,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServeOptions {
            cors: CorsOrigins::SameOriginOnly,
            request_timeout: Duration::from_secs(10),
            gzip_min_bytes: 1024,
            max_concurrent_calls: (cores * 2).max(2),
            request_logs: true,
            search_cache_entries: cache::DEFAULT_SEARCH_CACHE_ENTRIES,
        }
    }
}

/// Builds the undex routes over `engine`, with timeout, gzip, CORS and request-log layers.
///
/// Every answer, including unknown routes (404), wrong methods (405) and timeouts (503), has
/// a JSON body; the page at `/` is the only HTML. Nest it anywhere: the page addresses the
/// API relative to its own URL.
pub fn router(engine: Arc<Engine>, opts: ServeOptions) -> Router {
    let state = AppState {
        engine,
        permits: Arc::new(tokio::sync::Semaphore::new(
            opts.max_concurrent_calls.max(1),
        )),
        search_cache: cache::SearchCache::new(opts.search_cache_entries).map(Arc::new),
    };
    let routes = Router::new()
        .route("/", get(handlers::page))
        .route("/search", get(handlers::search))
        .route("/resolve", get(handlers::resolve))
        .route("/cited-by", get(handlers::cited_by))
        .route("/doc/{*symbol}", get(handlers::doc))
        .route("/health", get(handlers::health))
        .route("/cite", get(handlers::cite_text).post(handlers::cite_body))
        .method_not_allowed_fallback(handlers::wrong_method)
        .fallback(handlers::no_route)
        .with_state(state);

    let compress_when = SizeAbove::new(opts.gzip_min_bytes)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE);
    let mut app = routes
        .layer(middleware::from_fn_with_state(
            opts.request_timeout,
            limit_time,
        ))
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Fastest)
                .compress_when(compress_when),
        );
    if let Some(cors) = cors_layer(&opts.cors) {
        app = app.layer(cors);
    }
    if opts.request_logs {
        app = app.layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        );
    }
    app
}

fn cors_layer(origins: &CorsOrigins) -> Option<CorsLayer> {
    let allow = match origins {
        CorsOrigins::SameOriginOnly => return None,
        CorsOrigins::Any => AllowOrigin::any(),
        CorsOrigins::List(list) => AllowOrigin::list(list.iter().cloned()),
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([
                axum::http::Method::GET,
                axum::http::Method::HEAD,
                axum::http::Method::POST,
            ])
            .max_age(Duration::from_secs(3600)),
    )
}

/// Answers 503 `timeout` when the inner service takes longer than `limit`.
async fn limit_time(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(limit_ms = limit.as_millis() as u64, "request timed out");
            errors::ApiError::timeout(limit).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_slow_request_is_answered_503_timeout_in_json() {
        let slow = Router::new()
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .route("/fast", get(|| async { "fast" }))
            .layer(middleware::from_fn_with_state(
                Duration::from_millis(50),
                limit_time,
            ));
        let request = |uri| {
            axum::http::Request::get(uri)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        let started = std::time::Instant::now();
        let response = slow.clone().oneshot(request("/slow")).await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(
            response.status(),
            axum::http::StatusCode::SERVICE_UNAVAILABLE
        );
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["error"]["code"], "timeout");
        assert!(body["error"]["message"].as_str().unwrap().contains("50 ms"));
        let response = slow.oneshot(request("/fast")).await.unwrap();
        assert_eq!(response.status(), axum::http::StatusCode::OK);
    }

    #[test]
    fn cors_origins_from_command_line_values() {
        assert_eq!(CorsOrigins::from_args(&[]), Ok(CorsOrigins::SameOriginOnly));
        assert_eq!(CorsOrigins::from_args(&["*".into()]), Ok(CorsOrigins::Any));
        assert_eq!(
            CorsOrigins::from_args(&[
                "https://example.org/".into(),
                "http://localhost:3000".into()
            ]),
            Ok(CorsOrigins::List(vec![
                HeaderValue::from_static("https://example.org"),
                HeaderValue::from_static("http://localhost:3000"),
            ]))
        );
        for bad in [
            "example.org",
            "https://example.org/path",
            "ftp://x",
            "http://a b",
        ] {
            assert!(CorsOrigins::from_args(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
