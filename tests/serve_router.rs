//! Router tests of `undex serve` through `tower::ServiceExt::oneshot` (no network): every
//! route over a real engine on a small real corpus, and every error case (bad input, limits,
//! unknown parameters, path traversal, unknown routes, wrong methods) in the JSON error shape.

use crate::serve_common;

use axum::http::Method;
use serve_common::{FIXTURE_DOCUMENTS, app, enc, get, send};
use undex::query::{MAX_LIMIT, MAX_OFFSET, MAX_QUERY_BYTES};
use undex::serve::{CorsOrigins, ServeOptions, router};

#[tokio::test]
async fn bad_input_is_a_json_400_or_413_never_a_500() {
    let app = app();
    let long_q = format!("/search?q={}", "a".repeat(MAX_QUERY_BYTES + 1));
    let long_zh = format!("/search?q={}", enc(&"恐".repeat(MAX_QUERY_BYTES / 3 + 1)));
    let long_ref = format!("/resolve?ref={}", "S".repeat(MAX_QUERY_BYTES + 1));
    let over_limit = format!("/search?q=Iraq&limit={}", MAX_LIMIT + 1);
    let over_offset = format!("/search?q=Iraq&offset={}", MAX_OFFSET + 1);
    // (request, status, code, words the message must contain)
    let table: &[(&str, u16, &str, &str)] = &[
        ("/search", 400, "bad_request", "'q'"),
        ("/search?q=", 400, "bad_request", "'q'"),
        ("/search?q=+", 400, "bad_request", "'q'"),
        ("/search?q=Iraq&lang=fr", 400, "bad_request", "use zh or en"),
        ("/search?q=Iraq&limit=0", 400, "bad_request", "'limit'"),
        (over_limit.as_str(), 400, "bad_request", "from 1 to 1000"),
        ("/search?q=Iraq&limit=-5", 400, "bad_request", "'limit'"),
        ("/search?q=Iraq&limit=1e3", 400, "bad_request", "'limit'"),
        (over_offset.as_str(), 400, "bad_request", "'offset'"),
        ("/search?q=Iraq&year=91", 400, "bad_request", "'year'"),
        (
            "/search?q=Iraq&year=2002..1991",
            400,
            "bad_request",
            "earlier year first",
        ),
        (
            "/search?q=Iraq&page=2",
            400,
            "bad_request",
            "unknown parameter 'page'",
        ),
        (
            "/search?q=Iraq&q=Kuwait",
            400,
            "bad_request",
            "more than once",
        ),
        ("/search?q=%ZZ", 400, "bad_request", "percent-escape"),
        ("/search?q=Iraq%", 400, "bad_request", "percent-escape"),
        ("/search?q=%C3%28", 400, "bad_request", "UTF-8"),
        ("/search?q=%FF%FE%FD", 400, "bad_request", "UTF-8"),
        (long_q.as_str(), 413, "too_large", "2048"),
        (long_zh.as_str(), 413, "too_large", "2048"),
        ("/resolve", 400, "bad_request", "'ref'"),
        (
            "/resolve?ref=S%2FRES%2F687(1991)&lang=xx",
            400,
            "bad_request",
            "'lang'",
        ),
        (
            "/resolve?ref=S%2FRES%2F687(1991)&limit=3",
            400,
            "bad_request",
            "allowed: ref, lang",
        ),
        (long_ref.as_str(), 413, "too_large", "'ref'"),
        ("/cited-by", 400, "bad_request", "'ref'"),
        (
            "/cited-by?ref=S%2FRES%2F687(1991)&limit=abc",
            400,
            "bad_request",
            "'limit'",
        ),
        (
            "/cited-by?ref=S%2FRES%2F687(1991)&lang=en",
            400,
            "bad_request",
            "unknown parameter 'lang'",
        ),
        (
            "/doc/..%2F..%2Fetc%2Fpasswd",
            400,
            "bad_request",
            "not a UN document symbol",
        ),
        (
            "/doc/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            400,
            "bad_request",
            "not a UN document symbol",
        ),
        (
            "/doc/../../etc/passwd",
            400,
            "bad_request",
            "not a UN document symbol",
        ),
        (
            "/doc/S%2F..%2F..%2Fcorpus%2Fmanifest.json",
            400,
            "bad_request",
            "not a UN document symbol",
        ),
        (
            "/doc/..%5C..%5Cwindows%5Cwin.ini",
            400,
            "bad_request",
            "not a UN document symbol",
        ),
        (
            "/doc/%2Fetc%2Fpasswd",
            400,
            "bad_request",
            "not a UN document symbol",
        ),
        (
            "/doc/S%2FRES%2F687(1991)%00",
            400,
            "bad_request",
            "not a UN document symbol",
        ),
        (
            "/doc/manifest.json",
            400,
            "bad_request",
            "not a UN document symbol",
        ),
        ("/doc/%FF%FE", 400, "bad_request", "UTF-8"),
        (
            "/doc/S%2FRES%2F687(1991)?lang=de",
            400,
            "bad_request",
            "'lang'",
        ),
        (
            "/doc/S%2FRES%2F687(1991)?para=8&paragraph=9",
            400,
            "bad_request",
            "allowed: lang, para",
        ),
        (
            "/health?verbose=1",
            400,
            "bad_request",
            "takes no parameters",
        ),
        ("/?page=2", 400, "bad_request", "unknown parameter 'page'"),
    ];
    for (uri, status, code, needle) in table {
        let answer = get(&app, uri).await;
        let message = answer.expect_error(*status, code, uri);
        assert!(
            message.contains(needle),
            "{uri}: message {message:?} lacks {needle:?}"
        );
    }
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405_in_json() {
    let app = app();
    for uri in [
        "/nope",
        "/doc",
        "/doc/",
        "/search/extra",
        "/api/search?q=Iraq",
        "/index.html",
    ] {
        let message = get(&app, uri).await.expect_error(404, "not_found", uri);
        assert!(message.contains("/search"), "{uri}: {message}");
    }
    let read_only = "GET, HEAD";
    let wrong = [
        (Method::POST, "/search?q=Iraq", read_only),
        (Method::PUT, "/health", read_only),
        (Method::DELETE, "/doc/S%2FRES%2F687(1991)", read_only),
        (Method::PATCH, "/resolve?ref=x", read_only),
        (Method::POST, "/", read_only),
        (Method::OPTIONS, "/cited-by?ref=x", read_only),
        // `/cite` also takes a POSTed text, PDF or HTML body: the answer says so.
        (Method::PUT, "/cite", "GET, HEAD, POST"),
        (Method::DELETE, "/cite?text=x", "GET, HEAD, POST"),
    ];
    for (method, uri, allowed) in wrong {
        let answer = send(&app, method.clone(), uri, &[]).await;
        let message = answer.expect_error(405, "method_not_allowed", uri);
        assert!(message.contains(method.as_str()), "{message}");
        assert!(message.ends_with(&format!("use {allowed}")), "{message}");
        assert_eq!(answer.headers["allow"], allowed, "{method} {uri}");
    }
}

#[tokio::test]
async fn the_page_is_html_that_calls_the_api_relative_to_itself() {
    let app = app();
    for uri in ["/", "/?q=%E5%A4%96%E5%9B%BD&lang=zh"] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, 200, "{uri}");
        assert_eq!(answer.content_type(), "text/html; charset=utf-8");
        let html = String::from_utf8(answer.body.clone()).unwrap();
        assert!(html.contains("<form id=\"search-form\""), "{uri}");
        assert!(
            html.contains("api(\"search\""),
            "the page must call /search"
        );
        assert!(
            html.contains("api(\"resolve\""),
            "the page must call /resolve"
        );
        assert!(
            !html.contains("fetch(\"/"),
            "API calls must be relative so that the router can be nested"
        );
        let csp = answer.headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"),
            "{csp}"
        );
    }
}

