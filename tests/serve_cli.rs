//! `undex serve` as a user runs it: the real binary, its arguments and their defaults, a served
//! request on the chosen address, a clean stop with exit code 0 on SIGTERM (what `docker stop`
//! and systemd send), and exit code 2 with a one-sentence message for a bad `--cors-origin`, an
//! address already in use, or an invalid option value.

use crate::common::{stderr, stdout, temp_corpus, undex, undex_command};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use undex::model::Lang;

/// How long the server may take to build its index and answer (a fresh two-document index).
const STARTUP_DEADLINE: Duration = Duration::from_secs(60);
/// How long the server may take to drain and exit after SIGTERM.
const STOP_DEADLINE: Duration = Duration::from_secs(20);

fn corpus() -> tempfile::TempDir {
    temp_corpus(&[("S/RES/1454(2002)", Lang::En), ("S/2022/529", Lang::Zh)])
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits for the child to exit, killing it (and failing) past the deadline.
fn wait_with_deadline(child: &mut Child, deadline: Duration) -> ExitStatus {
    let until = Instant::now() + deadline;
    loop {
        if let Some(status) = child.try_wait().expect("wait for undex serve") {
            return status;
        }
        if Instant::now() > until {
            let _ = child.kill();
            panic!("undex serve did not exit within {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A blocking GET (status, body), `None` while the server is not listening yet.
fn http_get(url: &str) -> Option<(u16, String)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    runtime.block_on(async {
        let response = reqwest::get(url).await.ok()?;
        let status = response.status().as_u16();
        Some((status, response.text().await.ok()?))
    })
}

#[test]
fn serve_help_states_the_defaults() {
    let dir = corpus();
    let out = undex(dir.path(), &["serve", "--help"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let help = stdout(&out);
    for default in [
        "[default: 127.0.0.1:8080]",
        "--cors-origin",
        "--request-timeout-ms",
        "--max-concurrent",
        "--drain-ms",
        "--quiet",
    ] {
        assert!(help.contains(default), "help lacks {default:?}:\n{help}");
    }
}

#[test]
fn invalid_option_values_exit_2_with_a_message() {
    let dir = corpus();
    for bad in [
        &["serve", "--request-timeout-ms", "0"][..],
        &["serve", "--max-concurrent", "0"],
        &["serve", "--drain-ms", "soon"],
        &["serve", "--port", "80"],
    ] {
        let out = undex(dir.path(), bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("error"), "{bad:?}: {}", stderr(&out));
    }
}

#[test]
fn serve_answers_on_its_address_and_exits_0_on_sigterm() {
    let dir = corpus();
    let addr = format!("127.0.0.1:{}", free_port());
    let mut child = undex_command(
        dir.path(),
        &["serve", "--addr", &addr, "--quiet", "--drain-ms", "2000"],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .expect("start undex serve");

    let until = Instant::now() + STARTUP_DEADLINE;
    let search = loop {
        match http_get(&format!("http://{addr}/search?q=Iraq&limit=3")) {
            Some(answer) => break answer,
            None if Instant::now() < until => std::thread::sleep(Duration::from_millis(100)),
            None => {
                let _ = child.kill();
                panic!("undex serve did not answer on {addr}");
            }
        }
    };
    assert_eq!(search.0, 200, "{}", search.1);
    let json: serde_json::Value = serde_json::from_str(&search.1).expect("JSON answer");
    assert!(
        json["hits"].as_array().is_some_and(|h| !h.is_empty()),
        "{json}"
    );
    let bad = http_get(&format!("http://{addr}/search?q=Iraq&limit=0")).expect("answer");
    assert_eq!(bad.0, 400);
    assert!(bad.1.contains("\"bad_request\""), "{}", bad.1);

    let pid = child.id().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill -TERM");
    assert!(kill.success());
    let status = wait_with_deadline(&mut child, STOP_DEADLINE);
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert!(http_get(&format!("http://{addr}/health")).is_none());
}

#[test]
fn a_bad_origin_and_a_taken_address_exit_2_with_a_message() {
    let dir = corpus();
    let out = undex(
        dir.path(),
        &["serve", "--cors-origin", "example.org", "--quiet"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("example.org"), "{}", stderr(&out));

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let mut child = undex_command(dir.path(), &["serve", "--addr", &addr, "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start undex serve");
    let status = wait_with_deadline(&mut child, STARTUP_DEADLINE);
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(&addr), "the message names the address: {err}");
    drop(taken);
}
