//! Query-string parsing for the HTTP routes: strict percent-decoding (a malformed `%` escape or
//! invalid UTF-8 is a 400, never a lossy guess), unknown and repeated parameters rejected with
//! a message naming the allowed ones, and every value checked against its bounds before the
//! library is called.

use super::errors::ApiError;
use crate::model::Lang;
use crate::query::{MAX_LIMIT, MAX_OFFSET, MAX_QUERY_BYTES, SearchRequest};
use std::str::FromStr;

/// Longest raw query string accepted, in bytes (a [`MAX_QUERY_BYTES`] query fully
/// percent-encoded is three times as long, plus the other parameters).
pub const MAX_QUERY_STRING_BYTES: usize = 3 * MAX_QUERY_BYTES + 1024;
/// Longest `symbol` prefix or `/doc/{symbol}` accepted, in bytes.
pub const MAX_SYMBOL_BYTES: usize = 100;
/// Longest `para` accepted, in bytes.
pub const MAX_PARA_BYTES: usize = 40;
/// Default number of hits per page.
pub const DEFAULT_LIMIT: usize = 10;

/// Parameters of `GET /search`.
pub const SEARCH_PARAMS: &[&str] = &[
    "q",
    "lang",
    "symbol",
    "year",
    "limit",
    "offset",
    "all_versions",
];
/// Parameters of `GET /resolve`.
pub const RESOLVE_PARAMS: &[&str] = &["ref", "lang"];
/// Parameters of `GET /cited-by`.
pub const CITED_BY_PARAMS: &[&str] = &["ref", "limit", "offset"];
/// Parameters of `GET /doc/{symbol}`.
pub const DOC_PARAMS: &[&str] = &["lang", "para"];
/// Parameters of `GET /cite`.
pub const CITE_PARAMS: &[&str] = &["text"];
/// Longest `text` of `GET /cite`, in bytes (longer text goes in the body of `POST /cite`).
pub const MAX_CITE_TEXT_BYTES: usize = MAX_QUERY_BYTES;
/// Parameters of `GET /health` and `GET /` (none; `/` reads its own from the page script).
pub const NO_PARAMS: &[&str] = &[];
/// Parameters the page at `/` understands (it runs the search given in its URL).
pub const PAGE_PARAMS: &[&str] = &["q", "lang", "symbol", "year"];

/// The decoded parameters of one request, each allowed name at most once.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Params {
    values: Vec<(&'static str, String)>,
}

impl Params {
    /// Parses a raw query string (without the `?`), accepting only the names in `allowed`.
    ///
    /// `+` means a space; `%XX` escapes must be complete; the decoded bytes must be UTF-8.
    /// Empty pieces (`a=1&&b=2`) are ignored; a name without `=` has an empty value.
    pub fn parse(
        raw: Option<&str>,
        allowed: &[&'static str],
        route: &str,
    ) -> Result<Params, ApiError> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY_STRING_BYTES {
            return Err(ApiError::too_large(format!(
                "the query string is {} bytes; the limit is {MAX_QUERY_STRING_BYTES}",
                raw.len()
            )));
        }
        let mut values: Vec<(&'static str, String)> = Vec::new();
        for piece in raw.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = piece.split_once('=').unwrap_or((piece, ""));
            let name = decode_component(raw_name, "a parameter name")?;
            let Some(known) = allowed.iter().copied().find(|a| *a == name) else {
                return Err(unknown_parameter(&name, allowed, route));
            };
            if values.iter().any(|(n, _)| *n == known) {
                return Err(ApiError::bad_request(format!(
                    "parameter '{known}' is given more than once; give it once"
                )));
            }
            let value = decode_component(raw_value, &format!("parameter '{known}'"))?;
            values.push((known, value));
        }
        Ok(Params { values })
    }

    /// The value of `name`, or `None` when absent or empty (HTML forms send empty fields).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    /// The value of a required text parameter, checked against `max_bytes` (413 when over).
    pub fn required_text(
        &self,
        name: &str,
        what: &str,
        max_bytes: usize,
    ) -> Result<String, ApiError> {
        let value = self.get(name).ok_or_else(|| {
            ApiError::bad_request(format!(
                "parameter '{name}' ({what}) is required and must not be empty"
            ))
        })?;
        if value.len() > max_bytes {
            return Err(ApiError::too_large(format!(
                "parameter '{name}' is {} bytes; the limit is {max_bytes}; shorten it",
                value.len()
            )));
        }
        Ok(value.to_string())
    }

    /// An optional language (`zh`, `en`).
    pub fn lang(&self) -> Result<Option<Lang>, ApiError> {
        self.get("lang")
            .map(|v| {
                Lang::from_str(v)
                    .map_err(|e| ApiError::bad_request(format!("parameter 'lang': {e}")))
            })
            .transpose()
    }