#[tokio::test]
async fn cors_headers_follow_the_configured_origins() {
    let engine = serve_common::engine();
    let quiet = |cors| ServeOptions {
        cors,
        ..serve_common::quiet_options()
    };
    let same_origin = router(engine.clone(), quiet(CorsOrigins::SameOriginOnly));
    let listed = router(
        engine.clone(),
        quiet(CorsOrigins::from_args(&["https://analyst.example.org".into()]).unwrap()),
    );
    let any = router(engine, quiet(CorsOrigins::Any));
    let from = |origin| [("origin", origin)];
    let acao = |a: &serve_common::Answer| {
        a.headers
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_string())
    };

    // Error answers carry CORS headers too, so browser clients can read the message.
    let uri = "/search?q=Iraq&lang=fr";
    let a = send(
        &same_origin,
        Method::GET,
        uri,
        &from("https://analyst.example.org"),
    )
    .await;
    assert_eq!(acao(&a), None);
    let a = send(
        &listed,
        Method::GET,
        uri,
        &from("https://analyst.example.org"),
    )
    .await;
    assert_eq!(acao(&a).as_deref(), Some("https://analyst.example.org"));
    a.expect_error(400, "bad_request", uri);
    let a = send(&listed, Method::GET, uri, &from("https://evil.example.com")).await;
    assert_eq!(acao(&a), None);
    let a = send(&any, Method::GET, uri, &from("https://evil.example.com")).await;
    assert_eq!(acao(&a).as_deref(), Some("*"));

    // A preflight is answered by the CORS layer, not the 405 fallback.
    let preflight = [
        ("origin", "https://analyst.example.org"),
        ("access-control-request-method", "GET"),
    ];
    let a = send(&listed, Method::OPTIONS, "/search?q=Iraq", &preflight).await;
    assert_eq!(a.status, 200);
    assert_eq!(acao(&a).as_deref(), Some("https://analyst.example.org"));
    let methods = a.headers["access-control-allow-methods"].to_str().unwrap();
    assert!(methods.contains("GET"), "{methods}");
}

