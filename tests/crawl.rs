//! The crawler against a real HTTP server on 127.0.0.1 that serves real UN PDFs from the bundled
//! corpus and misbehaves like the UN's sites can: redirect chains across hosts, viewer pages,
//! 429 + Retry-After, 503, dropped connections, timeouts, truncated and oversized bodies, empty
//! and soft-404 answers, Word files labelled as PDF, redirect loops, robots.txt, 304s.
//! Assertions are on what the server saw (paths, User-Agent, spacing) and on the corpus after.

use crate::common::crawl_server;

use crawl_server::{Reply, SeenRequest, TestServer, assert_spacing, corpus_pdf, sha256};
use std::path::Path;
use std::time::Duration;
use undex::corpus::{Corpus, EntryStatus};
use undex::crawl::fetch::FetchConfig;
use undex::crawl::summary::CrawlSummary;
use undex::crawl::{CrawlOptions, crawl};
use undex::{Lang, Symbol};

const MIN_DELAY: Duration = Duration::from_millis(60);
/// No allowance: the crawler spaces requests from the end of the previous one, so even the
/// arrival times the server sees are at least the minimum delay apart.
const SLACK: Duration = Duration::ZERO;

fn options(base: &str) -> CrawlOptions {
    CrawlOptions {
        base_url: url::Url::parse(base).unwrap(),
        langs: vec![Lang::En],
        depth: 0,
        concurrency: 4,
        fetch: FetchConfig {
            min_delay: MIN_DELAY,
            timeout: Duration::from_millis(700),
            connect_timeout: Duration::from_millis(700),
            max_attempts: 3,
            backoff_base: Duration::from_millis(10),
            backoff_cap: Duration::from_millis(100),
            retry_after_cap: Duration::from_secs(3),
            max_bytes: 8 * 1024 * 1024,
            max_redirects: 10,
            ..FetchConfig::default()
        },
    }
}

async fn run(dir: &Path, seeds: &[&str], options: &CrawlOptions) -> CrawlSummary {
    let seeds: Vec<Symbol> = seeds.iter().map(|s| Symbol::parse(s).unwrap()).collect();
    let progress = |_: &undex::progress::Progress<'_>| {};
    tokio::time::timeout(
        Duration::from_secs(30),
        crawl(
            dir,
            &seeds,
            options,
            &undex::pipeline::cited_in_document,
            &progress,
        ),
    )
    .await
    .expect("crawl finished within 30 s")
    .expect("crawl succeeded")
}

fn entry_status(dir: &Path, symbol: &str) -> Option<EntryStatus> {
    let corpus = Corpus::open(dir).unwrap();
    corpus
        .get(&Symbol::parse(symbol).unwrap(), Lang::En)
        .map(|e| e.status)
}

/// No temp files, no crawl state left after a finished crawl.
fn assert_clean(dir: &Path) {
    assert!(
        !dir.join(".crawl-state.json").exists(),
        "crawl state left behind"
    );
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(
                !name.starts_with(".tmp"),
                "temp file left: {}",
                e.path().display()
            );
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            }
        }
    }
}

fn assert_user_agent(requests: &[SeenRequest]) {
    for r in requests {
        let ua = r
            .headers
            .get("user-agent")
            .map(String::as_str)
            .unwrap_or("");
        assert!(
            ua.starts_with("undex/") && ua.contains("https://github.com/undex/undex"),
            "{}: User-Agent {ua:?}",
            r.path
        );
    }
}

