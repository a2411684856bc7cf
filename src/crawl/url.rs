//! Building the URL of one document on undocs.org (or a mirror given by `--base-url`):
//! `{base}/{lang}/{symbol}` with the language in lower case (undocs rejects `EN` with 400) and
//! the symbol's slashes kept as path separators. Parentheses, dots and dashes stay literal
//! (`S/RES/1373(2001)` is requested as `/en/S/RES/1373(2001)`, which is how undocs.org writes
//! its own links); anything else outside the unreserved set is percent-encoded.

use crate::model::{Lang, Symbol};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use url::Url;

/// Characters that are percent-encoded inside one path segment of a symbol: everything except
/// ASCII letters and digits, and the literal punctuation UN symbols use in undocs links.
const SYMBOL_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'(')
    .remove(b')')
    .remove(b'.')
    .remove(b'-')
    .remove(b'_');

/// The default base URL of the crawler.
pub const DEFAULT_BASE_URL: &str = "https://undocs.org";

/// Checks a `--base-url` value: an absolute `http` or `https` URL without query or fragment.
pub fn parse_base_url(base: &str) -> Result<Url, String> {
    let url = Url::parse(base.trim()).map_err(|e| {
        format!("'{base}' is not a valid base URL ({e}); give e.g. https://undocs.org")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!(
            "'{base}' is not an http(s) URL with a host; give e.g. https://undocs.org"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "'{base}' must not have a query or fragment; give e.g. https://undocs.org"
        ));
    }
    Ok(url)
}

/// The URL of `symbol` in `lang` under `base`: `{base}/{lang}/{symbol}`.
pub fn document_url(base: &Url, lang: Lang, symbol: &Symbol) -> Url {
    let mut path = base.path().trim_end_matches('/').to_string();
    path.push('/');
    path.push_str(lang.code());
    for segment in symbol.as_str().split('/') {
        path.push('/');
        path.extend(utf8_percent_encode(segment, SYMBOL_SEGMENT));
    }
    let mut url = base.clone();
    url.set_path(&path);
    url
}

/// The `host:port` key politeness is kept per (`undocs.org:443`).
pub fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_urls_keep_parentheses_and_lowercase_lang() {
        let base = parse_base_url("https://undocs.org").unwrap();
        let table = [
            (
                "S/RES/1373(2001)",
                Lang::En,
                "https://undocs.org/en/S/RES/1373(2001)",
            ),
            (
                "S/RES/2395(2017)",
                Lang::Zh,
                "https://undocs.org/zh/S/RES/2395(2017)",
            ),
            ("S/2022/529", Lang::Zh, "https://undocs.org/zh/S/2022/529"),
            (
                "S/2025/71/Rev.1",
                Lang::En,
                "https://undocs.org/en/S/2025/71/Rev.1",
            ),
            (
                "A/RES/60/288",
                Lang::En,
                "https://undocs.org/en/A/RES/60/288",
            ),
            (
                "A/HRC/RES/7/36*",
                Lang::En,
                "https://undocs.org/en/A/HRC/RES/7/36%2A",
            ),
        ];
        for (symbol, lang, want) in table {
            let symbol = Symbol::parse(symbol).unwrap();
            assert_eq!(document_url(&base, lang, &symbol).as_str(), want);
        }
    }

    #[test]
    fn base_with_a_path_prefix_is_kept() {
        let base = parse_base_url("http://127.0.0.1:8080/mirror/").unwrap();
        let symbol = Symbol::parse("S/RES/2395(2017)").unwrap();
        assert_eq!(
            document_url(&base, Lang::En, &symbol).as_str(),
            "http://127.0.0.1:8080/mirror/en/S/RES/2395(2017)"
        );
        assert_eq!(host_key(&base), "127.0.0.1:8080");
    }

    #[test]
    fn bad_base_urls_are_rejected() {
        for bad in [
            "undocs.org",
            "ftp://undocs.org",
            "https://undocs.org/?x=1",
            "",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }
}
