//! HTTP fetching with the crawler's manners: redirects followed by hand (every hop goes through
//! robots.txt and the per-host delay, hops are capped and loops detected), retries of 429/5xx,
//! timeouts, connection resets and truncated bodies with exponential backoff plus jitter (or
//! the server's `Retry-After`, capped), a size cap enforced while streaming, and conditional GET
//! (`If-None-Match` / `If-Modified-Since`) on the URL a stored document came from.

use super::politeness::{HostSchedule, RobotsPolicy};
use super::url::host_key;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::{Mutex, OnceCell};
use url::Url;

/// The User-Agent undex sends: names the program, its version and where to reach its authors.
pub fn user_agent() -> String {
    format!(
        "undex/{} (+https://github.com/undex/undex; UN document search; contact via project page)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Network settings of the crawler.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Minimum time between the starts of two requests to one host.
    pub min_delay: Duration,
    /// Time limit of one request, body included.
    pub timeout: Duration,
    /// Time limit to connect.
    pub connect_timeout: Duration,
    /// Attempts per request (first try included) for retryable failures.
    pub max_attempts: u32,
    /// First backoff delay; doubled at each retry, plus up to as much random jitter.
    pub backoff_base: Duration,
    /// Longest backoff delay.
    pub backoff_cap: Duration,
    /// Longest `Retry-After` pause honoured (a longer one is shortened to this).
    pub retry_after_cap: Duration,
    /// Largest response body accepted, in bytes.
    pub max_bytes: u64,
    /// Most redirects followed for one document.
    pub max_redirects: usize,
    /// Hosts (`host` or `host:port`) a redirect or viewer page may lead to, besides the origin
    /// the fetch started from (the `--base-url`): by default [`UN_HOSTS`].
    pub redirect_hosts: Vec<String>,
}

/// The UN's document hosts: the only places, besides the origin of `--base-url`, a redirect or
/// a viewer page may send the crawler (never to private addresses or metadata endpoints).
pub const UN_HOSTS: &[&str] = &[
    "undocs.org",
    "documents.un.org",
    "docs.un.org",
    "daccess-ods.un.org",
    "digitallibrary.un.org",
];

/// Why the crawler refuses to go from `from` to `to` (a redirect or a viewer page), or `None`
/// when it may: `to` must be on the origin the fetch started from (`start`) or on one of
/// `hosts`, and an https page never leads to plain http.
pub fn redirect_refusal(from: &Url, to: &Url, start: &Url, hosts: &[String]) -> Option<String> {
    if from.scheme() == "https" && to.scheme() != "https" {
        return Some(format!("{from} redirects from https to {to}; refused"));
    }
    if to.origin() == start.origin() {
        return None;
    }
    let host = to.host_str().unwrap_or("");
    let with_port = to
        .port()
        .map(|p| format!("{host}:{p}"))
        .unwrap_or_else(|| host.to_string());
    if hosts.iter().any(|h| *h == host || *h == with_port) {
        return None;
    }
    Some(format!(
        "{from} leads to {to}, outside the UN hosts and the base URL; refused"
    ))
}

impl Default for FetchConfig {
    fn default() -> FetchConfig {
        FetchConfig {
            min_delay: Duration::from_millis(1000),
            timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(20),
            max_attempts: 4,
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(60),
            retry_after_cap: Duration::from_secs(120),
            max_bytes: 64 * 1024 * 1024,
            max_redirects: 10,
            redirect_hosts: UN_HOSTS.iter().map(|h| h.to_string()).collect(),
        }
    }
}

/// Validators of a stored copy, sent as a conditional GET to the URL it came from.
#[derive(Debug, Clone, Default)]
pub struct Conditional {
    /// The URL the stored copy was fetched from.
    pub url: String,
    /// Its `ETag`.
    pub etag: Option<String>,
    /// Its `Last-Modified`.
    pub last_modified: Option<String>,
}

/// The final answer for one document URL, after redirects.
#[derive(Debug)]
pub enum Fetched {
    /// 200 with a body.
    Body {
        /// The URL that answered (after redirects).
        url: Url,
        /// The body.
        bytes: Vec<u8>,
        /// Its `ETag`, if any.
        etag: Option<String>,
        /// Its `Last-Modified`, if any.
        last_modified: Option<String>,
    },
    /// 304: the stored copy is current.
    NotModified {
        /// The URL that answered.
        url: Url,
    },
    /// 404 or 410: no such document (in that language).
    Missing {
        /// The URL that answered.
        url: Url,
    },
}

/// Why a document could not be fetched (after retries where retrying makes sense).
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// robots.txt disallows the URL, or could not be fetched (RFC 9309: assume disallowed).
    #[error("robots.txt of {host} does not allow {url}")]
    Disallowed {
        /// The host.
        host: String,
        /// The refused URL.
        url: String,
    },
    /// A redirect came back to a URL already visited.
    #[error("redirect loop at {0}")]
    RedirectLoop(String),
    /// More redirects than allowed.
    #[error("more than {limit} redirects from {start}")]
    TooManyRedirects {
        /// The cap.
        limit: usize,
        /// The first URL.
        start: String,
    },
    /// A redirect without a usable `Location`.
    #[error("redirect from {0} without a valid Location")]
    BadRedirect(String),
    /// A redirect to a host outside the policy, or from https to http.
    #[error("{0}")]
    RedirectRefused(String),
    /// The body is larger than the cap.
    #[error("{url} is larger than the {limit}-byte limit")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap in bytes.
        limit: u64,
    },
    /// An HTTP status that is neither success, redirect, 304 nor 404 (after retries for 5xx).
    #[error("{url} answered HTTP {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// Network failure (timeout, reset, truncated body) after all attempts.
    #[error("{url}: {message}")]
    Transport {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
}