#[tokio::test]
async fn redirect_chain_across_hosts_stores_the_real_pdf() {
    let undocs = TestServer::start().await;
    let documents = TestServer::start().await;
    let pdf = corpus_pdf("S_2025_22");
    let api = "/api/symbol/access?s=S/2025/22&l=en&t=pdf";
    let file = "/doc/undoc/gen/n25/006/87/pdf/n2500687.pdf";
    undocs.route(
        "/en/S/2025/22",
        vec![Reply::redirect(302, &format!("{}{api}", documents.base()))],
    );
    documents.route(api, vec![Reply::redirect(301, file)]);
    documents.route(file, vec![Reply::pdf(pdf.clone())]);
    undocs.route(
        "/zh/S/2025/22",
        vec![Reply::status(
            404,
            "<html><body>The document 'S/2025/22' is not available in 'zh'</body></html>",
        )],
    );
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(&undocs.base());
    opts.langs = vec![Lang::En, Lang::Zh];
    // The second server stands for documents.un.org: one of the hosts redirects may lead to.
    opts.fetch
        .redirect_hosts
        .push(documents.base().trim_start_matches("http://").to_string());
    let summary = run(dir.path(), &["S/2025/22"], &opts).await;
    assert_eq!(
        (summary.fetched, summary.unavailable, summary.failed),
        (1, 1, 0),
        "{summary:?}"
    );

    let corpus = Corpus::open(dir.path()).unwrap();
    let symbol = Symbol::parse("S/2025/22").unwrap();
    let en = corpus.get(&symbol, Lang::En).unwrap();
    assert_eq!(en.status, EntryStatus::Ok);
    assert_eq!(en.file.as_deref(), Some("S_2025_22/en.pdf"));
    assert_eq!(en.sha256.as_deref(), Some(sha256(&pdf).as_str()));
    assert_eq!(en.content_type, "application/pdf");
    assert_eq!(en.origin, format!("{}{file}", documents.base()));
    assert_eq!(
        std::fs::read(dir.path().join("S_2025_22/en.pdf")).unwrap(),
        pdf
    );
    let zh = corpus.get(&symbol, Lang::Zh).unwrap();
    assert_eq!(
        (zh.status, zh.file.as_ref()),
        (EntryStatus::Unavailable, None)
    );

    for server in [&undocs, &documents] {
        let seen = server.requests();
        assert_user_agent(&seen);
        assert_spacing(&seen, MIN_DELAY, SLACK);
        assert_eq!(seen.iter().filter(|r| r.path == "/robots.txt").count(), 1);
    }
    assert_clean(dir.path());
}

#[tokio::test]
async fn viewer_pages_lead_to_the_pdf() {
    let server = TestServer::start().await;
    let iframe_pdf = corpus_pdf("S_2025_71");
    let link_pdf = corpus_pdf("S_2025_482");
    server.route(
        "/en/S/2025/71",
        vec![Reply::html(
            r#"<!DOCTYPE html><html><head><title>S/2025/71</title></head><body>
               <iframe src="/doc/undoc/gen/n25/020/44/pdf/n2502044.pdf" width="100%"></iframe></body></html>"#,
        )],
    );
    server.route(
        "/doc/undoc/gen/n25/020/44/pdf/n2502044.pdf",
        vec![Reply::pdf(iframe_pdf.clone())],
    );
    server.route(
        "/en/S/2025/482",
        vec![Reply::html(
            r#"<html><body><h1>S/2025/482</h1><a href="/help">Help</a>
               <a href="pdf/N2518000.pdf">Download PDF</a></body></html>"#,
        )],
    );
    server.route(
        "/en/S/2025/pdf/N2518000.pdf",
        vec![Reply::pdf(link_pdf.clone())],
    );
    let dir = tempfile::tempdir().unwrap();
    let summary = run(
        dir.path(),
        &["S/2025/71", "S/2025/482"],
        &options(&server.base()),
    )
    .await;
    assert_eq!((summary.fetched, summary.failed), (2, 0), "{summary:?}");
    let corpus = Corpus::open(dir.path()).unwrap();
    for (symbol, bytes) in [("S/2025/71", &iframe_pdf), ("S/2025/482", &link_pdf)] {
        let e = corpus
            .get(&Symbol::parse(symbol).unwrap(), Lang::En)
            .unwrap();
        assert_eq!(
            e.sha256.as_deref(),
            Some(sha256(bytes).as_str()),
            "{symbol}"
        );
        assert!(e.file.as_deref().unwrap().ends_with("en.pdf"));
    }
    assert_spacing(&server.requests(), MIN_DELAY, SLACK);
    assert_clean(dir.path());
}