#[tokio::test]
async fn large_answers_are_gzipped_when_accepted_and_small_ones_are_not() {
    let app = app();
    let page = get(&app, "/").await;
    let gz = send(&app, Method::GET, "/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.status, 200);
    assert_eq!(gz.headers["content-encoding"], "gzip");
    assert_eq!(&gz.body[..2], &[0x1f, 0x8b], "gzip magic");
    assert!(
        gz.body.len() < page.body.len() / 2,
        "{} vs {}",
        gz.body.len(),
        page.body.len()
    );
    assert!(page.headers.get("content-encoding").is_none());

    let small = send(&app, Method::GET, "/search", &[("accept-encoding", "gzip")]).await;
    assert!(
        small.headers.get("content-encoding").is_none(),
        "a short error body stays plain"
    );
    small.expect_error(400, "bad_request", "/search");
}

// ---- routes over the real engine (need the library's Engine) ----

#[tokio::test]
async fn health_reports_counts_and_freshness() {
    let answer = get(&app(), "/health").await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.content_type(), "application/json; charset=utf-8");
    let body = answer.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["documents"], FIXTURE_DOCUMENTS.len());
    assert!(body["paragraphs"].as_u64().unwrap() > 100, "{body}");
    assert_eq!(body["fresh"], true);
    let head = send(&app(), Method::HEAD, "/health", &[]).await;
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn search_finds_highlighted_paragraphs_in_both_languages() {
    let app = app();
    // (query, lang, symbol every hit must have, text that must be marked)
    let table: &[(&str, &str, &str, &str)] = &[
        ("外国恐怖主义作战人员", "zh", "S/2022/529", "<mark>"),
        (
            "chemical and biological weapons",
            "en",
            "S/RES/687(1991)",
            "<mark>",
        ),
        ("MONUC", "en", "S/RES/1445(2002)", "<mark>"),
    ];
    for (query, lang, symbol, marked) in table {
        let uri = format!("/search?q={}&lang={lang}", enc(query));
        let answer = get(&app, &uri).await;
        assert_eq!(
            answer.status,
            200,
            "{uri}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(answer.content_type(), "application/json; charset=utf-8");
        let body = answer.json();
        assert_eq!(body["query"], *query);
        let hits = body["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{uri}: no hits");
        assert!(body["total"].as_u64().unwrap() >= hits.len() as u64);
        assert!(
            hits.iter().all(|h| h["lang"] == *lang),
            "{uri}: language filter"
        );
        assert_eq!(hits[0]["symbol"], *symbol, "{uri}");
        assert!(
            hits[0]["snippet"].as_str().unwrap().contains(marked),
            "{uri}: {}",
            hits[0]["snippet"]
        );
        for field in ["title", "part", "paragraph", "seq", "score", "citations"] {
            assert!(hits[0].get(field).is_some(), "{uri}: hit lacks {field}");
        }
    }
}

#[tokio::test]
async fn search_filters_and_paging() {
    let app = app();
    let all = get(&app, "/search?q=Iraq&lang=en&limit=5").await.json();
    let hits = all["hits"].as_array().unwrap().clone();
    assert!(hits.len() >= 2 && hits.len() <= 5, "{all}");
    let second = get(&app, "/search?q=Iraq&lang=en&limit=1&offset=1")
        .await
        .json();
    assert_eq!(second["hits"][0]["symbol"], hits[1]["symbol"]);
    assert_eq!(second["hits"][0]["seq"], hits[1]["seq"]);

    let only_687 = get(&app, "/search?q=Iraq&symbol=S%2FRES%2F687&limit=50")
        .await
        .json();
    let hits = only_687["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h["symbol"] == "S/RES/687(1991)"),
        "{only_687}"
    );

    let in_2002 = get(&app, "/search?q=Iraq&year=2002&limit=50").await.json();
    let hits = in_2002["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h["symbol"].as_str().unwrap().ends_with("(2002)")),
        "{in_2002}"
    );
    let before_2000 = get(&app, "/search?q=Iraq&year=1990..1999&limit=50")
        .await
        .json();
    assert!(
        before_2000["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["symbol"] == "S/RES/687(1991)")
    );

    let nothing = get(&app, "/search?q=zzzqqxxv&lang=en").await;
    assert_eq!(nothing.status, 200);
    assert_eq!(nothing.json()["total"], 0);
}

#[tokio::test]
async fn resolve_returns_cited_text_or_a_crawl_hint() {
    let app = app();
    let uri = format!(
        "/resolve?ref={}",
        enc("paragraph 24 of resolution 687 (1991)")
    );
    let answer = get(&app, &uri).await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let body = answer.json();
    let c = &body["citations"][0];
    assert_eq!(c["symbol"], "S/RES/687(1991)");
    assert_eq!(c["in_corpus"], true);
    assert_eq!(c["found"][0]["paragraph"], "24");
    assert!(
        c["found"][0]["text"]
            .as_str()
            .unwrap()
            .contains("prevent the sale or supply"),
        "{c}"
    );

    let uri = format!(
        "/resolve?ref={}&lang=zh",
        enc("第 2395(2017)号决议第 17 段")
    );
    let body = get(&app, &uri).await.json();
    let c = &body["citations"][0];
    assert_eq!(c["symbol"], "S/RES/2395(2017)");
    assert_eq!(c["in_corpus"], false);
    assert_eq!(c["hint"], "undex crawl S/RES/2395(2017)");
}

#[tokio::test]
async fn cited_by_lists_citing_paragraphs() {
    let app = app();
    let answer = get(&app, "/cited-by?ref=S%2FRES%2F687(1991)&limit=3").await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let body = answer.json();
    assert_eq!(body["target"]["symbol"], "S/RES/687(1991)");
    let hits = body["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3, "{body}");
    assert!(
        body["total"].as_u64().unwrap() >= 6,
        "1454 cites 687 at least six times: {body}"
    );
    assert!(
        hits.iter().all(|h| h["symbol"] == "S/RES/1454(2002)"),
        "{body}"
    );
}

#[tokio::test]
async fn doc_shows_a_document_or_one_paragraph() {
    let app = app();
    let whole = get(&app, "/doc/S%2FRES%2F687(1991)").await;
    assert_eq!(
        whole.status,
        200,
        "{}",
        String::from_utf8_lossy(&whole.body)
    );
    let body = whole.json();
    assert_eq!(body["symbol"], "S/RES/687(1991)");
    assert_eq!(body["lang"], "en");
    assert!(body["paragraphs"].as_array().unwrap().len() > 30);

    for uri in [
        "/doc/S%2FRES%2F687(1991)?para=8",
        "/doc/S/RES/687(1991)?para=8&lang=en",
        "/doc/s%2Fres%2F687%20(1991)?para=8",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(
            answer.status,
            200,
            "{uri}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        let body = answer.json();
        let paragraphs = body["paragraphs"].as_array().unwrap();
        assert_eq!(paragraphs.len(), 1, "{uri}");
        assert_eq!(paragraphs[0]["paragraph"], "8");
        assert!(
            paragraphs[0]["text"]
                .as_str()
                .unwrap()
                .contains("Iraq shall unconditionally accept")
        );
    }

    let zh = get(&app, "/doc/S%2F2022%2F529?lang=zh").await.json();
    assert_eq!(zh["lang"], "zh");

    for uri in [
        "/doc/S%2FRES%2F9999(2030)",
        "/doc/S%2FRES%2F687(1991)?para=999",
        "/doc/S%2FRES%2F687(1991)?lang=zh",
    ] {
        get(&app, uri).await.expect_error(404, "not_found", uri);
    }
}

#[tokio::test]
async fn the_router_nests_under_a_prefix() {
    let app = axum::Router::new()
        .route("/", axum::routing::get(|| async { "host" }))
        .nest("/undex", app());
    let page = get(&app, "/undex").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type(), "text/html; charset=utf-8");
    get(&app, "/undex/search?q=Iraq&limit=0")
        .await
        .expect_error(400, "bad_request", "nested /search");
    let message =
        get(&app, "/undex/nope")
            .await
            .expect_error(404, "not_found", "nested unknown route");
    assert!(message.contains("/undex/nope"), "{message}");
    let host = get(&app, "/").await;
    assert_eq!(host.body, b"host");
}
