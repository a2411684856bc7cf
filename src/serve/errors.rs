//! The one table that turns errors into HTTP answers: every library [`ErrorKind`] and every
//! HTTP-level failure (unknown route, wrong method, timeout) maps here to a status and the
//! contract's body `{"error": {"code", "message"}}`. Nothing else in `serve` picks a status
//! for an error.

use crate::error::{Error, ErrorKind};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::time::Duration;

/// The `Content-Type` of every JSON body served.
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// An error answer: a status, a stable machine-readable code and a one-sentence message
/// saying what was wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable code (`bad_request`, `not_found`, `too_large`, `internal`, …).
    pub code: &'static str,
    /// The human-readable message.
    pub message: String,
}

/// Status and code of each library error kind: the single mapping table (CONTRACT.md, "HTTP").
pub fn status_of_kind(kind: ErrorKind) -> (StatusCode, &'static str) {
    match kind {
        ErrorKind::BadInput => (StatusCode::BAD_REQUEST, "bad_request"),
        ErrorKind::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        ErrorKind::NotFound => (StatusCode::NOT_FOUND, "not_found"),
        ErrorKind::Remote => (StatusCode::BAD_GATEWAY, "remote"),
        ErrorKind::Io | ErrorKind::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        ErrorKind::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
    }
}

impl ApiError {
    /// An error of the given library kind with a message.
    pub fn of_kind(kind: ErrorKind, message: impl Into<String>) -> ApiError {
        let (status, code) = status_of_kind(kind);
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 `bad_request`: malformed input.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::of_kind(ErrorKind::BadInput, message)
    }

    /// 413 `too_large`: input over a size limit.
    pub fn too_large(message: impl Into<String>) -> ApiError {
        ApiError::of_kind(ErrorKind::TooLarge, message)
    }

    /// 404 `not_found`: nothing at that address.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::of_kind(ErrorKind::NotFound, message)
    }

    /// 500 `internal`: undex's fault. The details go to the server log, not to the client.
    pub fn internal() -> ApiError {
        ApiError::of_kind(
            ErrorKind::Internal,
            "internal error while answering this request; the details are in the server log",
        )
    }

    /// 405 `method_not_allowed`: the route exists but does not answer `method`; `allowed` is
    /// what it answers (the `Allow` header's value, e.g. "GET, HEAD").
    pub fn method_not_allowed(method: &str, path: &str, allowed: &str) -> ApiError {
        ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "method_not_allowed",
            message: format!("{path} does not accept {method}; use {allowed}"),
        }
    }

    /// 404 `not_found` for a path that is no route.
    pub fn no_route(path: &str) -> ApiError {
        ApiError::not_found(format!(
            "no such route: {path}; the routes are /search, /resolve, /cited-by, /doc/{{symbol}}, /health and /"
        ))
    }

    /// 503 `timeout`: the request took longer than the server allows.
    pub fn timeout(limit: Duration) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "timeout",
            message: format!(
                "the request took longer than {} ms and was abandoned; narrow the query or try again",
                limit.as_millis()
            ),
        }
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> ApiError {
        let kind = error.kind();
        match kind {
            ErrorKind::Io | ErrorKind::Internal => {
                tracing::error!(error = %error, "request failed inside undex");
                ApiError::internal()
            }
            _ => ApiError::of_kind(kind, error.to_string()),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorFields<'a>,
}

#[derive(Serialize)]
struct ErrorFields<'a> {
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorFields {
                code: self.code,
                message: &self.message,
            },
        };
        // Serializing two strings cannot fail; fall back to a fixed body rather than panic.
        let bytes = serde_json::to_vec(&body).unwrap_or_else(|_| {
            br#"{"error":{"code":"internal","message":"internal error"}}"#.to_vec()
        });
        let mut response = (self.status, bytes).into_response();
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
        response
    }
}

/// Initial size of a JSON answer's buffer: a page of 10 search hits with snippets is 5–9 KB,
/// so one allocation instead of a dozen doublings from empty.
const JSON_BUFFER_BYTES: usize = 8 * 1024;

/// A 200 JSON answer with the contract's `Content-Type`, or a 500 when `value` cannot be
/// serialized (which would be a bug).
pub fn json_ok<T: Serialize>(value: &T) -> Response {
    let mut bytes = Vec::with_capacity(JSON_BUFFER_BYTES);
    match serde_json::to_writer(&mut bytes, value) {
        Ok(()) => {
            let mut response = (StatusCode::OK, bytes).into_response();
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "serializing a response failed");
            ApiError::internal().into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_maps_to_the_contract_status_and_code() {
        let table = [
            (ErrorKind::BadInput, 400, "bad_request"),
            (ErrorKind::TooLarge, 413, "too_large"),
            (ErrorKind::NotFound, 404, "not_found"),
            (ErrorKind::Remote, 502, "remote"),
            (ErrorKind::Io, 500, "internal"),
            (ErrorKind::Internal, 500, "internal"),
            (ErrorKind::Busy, 503, "busy"),
        ];
        for (kind, status, code) in table {
            assert_eq!(
                status_of_kind(kind),
                (StatusCode::from_u16(status).unwrap(), code),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn library_errors_keep_their_message_except_internal_ones() {
        let bad = ApiError::from(Error::BadInput(
            "unknown language 'fr': use zh or en".into(),
        ));
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad.message, "unknown language 'fr': use zh or en");

        let missing = ApiError::from(Error::NotFound(
            "S/RES/9999(2030) is not in the corpus".into(),
        ));
        assert_eq!(
            (missing.status, missing.code),
            (StatusCode::NOT_FOUND, "not_found")
        );

        let io = ApiError::from(Error::io(
            "reading a corpus file",
            "/secret/path/S_2022_529/zh.txt",
            std::io::Error::other("disk on fire"),
        ));
        assert_eq!(io.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            !io.message.contains("/secret/path"),
            "paths must not leak: {}",
            io.message
        );
    }

    #[tokio::test]
    async fn error_body_is_the_contract_json_shape() {
        let response =
            ApiError::too_large("the query is 5000 bytes; the limit is 2048").into_response();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(response.headers()[CONTENT_TYPE], JSON_CONTENT_TYPE);
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["error"]["code"], "too_large");
        assert_eq!(
            value["error"]["message"],
            "the query is 5000 bytes; the limit is 2048"
        );
        assert_eq!(value.as_object().unwrap().len(), 1);
    }
}