/// One HTTP response, body read (or not) according to its status.
struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// What one attempt produced.
enum Attempt {
    Done(RawResponse),
    /// Retry after this pause (`Some` = the server's Retry-After, held for the whole host).
    Retry {
        error: FetchError,
        retry_after: Option<Duration>,
    },
    Fatal(FetchError),
}

/// The crawler's HTTP client: one per crawl, shared by all tasks.
pub struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
    schedule: HostSchedule,
    robots: Mutex<HashMap<String, Arc<OnceCell<RobotsPolicy>>>>,
}

impl Fetcher {
    /// A fetcher with these settings (redirects are never followed by the HTTP client itself).
    pub fn new(config: FetchConfig) -> crate::Result<Fetcher> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| crate::Error::Internal(format!("building the HTTP client: {e}")))?;
        Ok(Fetcher {
            client,
            schedule: HostSchedule::new(config.min_delay),
            config,
            robots: Mutex::new(HashMap::new()),
        })
    }

    /// The settings.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Fetches `start`, following redirects, with a conditional GET on the hop whose URL is
    /// `conditional.url`.
    pub async fn fetch(
        &self,
        start: &Url,
        conditional: Option<&Conditional>,
    ) -> Result<Fetched, FetchError> {
        let mut url = start.clone();
        let mut visited: HashSet<Url> = HashSet::new();
        loop {
            if !visited.insert(url.clone()) {
                return Err(FetchError::RedirectLoop(url.to_string()));
            }
            if visited.len() > self.config.max_redirects + 1 {
                return Err(FetchError::TooManyRedirects {
                    limit: self.config.max_redirects,
                    start: start.to_string(),
                });
            }
            self.check_robots(&url).await?;
            let cond = conditional.filter(|c| c.url == url.as_str());
            let response = self.request_with_retries(&url, cond, true).await?;
            let status = response.status;
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let next = response
                    .headers
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|loc| url.join(loc.trim()).ok())
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                    .ok_or_else(|| FetchError::BadRedirect(url.to_string()))?;
                if let Some(why) = redirect_refusal(&url, &next, start, &self.config.redirect_hosts)
                {
                    return Err(FetchError::RedirectRefused(why));
                }
                url = next;
                continue;
            }
            return match status {
                StatusCode::OK => Ok(Fetched::Body {
                    etag: header_string(&response.headers, header::ETAG),
                    last_modified: header_string(&response.headers, header::LAST_MODIFIED),
                    bytes: response.body,
                    url,
                }),
                StatusCode::NOT_MODIFIED if cond.is_some() => Ok(Fetched::NotModified { url }),
                StatusCode::NOT_FOUND | StatusCode::GONE => Ok(Fetched::Missing { url }),
                other => Err(FetchError::Status {
                    url: url.to_string(),
                    status: other.as_u16(),
                }),
            };
        }
    }

    /// Whether robots.txt of the URL's host lets undex fetch it (robots.txt is fetched once per
    /// host, politely, and cached for the crawl).
    async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let host = host_key(url);
        let cell = {
            let mut map = self.robots.lock().await;
            map.entry(host.clone()).or_default().clone()
        };
        let policy = cell.get_or_init(|| self.fetch_robots(url)).await;
        let mut path = url.path().to_string();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        if policy.allows(&path) {
            Ok(())
        } else {
            Err(FetchError::Disallowed {
                host,
                url: url.to_string(),
            })
        }
    }

    /// Fetches and parses robots.txt (RFC 9309): 2xx parsed, 4xx allow all, 5xx or network
    /// failure after retries disallow all; up to five redirects followed.
    async fn fetch_robots(&self, url: &Url) -> RobotsPolicy {
        let Ok(mut robots_url) = url.join("/robots.txt") else {
            return RobotsPolicy::Unreachable;
        };
        for _ in 0..5 {
            let response = match self.request_with_retries(&robots_url, None, false).await {
                Ok(r) => r,
                Err(_) => return RobotsPolicy::Unreachable,
            };
            let status = response.status;
            if status.is_success() {
                return RobotsPolicy::parse(&String::from_utf8_lossy(&response.body));
            }
            if status.is_redirection() {
                match response
                    .headers
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|loc| robots_url.join(loc).ok())
                {
                    Some(next)
                        if redirect_refusal(
                            &robots_url,
                            &next,
                            url,
                            &self.config.redirect_hosts,
                        )
                        .is_some() =>
                    {
                        return RobotsPolicy::allow_all();
                    }
                    Some(next) => {
                        robots_url = next;
                        continue;
                    }
                    None => return RobotsPolicy::allow_all(),
                }
            }
            if status.is_client_error() {
                return RobotsPolicy::allow_all();
            }
            return RobotsPolicy::Unreachable;
        }
        RobotsPolicy::allow_all()
    }

    /// Sends one GET, retrying retryable failures; the politeness delay applies to every
    /// attempt. `document` selects the body cap (robots.txt bodies are capped at 500 KiB).
    async fn request_with_retries(
        &self,
        url: &Url,
        cond: Option<&Conditional>,
        document: bool,
    ) -> Result<RawResponse, FetchError> {
        let host = host_key(url);
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let turn = self.schedule.wait_turn(&host).await;
            let cap = if document {
                self.config.max_bytes
            } else {
                500 * 1024
            };
            let outcome = self.attempt(url, cond, cap).await;
            drop(turn);
            let (error, retry_after) = match outcome {
                Attempt::Done(r) => return Ok(r),
                Attempt::Fatal(e) => return Err(e),
                Attempt::Retry { error, retry_after } => (error, retry_after),
            };
            if attempt >= self.config.max_attempts {
                return Err(error);
            }
            let pause = match retry_after {
                Some(after) => {
                    let after = after.min(self.config.retry_after_cap);
                    self.schedule.pause_host(&host, after);
                    after
                }
                None => self.backoff(attempt),
            };
            tracing::debug!(%url, attempt, ?pause, "retrying after: {error}");
            tokio::time::sleep(pause).await;
        }
    }

    /// Exponential backoff with full jitter on top: base·2^(n-1) + random [0, base·2^(n-1)).
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .config
            .backoff_base
            .saturating_mul(1u32 << (attempt - 1).min(16));
        let exp = exp.min(self.config.backoff_cap);
        let jitter_ms = exp.as_millis().min(u64::MAX as u128) as u64;
        let jitter = Duration::from_millis(if jitter_ms == 0 {
            0
        } else {
            rand::random_range(0..jitter_ms)
        });
        (exp + jitter).min(self.config.backoff_cap)
    }

    /// One attempt: send, classify the status, read the body of a 200 within the cap.
    async fn attempt(&self, url: &Url, cond: Option<&Conditional>, cap: u64) -> Attempt {
        let mut request = self.client.get(url.clone());
        if let Some(cond) = cond {
            if let Some(etag) = &cond.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &cond.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let transport = |e: reqwest::Error| Attempt::Retry {
            error: FetchError::Transport {
                url: url.to_string(),
                message: describe_reqwest_error(&e),
            },
            retry_after: None,
        };
        let mut response = match request.send().await {
            Ok(r) => r,
            Err(e) => return transport(e),
        };
        let status = response.status();
        let headers = response.headers().clone();
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Attempt::Retry {
                error: FetchError::Status {
                    url: url.to_string(),
                    status: status.as_u16(),
                },
                retry_after: retry_after(&headers, SystemTime::now()),
            };
        }
        if status != StatusCode::OK {
            return Attempt::Done(RawResponse {
                status,
                headers,
                body: Vec::new(),
            });
        }
        let too_large = || {
            Attempt::Fatal(FetchError::TooLarge {
                url: url.to_string(),
                limit: cap,
            })
        };
        if response.content_length().is_some_and(|n| n > cap) {
            return too_large();
        }
        let mut body = Vec::with_capacity(response.content_length().unwrap_or(0).min(cap) as usize);
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > cap {
                        return too_large();
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return transport(e),
            }
        }
        Attempt::Done(RawResponse {
            status,
            headers,
            body,
        })
    }
}

