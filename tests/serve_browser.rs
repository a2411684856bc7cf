//! The search page at `/` in a real headless Chromium against the real server on 127.0.0.1:
//! the page runs the search in its URL and renders highlighted hits; clicking a citation shows
//! the cited paragraph inline (or the crawl hint when it is not in the corpus).
//! Skipped, with a message, when /usr/bin/chromium (Debian package `chromium`) or
//! /usr/bin/chromedriver (`chromium-driver`) is absent, unless `UNDEX_REQUIRE_CHROMIUM=1` (set
//! by `.ci/run`, which installs them): then a missing browser fails the test.

use crate::serve_common;

use serde_json::{Value, json};
use serve_common::enc;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The flags this machine needs (see the environment notes): no sandbox as root, and no
/// background networking, which the closed network would refuse.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// Set to 1 where the browser must be there: a missing one then fails the test. CI (env `CI`
/// set, as `.ci/run` runs) requires it too.
const REQUIRE_CHROMIUM: &str = "UNDEX_REQUIRE_CHROMIUM";

fn chromium_missing(what: &str, path: &str) -> bool {
    if Path::new(path).exists() {
        return false;
    }
    let message = format!("{what}: {path} is absent (apt-get install chromium chromium-driver)");
    let required = std::env::var(REQUIRE_CHROMIUM).as_deref() == Ok("1")
        || std::env::var("CI").is_ok_and(|v| !v.is_empty());
    assert!(
        !required,
        "{message}, and CI / {REQUIRE_CHROMIUM}=1 requires it"
    );
    eprintln!("serve_browser did not run on this machine: {message}");
    true
}

async fn start_server() -> (SocketAddr, oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(undex::serve::run::serve(
        listener,
        serve_common::app(),
        async move {
            let _ = stopped.await;
        },
        Duration::from_secs(2),
    ));
    (addr, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_renders_highlighted_hits_from_its_url() {
    if chromium_missing("the_page_renders_highlighted_hits_from_its_url", CHROMIUM) {
        return;
    }
    let (addr, stop) = start_server().await;
    let url = format!("http://{addr}/?q={}&lang=zh", enc("外国恐怖主义作战人员"));
    let profile = tempfile::tempdir().unwrap();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(CHROMIUM)
            .args(CHROMIUM_FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--virtual-time-budget=10000")
            .arg("--dump-dom")
            .arg(url)
            .stdin(Stdio::null())
            .output()
    })
    .await
    .unwrap()
    .expect("chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        dom.contains("<li class=\"hit\">"),
        "no rendered hit in the DOM:\n{dom}"
    );
    assert!(dom.contains("<mark>"), "no highlight in the DOM");
    assert!(dom.contains("S/2022/529"), "hit symbol missing");
    assert!(dom.contains("paragraphs match"), "status line missing");
    let _ = stop.send(());
}

/// A minimal WebDriver client over chromedriver's HTTP API.
struct Driver {
    child: Child,
    base: String,
    session: String,
    http: reqwest::Client,
}

impl Driver {
    async fn start(profile: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not come up");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}
        }}});
        let created: Value = http
            .post(format!("{base}/session"))
            .header("content-type", "application/json")
            .body(capabilities.to_string())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .map(|b| serde_json::from_slice(&b).unwrap())
            .unwrap();
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_string();
        Driver {
            child,
            base,
            session,
            http,
        }
    }

    async fn call(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let bytes = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let answer: Value = serde_json::from_slice(&bytes).unwrap();
        answer["value"].clone()
    }

    async fn script(&self, script: &str) -> Value {
        self.call("execute/sync", json!({"script": script, "args": []}))
            .await
    }

    /// Polls `script` until it returns a non-empty string.
    async fn wait_for_text(&self, script: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(text) = self.script(script).await.as_str().filter(|t| !t.is_empty()) {
                return text.to_string();
            }
            assert!(Instant::now() < deadline, "timed out waiting for: {script}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn quit(mut self) {
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.base, self.session))
            .send()
            .await;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clicking_a_citation_shows_the_cited_paragraph_or_the_crawl_hint() {
    if chromium_missing("clicking_a_citation_…", CHROMIUM)
        || chromium_missing("clicking_a_citation_…", CHROMEDRIVER)
    {
        return;
    }
    let (addr, stop) = start_server().await;
    let profile = tempfile::tempdir().unwrap();
    let driver = Driver::start(profile.path()).await;

    // S/RES/1454(2002) cites paragraph 24 of resolution 687 (1991), which is in the corpus.
    let url = format!("http://{addr}/?q={}&lang=en", enc("military commodities"));
    driver.call("url", json!({"url": url})).await;
    driver
        .wait_for_text("var a = document.querySelector('a.cite[data-symbol=\"S/RES/687(1991)\"]'); return a ? a.textContent : '';")
        .await;
    driver
        .script(
            "document.querySelector('a.cite[data-symbol=\"S/RES/687(1991)\"]').click(); return '';",
        )
        .await;
    let resolved = driver
        .wait_for_text("var r = document.querySelector('.resolved'); return r && !r.textContent.startsWith('Resolving') ? r.textContent : '';")
        .await;
    assert!(resolved.contains("S/RES/687(1991)"), "{resolved}");
    assert!(
        resolved.contains("Iraq"),
        "the cited paragraph text is shown: {resolved}"
    );

    // S/2022/529 cites resolution 2395 (2017), which is not in the corpus.
    let url = format!("http://{addr}/?q={}&lang=zh", enc("第 2395(2017)号决议"));
    driver.call("url", json!({"url": url})).await;
    driver
        .wait_for_text("var a = document.querySelector('a.cite[data-symbol=\"S/RES/2395(2017)\"]'); return a ? a.textContent : '';")
        .await;
    driver
        .script("document.querySelector('a.cite[data-symbol=\"S/RES/2395(2017)\"]').click(); return '';")
        .await;
    let hint = driver
        .wait_for_text("var r = document.querySelector('.resolved'); return r && !r.textContent.startsWith('Resolving') ? r.textContent : '';")
        .await;
    assert!(
        hint.contains("not in corpus: undex crawl S/RES/2395(2017)"),
        "{hint}"
    );

    driver.quit().await;
    let _ = stop.send(());
}