    /// An optional count in `min..=max`, `default` when absent.
    pub fn count(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(text) = self.get(name) else {
            return Ok(default);
        };
        let out_of_range = || {
            ApiError::bad_request(format!(
                "parameter '{name}' must be a whole number from {min} to {max}, not '{}'",
                shorten(text)
            ))
        };
        let n: usize = text.trim().parse().map_err(|_| out_of_range())?;
        if n < min || n > max {
            return Err(out_of_range());
        }
        Ok(n)
    }

    /// An optional short text (`symbol` prefix, `para`), 400 when longer than `max_bytes`.
    pub fn short_text(&self, name: &str, max_bytes: usize) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if v.len() > max_bytes => Err(ApiError::bad_request(format!(
                "parameter '{name}' is longer than {max_bytes} bytes; it cannot match anything"
            ))),
            Some(v) => Ok(Some(v.trim().to_string())),
        }
    }
}

fn unknown_parameter(name: &str, allowed: &[&str], route: &str) -> ApiError {
    let allowed = if allowed.is_empty() {
        "it takes no parameters".to_string()
    } else {
        format!("allowed: {}", allowed.join(", "))
    };
    ApiError::bad_request(format!(
        "unknown parameter '{}' for {route}; {allowed}",
        shorten(name)
    ))
}

/// The first 40 characters of user input, for messages.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Strict `application/x-www-form-urlencoded` decoding of one name or value.
fn decode_component(raw: &str, what: &str) -> Result<String, ApiError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|b| (*b as char).to_digit(16));
                let lo = bytes.get(i + 2).and_then(|b| (*b as char).to_digit(16));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 3;
                    }
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "{what} has a bad percent-escape ('%' must be followed by two hex digits); \
                             encode the URL with encodeURIComponent or equivalent"
                        )));
                    }
                }
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| {
        ApiError::bad_request(format!(
            "{what} is not valid UTF-8 after percent-decoding; send UTF-8 text"
        ))
    })
}

/// The [`SearchRequest`] of a `GET /search` query string.
pub fn search_request(raw: Option<&str>) -> Result<SearchRequest, ApiError> {
    let params = Params::parse(raw, SEARCH_PARAMS, "/search")?;
    let query = params.required_text("q", "the query text", MAX_QUERY_BYTES)?;
    let (year_from, year_to) = match params.get("year") {
        Some(y) => crate::model::years::parse_year_range(y)
            .map_err(|e| ApiError::bad_request(format!("parameter 'year': {e}")))?,
        None => (None, None),
    };
    Ok(SearchRequest {
        query,
        lang: params.lang()?,
        symbol_prefix: params.short_text("symbol", MAX_SYMBOL_BYTES)?,
        year_from,
        year_to,
        limit: params.count("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?,
        offset: params.count("offset", 0, 0, MAX_OFFSET)?,
        all_versions: match params.get("all_versions") {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") | Some("") => true,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "parameter 'all_versions' is {other:?}; use true or false"
                )));
            }
        },
    })
}

/// A `GET /resolve` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveParams {
    /// The reference text (`第 2395(2017)号决议第 17 段`, `S/RES/687(1991) para 8`).
    pub reference: String,
    /// Preferred language of the returned texts.
    pub lang: Option<Lang>,
}

/// The [`ResolveParams`] of a `GET /resolve` query string.
pub fn resolve_params(raw: Option<&str>) -> Result<ResolveParams, ApiError> {
    let params = Params::parse(raw, RESOLVE_PARAMS, "/resolve")?;
    Ok(ResolveParams {
        reference: params.required_text("ref", "the reference to resolve", MAX_QUERY_BYTES)?,
        lang: params.lang()?,
    })
}

/// A `GET /cited-by` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedByParams {
    /// The cited symbol, or symbol plus paragraph.
    pub reference: String,
    /// Hits per page.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
}

/// The [`CitedByParams`] of a `GET /cited-by` query string.
pub fn cited_by_params(raw: Option<&str>) -> Result<CitedByParams, ApiError> {
    let params = Params::parse(raw, CITED_BY_PARAMS, "/cited-by")?;
    Ok(CitedByParams {
        reference: params.required_text("ref", "the cited symbol or paragraph", MAX_QUERY_BYTES)?,
        limit: params.count("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?,
        offset: params.count("offset", 0, 0, MAX_OFFSET)?,
    })
}

/// The query-string part of a `GET /doc/{symbol}` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocParams {
    /// The language to show.
    pub lang: Option<Lang>,
    /// One paragraph number (`25`, `2(e)`), or all paragraphs.
    pub para: Option<String>,
}