fn header_string(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// A `Retry-After` value: delta-seconds or an HTTP date (a date in the past means now).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = header_string(headers, header::RETRY_AFTER)?;
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = httpdate::parse_http_date(&value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A one-line description of a reqwest error with its cause chain (reqwest's own message is
/// often just "error sending request").
fn describe_reqwest_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the response body was cut off"
    } else {
        "the request failed"
    };
    let mut message = kind.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let table = [
            ("120", Some(Duration::from_secs(120))),
            ("0", Some(Duration::ZERO)),
            (
                "Tue, 14 Nov 2023 22:13:40 GMT",
                Some(Duration::from_secs(20)),
            ),
            ("Tue, 14 Nov 2023 22:00:00 GMT", Some(Duration::ZERO)),
            ("soon", None),
        ];
        for (value, want) in table {
            let mut h = HeaderMap::new();
            h.insert(header::RETRY_AFTER, HeaderValue::from_static(value));
            assert_eq!(retry_after(&h, now), want, "{value}");
        }
    }

    #[test]
    fn backoff_grows_and_stays_capped() {
        let f = Fetcher::new(FetchConfig {
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_millis(1000),
            ..FetchConfig::default()
        })
        .unwrap();
        for attempt in 1..=10 {
            let d = f.backoff(attempt);
            let floor =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_millis(1000));
            assert!(
                d >= floor && d <= Duration::from_millis(1000),
                "{attempt}: {d:?}"
            );
        }
    }

    #[test]
    fn redirects_stay_on_un_hosts_or_the_base_origin_and_never_downgrade() {
        let hosts: Vec<String> = UN_HOSTS.iter().map(|h| h.to_string()).collect();
        let start = Url::parse("https://undocs.org/en/S/RES/1373(2001)").unwrap();
        let mirror = Url::parse("http://127.0.0.1:8080/en/S/2025/1").unwrap();
        let table: &[(&Url, &str, &str, bool)] = &[
            (
                &start,
                "https://undocs.org/en/S/RES/1373(2001)",
                "https://documents.un.org/api/x",
                true,
            ),
            (
                &start,
                "https://documents.un.org/api/x",
                "https://docs.un.org/doc.pdf",
                true,
            ),
            (
                &start,
                "https://undocs.org/x",
                "https://daccess-ods.un.org/x",
                true,
            ),
            (
                &start,
                "https://undocs.org/x",
                "https://digitallibrary.un.org/record/1",
                true,
            ),
            (
                &start,
                "https://undocs.org/x",
                "http://documents.un.org/x",
                false,
            ),
            (
                &start,
                "https://undocs.org/x",
                "https://169.254.169.254/latest/meta-data/",
                false,
            ),
            (&start, "https://undocs.org/x", "https://10.0.0.1/", false),
            (&start, "https://undocs.org/x", "https://127.0.0.1/", false),
            (
                &start,
                "https://undocs.org/x",
                "https://un.org.evil.example/",
                false,
            ),
            (
                &start,
                "https://undocs.org/x",
                "https://evil.example/undocs.org",
                false,
            ),
            (
                &mirror,
                "http://127.0.0.1:8080/a",
                "http://127.0.0.1:8080/b",
                true,
            ),
            (
                &mirror,
                "http://127.0.0.1:8080/a",
                "http://127.0.0.1:8081/b",
                false,
            ),
            (
                &mirror,
                "http://127.0.0.1:8080/a",
                "https://documents.un.org/x",
                true,
            ),
        ];
        for (start, from, to, ok) in table {
            let got = redirect_refusal(
                &Url::parse(from).unwrap(),
                &Url::parse(to).unwrap(),
                start,
                &hosts,
            );
            assert_eq!(got.is_none(), *ok, "{from} -> {to}: {got:?}");
        }
    }

    #[test]
    fn user_agent_names_undex_and_a_contact() {
        let ua = user_agent();
        assert!(ua.starts_with("undex/"));
        assert!(ua.contains("https://github.com/undex/undex"));
    }
}