#[tokio::test]
async fn retry_after_holds_back_the_host() {
    let server = TestServer::start().await;
    let pdf = corpus_pdf("S_2025_72");
    server.route(
        "/en/S/2025/72",
        vec![
            Reply::status(429, "<html><body>Too many requests</body></html>")
                .with_header("Retry-After", "1"),
            Reply::pdf(pdf.clone()),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let summary = run(dir.path(), &["S/2025/72"], &options(&server.base())).await;
    assert_eq!(summary.fetched, 1, "{summary:?}");
    let seen = server.requests_to("/en/S/2025/72");
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(
        waited >= Duration::from_millis(1000) - SLACK,
        "retried after {waited:?}"
    );
    assert_eq!(entry_status(dir.path(), "S/2025/72"), Some(EntryStatus::Ok));
}

#[tokio::test]
async fn retry_after_longer_than_the_cap_is_shortened() {
    let server = TestServer::start().await;
    server.route(
        "/en/S/2025/72",
        vec![
            Reply::status(503, "<html><body>maintenance</body></html>")
                .with_header("Retry-After", "3600"),
            Reply::pdf(corpus_pdf("S_2025_72")),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(&server.base());
    opts.fetch.retry_after_cap = Duration::from_millis(400);
    let summary = run(dir.path(), &["S/2025/72"], &opts).await;
    assert_eq!(summary.fetched, 1, "{summary:?}");
    let seen = server.requests_to("/en/S/2025/72");
    let waited = seen[1].at - seen[0].at;
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
}

#[tokio::test]
async fn transient_failures_are_retried_until_the_real_pdf_arrives() {
    let server = TestServer::start().await;
    // (symbol, corpus folder, first reply)
    let table: [(&str, &str, Reply); 4] = [
        (
            "S/2025/476",
            "S_2025_476",
            Reply::status(503, "<html><body>busy</body></html>"),
        ),
        ("S/2025/496", "S_2025_496", Reply::Reset),
        (
            "S/2025/22",
            "S_2025_22",
            Reply::Delayed(
                Duration::from_millis(1500),
                Box::new(Reply::pdf(b"%PDF-1.7 late".to_vec())),
            ),
        ),
        (
            "A/RES/78/323",
            "A_RES_78_323",
            Reply::Truncated {
                declared: 259_840,
                body: corpus_pdf("A_RES_78_323")[..100_000].to_vec(),
            },
        ),
    ];
    for (symbol, folder, first) in &table {
        let path = format!("/en/{symbol}");
        server.route(&path, vec![first.clone(), Reply::pdf(corpus_pdf(folder))]);
    }
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<&str> = table.iter().map(|t| t.0).collect();
    let summary = run(dir.path(), &seeds, &options(&server.base())).await;
    assert_eq!((summary.fetched, summary.failed), (4, 0), "{summary:?}");
    let corpus = Corpus::open(dir.path()).unwrap();
    for (symbol, folder, _) in &table {
        let e = corpus
            .get(&Symbol::parse(symbol).unwrap(), Lang::En)
            .unwrap();
        assert_eq!(
            e.sha256.as_deref(),
            Some(sha256(&corpus_pdf(folder)).as_str()),
            "{symbol}"
        );
        assert_eq!(
            server.requests_to(&format!("/en/{symbol}")).len(),
            2,
            "{symbol}"
        );
    }
    assert_spacing(&server.requests(), MIN_DELAY, SLACK);
    assert_clean(dir.path());
}

#[tokio::test]
async fn persistent_failures_are_counted_and_store_nothing() {
    let server = TestServer::start().await;
    let big = corpus_pdf("S_2025_22"); // 329,917 bytes, over the 200,000-byte cap below
    let table: [(&str, Vec<Reply>, usize); 8] = [
        ("S/2025/1", vec![Reply::status(503, "down")], 3),
        ("S/2025/2", vec![Reply::Reset], 3),
        (
            "S/2025/3",
            vec![Reply::Truncated {
                declared: 5000,
                body: b"%PDF-1.7 cut".to_vec(),
            }],
            3,
        ),
        ("S/2025/4", vec![Reply::redirect(302, "/loop/b")], 1),
        ("S/2025/5", vec![Reply::pdf(big)], 1),
        ("S/2025/6", vec![Reply::status(400, "bad request")], 1),
        (
            "S/2025/7",
            vec![Reply::Delayed(
                Duration::from_millis(1500),
                Box::new(Reply::pdf(b"%PDF-".to_vec())),
            )],
            3,
        ),
        ("S/2025/8", vec![Reply::redirect(302, "/hop/1")], 1),
    ];
    for (symbol, replies, _) in &table {
        server.route(&format!("/en/{symbol}"), replies.clone());
    }
    for hop in 1..=12 {
        server.route(
            &format!("/hop/{hop}"),
            vec![Reply::redirect(302, &format!("/hop/{}", hop + 1))],
        );
    }
    server.route("/loop/b", vec![Reply::redirect(302, "/loop/c")]);
    server.route("/loop/c", vec![Reply::redirect(307, "/en/S/2025/4")]);
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(&server.base());
    opts.fetch.max_bytes = 200_000;
    let seeds: Vec<&str> = table.iter().map(|t| t.0).collect();
    let summary = run(dir.path(), &seeds, &opts).await;
    assert_eq!((summary.fetched, summary.failed), (0, 8), "{summary:?}");
    assert!(summary.has_failures());
    let reasons: Vec<String> = summary.failures.iter().map(|f| f.2.clone()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("redirect loop")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("200000-byte limit")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("HTTP 400")),
        "{reasons:?}"
    );
    for (symbol, _, attempts) in &table {
        assert_eq!(
            server.requests_to(&format!("/en/{symbol}")).len(),
            *attempts,
            "{symbol}"
        );
        assert_eq!(entry_status(dir.path(), symbol), None, "{symbol}");
    }
    assert!(Corpus::open(dir.path()).unwrap().entries().next().is_none());
    assert_spacing(&server.requests(), MIN_DELAY, SLACK);
    assert_clean(dir.path());
}

#[tokio::test]
async fn empty_soft_404_and_mislabelled_bodies_are_classified_by_their_bytes() {
    let server = TestServer::start().await;
    let word = {
        let mut w = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        w.extend_from_slice(&[0u8; 504]);
        w
    };
    let resolution = std::fs::read_to_string(format!(
        "{}/corpus/S_RES_1(1946)/en.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let html_doc = format!(
        "<!DOCTYPE html><html><head><title>S/RES/1(1946)</title></head><body><p>{}</p></body></html>",
        resolution.replace('\n', "</p><p>")
    );
    let soft_404 = "<!DOCTYPE html><html><head><title>Error</title></head><body>\
                    <h1>The document 'S/2099/2' is not available in 'en'</h1></body></html>";
    // (symbol, reply, expected status, expected file)
    let table: [(&str, Reply, Option<EntryStatus>, Option<&str>); 6] = [
        (
            "S/2099/1",
            Reply::pdf(Vec::new()),
            Some(EntryStatus::NotYet),
            None,
        ),
        (
            "S/2099/2",
            Reply::html(soft_404),
            Some(EntryStatus::NotYet),
            None,
        ),
        (
            "S/2099/3",
            Reply::pdf(soft_404.as_bytes().to_vec()),
            Some(EntryStatus::NotYet),
            None,
        ),
        (
            "S/2099/4",
            Reply::pdf(word.clone()),
            Some(EntryStatus::Unsupported),
            Some("S_2099_4/en.doc"),
        ),
        (
            "S/2099/5",
            Reply::pdf(b"\x00\x01garbage\xff\xfe".to_vec()),
            Some(EntryStatus::Unsupported),
            Some("S_2099_5/en.bin"),
        ),
        (
            "S/RES/1(1946)",
            Reply::html(&html_doc),
            Some(EntryStatus::Ok),
            Some("S_RES_1(1946)/en.html"),
        ),
    ];
    for (symbol, reply, _, _) in &table {
        server.route(&format!("/en/{symbol}"), vec![reply.clone()]);
    }
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<&str> = table.iter().map(|t| t.0).collect();
    let summary = run(dir.path(), &seeds, &options(&server.base())).await;
    assert_eq!(
        (
            summary.fetched,
            summary.not_yet,
            summary.unsupported,
            summary.failed
        ),
        (1, 3, 2, 0),
        "{summary:?}"
    );
    let corpus = Corpus::open(dir.path()).unwrap();
    for (symbol, _, status, file) in &table {
        let e = corpus.get(&Symbol::parse(symbol).unwrap(), Lang::En);
        assert_eq!(e.map(|e| e.status), *status, "{symbol}");
        assert_eq!(e.and_then(|e| e.file.as_deref()), *file, "{symbol}");
    }
    let doc = corpus
        .get(&Symbol::parse("S/2099/4").unwrap(), Lang::En)
        .unwrap();
    assert_eq!(doc.content_type, "application/msword");
    assert_eq!(
        std::fs::read(dir.path().join("S_2099_4/en.doc")).unwrap(),
        word
    );
    assert_clean(dir.path());
}

#[tokio::test]
async fn robots_txt_disallow_is_obeyed() {
    let server = TestServer::start().await;
    server.route(
        "/robots.txt",
        vec![Reply::ok(
            "text/plain",
            "User-agent: *\nDisallow: /en/S/2025/71\nDisallow: /private/\n",
        )],
    );
    server.route("/en/S/2025/71", vec![Reply::pdf(corpus_pdf("S_2025_71"))]);
    server.route(
        "/en/S/2025/72",
        vec![Reply::redirect(302, "/private/n2502100.pdf")],
    );
    server.route(
        "/private/n2502100.pdf",
        vec![Reply::pdf(corpus_pdf("S_2025_72"))],
    );
    server.route("/en/S/2025/22", vec![Reply::pdf(corpus_pdf("S_2025_22"))]);
    let dir = tempfile::tempdir().unwrap();
    let summary = run(
        dir.path(),
        &["S/2025/71", "S/2025/72", "S/2025/22"],
        &options(&server.base()),
    )
    .await;
    assert_eq!((summary.fetched, summary.failed), (1, 2), "{summary:?}");
    assert!(summary.failures.iter().all(|f| f.2.contains("robots.txt")));
    let seen: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        seen.first().map(String::as_str),
        Some("/robots.txt"),
        "{seen:?}"
    );
    assert!(
        !seen
            .iter()
            .any(|p| p == "/en/S/2025/71" || p.starts_with("/private/")),
        "{seen:?}"
    );
    assert_eq!(entry_status(dir.path(), "S/2025/22"), Some(EntryStatus::Ok));
}

#[tokio::test]
async fn unreachable_robots_txt_disallows_everything() {
    let server = TestServer::start().await;
    server.route("/robots.txt", vec![Reply::status(503, "down")]);
    server.route("/en/S/2025/22", vec![Reply::pdf(corpus_pdf("S_2025_22"))]);
    let dir = tempfile::tempdir().unwrap();
    let summary = run(dir.path(), &["S/2025/22"], &options(&server.base())).await;
    assert_eq!((summary.fetched, summary.failed), (0, 1), "{summary:?}");
    assert!(server.requests_to("/en/S/2025/22").is_empty());
    assert_eq!(
        server.requests_to("/robots.txt").len(),
        3,
        "robots.txt retried, then given up"
    );
}

#[tokio::test]
async fn second_crawl_makes_no_full_downloads() {
    let server = TestServer::start().await;
    let docs = [
        ("S/2025/22", "S_2025_22"),
        ("S/2025/71", "S_2025_71"),
        ("S/2025/72", "S_2025_72"),
    ];
    for (i, (symbol, folder)) in docs.iter().enumerate() {
        let file = format!("/doc/undoc/gen/n25/{i}/pdf/n250{i}.pdf");
        server.route(&format!("/en/{symbol}"), vec![Reply::redirect(302, &file)]);
        let etag = format!("\"{}\"", &sha256(&corpus_pdf(folder))[..16]);
        let full = Reply::pdf(corpus_pdf(folder)).with_header("ETag", &etag);
        server.route(
            &file,
            vec![Reply::Conditional {
                etag,
                full: Box::new(full),
            }],
        );
    }
    // A document served without validators: the content hash keeps it from being rewritten.
    server.route("/en/S/2025/482", vec![Reply::pdf(corpus_pdf("S_2025_482"))]);
    let seeds = ["S/2025/22", "S/2025/71", "S/2025/72", "S/2025/482"];
    let dir = tempfile::tempdir().unwrap();
    let first = run(dir.path(), &seeds, &options(&server.base())).await;
    assert_eq!((first.fetched, first.unchanged), (4, 0), "{first:?}");
    let requests_in_first = server.requests().len();
    let modified = |p: &str| {
        std::fs::metadata(dir.path().join(p))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = modified("S_2025_482/en.pdf");

    let second = run(dir.path(), &seeds, &options(&server.base())).await;
    assert_eq!(
        (second.fetched, second.unchanged, second.failed),
        (0, 4, 0),
        "{second:?}"
    );
    let requests = server.requests();
    let full_in_second: Vec<&SeenRequest> = requests
        .iter()
        .skip(requests_in_first)
        .filter(|r| r.status == 200 && r.body_bytes > 0 && r.path != "/en/S/2025/482")
        .collect();
    assert!(
        full_in_second.is_empty(),
        "full downloads in the second crawl: {full_in_second:?}"
    );
    let not_modified = requests.iter().filter(|r| r.status == 304).count();
    assert_eq!(not_modified, 3);
    for r in requests.iter().filter(|r| r.status == 304) {
        assert!(r.headers.contains_key("if-none-match"), "{}", r.path);
    }
    assert_eq!(
        modified("S_2025_482/en.pdf"),
        before,
        "unchanged file rewritten"
    );
    assert_clean(dir.path());
}

#[tokio::test]
async fn uppercase_language_is_never_sent() {
    let server = TestServer::start().await;
    server.route(
        "/EN/S/RES/2395(2017)",
        vec![Reply::status(400, "Bad Request")],
    );
    server.route(
        "/en/S/RES/2395(2017)",
        vec![Reply::pdf(corpus_pdf("S_2025_22"))],
    );
    let dir = tempfile::tempdir().unwrap();
    let summary = run(dir.path(), &["s/res/2395 (2017)"], &options(&server.base())).await;
    assert_eq!((summary.fetched, summary.failed), (1, 0), "{summary:?}");
    assert!(server.requests_to("/EN/S/RES/2395(2017)").is_empty());
    assert_eq!(server.requests_to("/en/S/RES/2395(2017)").len(), 1);
    assert!(dir.path().join("S_RES_2395(2017)/en.pdf").is_file());
}

#[tokio::test]
async fn depth_follows_the_links_embedded_in_a_real_un_pdf() {
    let server = TestServer::start().await;
    server.route(
        "/en/A/RES/78/323",
        vec![Reply::pdf(corpus_pdf("A_RES_78_323"))],
    );
    // A cited document that exists and itself cites others (not followed at depth 1).
    server.route("/en/A/RES/70/1", vec![Reply::pdf(corpus_pdf("S_2025_22"))]);
    let dir = tempfile::tempdir().unwrap();

    let summary = run(dir.path(), &["A/RES/78/323"], &options(&server.base())).await;
    assert_eq!(summary.fetched, 1, "{summary:?}");
    assert_eq!(
        server.requests().len(),
        2,
        "depth 0 follows nothing (robots.txt + one document)"
    );

    let mut opts = options(&server.base());
    opts.depth = 1;
    let summary = run(dir.path(), &["A/RES/78/323"], &opts).await;
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    for cited in [
        "/en/A/55/18",
        "/en/A/RES/217(III)",
        "/en/A/RES/2200(XXI)",
        "/en/A/CONF.157/24",
        "/en/A/RES/70/1",
    ] {
        assert!(
            paths.iter().any(|p| p == cited),
            "{cited} not requested: {paths:?}"
        );
    }
    // S/2025/22 (served as A/RES/70/1) cites S/2015/939: depth 2 would ask for it.
    assert!(
        !paths.iter().any(|p| p == "/en/S/2015/939"),
        "followed past depth 1"
    );
    // Every other document cited (links and text) is asked once and missing from this server.
    let asked: std::collections::BTreeSet<&String> =
        paths.iter().filter(|p| p.starts_with("/en/")).collect();
    assert_eq!((summary.unchanged, summary.fetched), (1, 1), "{summary:?}");
    assert_eq!(
        summary.unavailable,
        asked.len() - 2,
        "{summary:?} {asked:?}"
    );
    assert!(summary.unavailable >= 9, "{asked:?}");
    // E/RES/1980/67 is cited in the text only (no link annotation): found by extract + cite.
    assert!(
        asked.contains(&"/en/E/RES/1980/67".to_string()),
        "{asked:?}"
    );
    assert_eq!(
        entry_status(dir.path(), "A/RES/217(III)"),
        Some(EntryStatus::Unavailable)
    );
    assert_clean(dir.path());
}

#[tokio::test]
async fn depth_follows_the_citations_in_a_chinese_html_document() {
    let server = TestServer::start().await;
    let text = std::fs::read_to_string(format!(
        "{}/corpus/S_2022_529/zh.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>S/2022/529</title></head><body><p>{}</p></body></html>",
        text.replace('\n', "</p>\n<p>")
    );
    server.route("/zh/S/2022/529", vec![Reply::html(&html)]);
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(&server.base());
    opts.langs = vec![Lang::Zh];
    opts.depth = 1;
    opts.fetch.min_delay = Duration::from_millis(5);
    let summary = run(dir.path(), &["S/2022/529"], &opts).await;
    assert_eq!(summary.fetched, 1, "{summary:?}");
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    for cited in [
        "/zh/S/RES/2395(2017)",
        "/zh/S/RES/1373(2001)",
        "/zh/S/RES/2462(2019)",
    ] {
        assert!(
            paths.iter().any(|p| p == cited),
            "{cited} not requested: {paths:?}"
        );
    }
    assert!(
        !paths.iter().any(|p| p.starts_with("/en/")),
        "only the languages asked for"
    );
    assert_eq!(
        paths.iter().filter(|p| *p == "/zh/S/2022/529").count(),
        1,
        "own symbol not followed"
    );
    let corpus = Corpus::open(dir.path()).unwrap();
    let e = corpus
        .get(&Symbol::parse("S/2022/529").unwrap(), Lang::Zh)
        .unwrap();
    assert_eq!(
        (e.status, e.file.as_deref()),
        (EntryStatus::Ok, Some("S_2022_529/zh.html"))
    );
    assert_clean(dir.path());
}

/// Finding 7 of issue #11: the crawler followed any redirect (private addresses, metadata
/// endpoints, https→http). Redirects and viewer pages leading off the UN hosts and the base
/// URL's origin are now refused, counted as failures, and nothing is fetched there.
#[tokio::test]
async fn redirects_off_the_un_hosts_and_the_base_origin_are_refused() {
    let undocs = TestServer::start().await;
    let elsewhere = TestServer::start().await;
    let pdf = corpus_pdf("S_2025_22");
    elsewhere.route("/stolen.pdf", vec![Reply::pdf(pdf.clone())]);
    let off_origin = format!("{}/stolen.pdf", elsewhere.base());
    undocs.route("/en/S/2025/22", vec![Reply::redirect(302, &off_origin)]);
    undocs.route(
        "/en/S/2025/23",
        vec![Reply::redirect(
            302,
            "http://169.254.169.254/latest/meta-data/",
        )],
    );
    undocs.route(
        "/en/S/2025/24",
        vec![Reply::html(&format!(
            "<html><body><iframe src=\"{off_origin}\"></iframe></body></html>"
        ))],
    );
    let dir = tempfile::tempdir().unwrap();
    let opts = options(&undocs.base());
    let summary = run(dir.path(), &["S/2025/22", "S/2025/23", "S/2025/24"], &opts).await;
    assert_eq!((summary.fetched, summary.failed), (0, 3), "{summary:?}");
    let reasons: Vec<&str> = summary.failures.iter().map(|f| f.2.as_str()).collect();
    assert!(
        reasons.iter().all(|r| r.contains("outside the UN hosts")),
        "{reasons:?}"
    );
    assert!(
        elsewhere.requests().is_empty(),
        "the crawler fetched from a host outside the policy"
    );
    assert_eq!(Corpus::open(dir.path()).unwrap().documents().count(), 0);
}