/// The [`DocParams`] of a `GET /doc/{symbol}` query string.
pub fn doc_params(raw: Option<&str>) -> Result<DocParams, ApiError> {
    let params = Params::parse(raw, DOC_PARAMS, "/doc/{symbol}")?;
    Ok(DocParams {
        lang: params.lang()?,
        para: params.short_text("para", MAX_PARA_BYTES)?,
    })
}

/// Checks the decoded `{symbol}` of `/doc/{symbol}` and returns its canonical form.
///
/// The symbol never becomes a file path here, but anything path-like (`..`, `.`, a backslash,
/// a NUL, a leading `/`) is refused outright with a 400 so that no layer below ever sees it.
pub fn doc_symbol(decoded: &str) -> Result<crate::model::Symbol, ApiError> {
    if decoded.len() > MAX_SYMBOL_BYTES {
        return Err(ApiError::bad_request(format!(
            "the symbol is longer than {MAX_SYMBOL_BYTES} bytes; no UN symbol is that long"
        )));
    }
    let path_like = decoded.starts_with('/')
        || decoded.contains(['\\', '\0'])
        || decoded.split('/').any(|part| {
            let part = part.trim();
            !part.is_empty() && part.chars().all(|c| c == '.')
        });
    if path_like {
        return Err(ApiError::bad_request(format!(
            "'{}' is not a UN document symbol (expected e.g. S/RES/2395(2017), URL-encoded as S%2FRES%2F2395(2017))",
            shorten(decoded)
        )));
    }
    crate::model::Symbol::parse(decoded).map_err(|e| ApiError::bad_request(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    fn status(result: Result<impl std::fmt::Debug, ApiError>) -> u16 {
        match result {
            Ok(_) => 200,
            Err(e) => e.status.as_u16(),
        }
    }

    /// (raw query string, query, lang, symbol prefix, (year from, year to), limit, offset)
    type SearchCase<'a> = (
        &'a str,
        &'a str,
        Option<Lang>,
        Option<&'a str>,
        (Option<u32>, Option<u32>),
        usize,
        usize,
    );

    #[test]
    fn search_requests_decode_real_queries() {
        // (raw query string, expected query, lang, symbol prefix, years, limit, offset)
        let table: &[SearchCase] = &[
            (
                "q=%E5%A4%96%E5%9B%BD%E6%81%90%E6%80%96%E4%B8%BB%E4%B9%89%E4%BD%9C%E6%88%98%E4%BA%BA%E5%91%98",
                "外国恐怖主义作战人员",
                None,
                None,
                (None, None),
                10,
                0,
            ),
            (
                "q=foreign+terrorist+fighters&lang=en&limit=5&offset=20",
                "foreign terrorist fighters",
                Some(Lang::En),
                None,
                (None, None),
                5,
                20,
            ),
            (
                "q=%22weapons+of+mass+destruction%22&symbol=S%2FRES%2F&year=1990..1994",
                "\"weapons of mass destruction\"",
                None,
                Some("S/RES/"),
                (Some(1990), Some(1994)),
                10,
                0,
            ),
            (
                "q=Iraq&year=1991&lang=&symbol=",
                "Iraq",
                None,
                None,
                (Some(1991), Some(1991)),
                10,
                0,
            ),
            (
                "q=Iraq&&limit=1000&offset=100000&",
                "Iraq",
                None,
                None,
                (None, None),
                1000,
                100_000,
            ),
            (
                "q=%E7%AC%AC+2395(2017)%E5%8F%B7%E5%86%B3%E8%AE%AE",
                "第 2395(2017)号决议",
                None,
                None,
                (None, None),
                10,
                0,
            ),
        ];
        for (raw, query, lang, prefix, (from, to), limit, offset) in table {
            let r = search_request(Some(raw)).unwrap_or_else(|e| panic!("{raw}: {e:?}"));
            assert_eq!(r.query, *query, "{raw}");
            assert_eq!(r.lang, *lang, "{raw}");
            assert_eq!(r.symbol_prefix.as_deref(), *prefix, "{raw}");
            assert_eq!((r.year_from, r.year_to), (*from, *to), "{raw}");
            assert_eq!((r.limit, r.offset), (*limit, *offset), "{raw}");
        }
    }

    #[test]
    fn bad_search_input_is_400_or_413_with_a_message() {
        let long_query = format!("q={}", "a".repeat(MAX_QUERY_BYTES + 1));
        let long_encoded = format!("q={}", "%E6%81%90".repeat(MAX_QUERY_BYTES / 3 + 1));
        let huge_string = format!("q=x&{}", "a".repeat(MAX_QUERY_STRING_BYTES));
        let table: &[(&str, u16, &str)] = &[
            ("", 400, "'q'"),
            ("q=", 400, "'q'"),
            ("q=+++", 400, "'q'"),
            ("lang=zh", 400, "'q'"),
            ("q=x&lang=fr", 400, "unknown language"),
            ("q=x&limit=0", 400, "'limit'"),
            ("q=x&limit=1001", 400, "'limit'"),
            ("q=x&limit=-1", 400, "'limit'"),
            ("q=x&limit=ten", 400, "'limit'"),
            ("q=x&limit=99999999999999999999999999", 400, "'limit'"),
            ("q=x&offset=100001", 400, "'offset'"),
            ("q=x&year=17", 400, "'year'"),
            ("q=x&year=2020..2015", 400, "earlier year first"),
            ("q=x&year=..", 400, "'year'"),
            ("q=x&year=2015...2020", 400, "'year'"),
            (
                "q=x&page=2",
                400,
                "unknown parameter 'page' for /search; allowed: q, lang",
            ),
            ("q=x&q=y", 400, "more than once"),
            ("q=%ZZ", 400, "percent-escape"),
            ("q=abc%", 400, "percent-escape"),
            ("q=abc%4", 400, "percent-escape"),
            ("q=%FF%FE", 400, "UTF-8"),
            ("q=%E6%81", 400, "UTF-8"),
            ("%FF=1", 400, "UTF-8"),
            (long_query.as_str(), 413, "limit is 2048"),
            (long_encoded.as_str(), 413, "limit is 2048"),
            (huge_string.as_str(), 413, "query string"),
        ];
        for (raw, code, needle) in table {
            let err = search_request(Some(raw)).expect_err(raw);
            assert_eq!(err.status.as_u16(), *code, "{raw}: {err:?}");
            assert!(
                err.message.contains(needle),
                "{raw}: {:?} lacks {needle:?}",
                err.message
            );
        }
    }

    #[test]
    fn resolve_cited_by_and_doc_parameters() {
        let r = resolve_params(Some("ref=S%2FRES%2F687(1991)+para+8&lang=en")).unwrap();
        assert_eq!(r.reference, "S/RES/687(1991) para 8");
        assert_eq!(r.lang, Some(Lang::En));
        assert_eq!(status(resolve_params(Some("lang=zh"))), 400);
        assert_eq!(status(resolve_params(Some("ref=x&limit=3"))), 400);

        let c = cited_by_params(Some("ref=S/RES/687(1991)&limit=3")).unwrap();
        assert_eq!(
            (c.reference.as_str(), c.limit, c.offset),
            ("S/RES/687(1991)", 3, 0)
        );
        assert_eq!(
            status(cited_by_params(Some("ref=S/RES/687(1991)&lang=en"))),
            400
        );

        let d = doc_params(Some("lang=zh&para=25")).unwrap();
        assert_eq!((d.lang, d.para.as_deref()), (Some(Lang::Zh), Some("25")));
        assert_eq!(
            doc_params(None).unwrap(),
            DocParams {
                lang: None,
                para: None
            }
        );
        assert_eq!(status(doc_params(Some("para=1&x=2"))), 400);
        assert_eq!(
            status(doc_params(Some(&format!("para={}", "9".repeat(41))))),
            400
        );
        assert_eq!(
            Params::parse(Some("x=1"), NO_PARAMS, "/health")
                .unwrap_err()
                .message,
            "unknown parameter 'x' for /health; it takes no parameters"
        );
    }

    #[test]
    fn doc_symbols_are_canonical_and_path_traversal_is_refused() {
        let good = [
            ("S/RES/2395(2017)", "S/RES/2395(2017)"),
            ("S/RES/2395 (2017)", "S/RES/2395(2017)"),
            ("s/2022/529", "S/2022/529"),
            ("S/2025/71/Rev.1", "S/2025/71/Rev.1"),
        ];
        for (input, canonical) in good {
            assert_eq!(doc_symbol(input).unwrap().as_str(), canonical);
        }
        let bad = [
            "../../etc/passwd",
            "S/../../etc/passwd",
            "S/RES/./x",
            "/etc/passwd",
            "S\\RES\\1",
            "S/RES/1\0",
            "..",
            "passwd",
            "S_RES_687(1991)",
        ];
        for input in bad {
            let err = doc_symbol(input).expect_err(input);
            assert_eq!(err.status, StatusCode::BAD_REQUEST, "{input}");
        }
        assert_eq!(status(doc_symbol(&format!("S/{}", "1".repeat(200)))), 400);
    }
}
