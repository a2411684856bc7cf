//! End-to-end tests of `undex cite`, `resolve` and `cited-by`: the real binary on a temporary
//! corpus of real UN documents.

use crate::common;

use common::{stderr, stdout, temp_corpus, undex};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};
use undex::model::Lang;

fn corpus() -> tempfile::TempDir {
    temp_corpus(&[
        ("S/2022/529", Lang::Zh),
        ("S/RES/1454(2002)", Lang::En),
        ("S/RES/661(1990)", Lang::En),
        ("S/2025/22", Lang::En),
    ])
}

#[test]
fn cited_by_lists_the_citing_paragraphs() {
    let dir = corpus();
    let out = undex(
        dir.path(),
        &["cited-by", "第 2395(2017)号决议第 17 段", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["target"]["symbol"], "S/RES/2395(2017)");
    assert_eq!(v["target"]["paragraphs"], serde_json::json!(["17"]));
    let hits = v["hits"].as_array().unwrap();
    let addrs: Vec<(String, String)> = hits
        .iter()
        .map(|h| {
            (
                h["part"].as_str().unwrap_or("").to_string(),
                h["paragraph"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for want in ["25", "70"] {
        assert!(
            addrs.contains(&("annex-1".into(), want.into())),
            "{addrs:?}"
        );
    }
    assert!(
        hits[0]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>第 2395(2017)号决议第 17 段</mark>"),
        "{}",
        hits[0]["snippet"]
    );

    // A whole document: every paragraph citing resolution 661 (1990), in English and Chinese.
    let out = undex(
        dir.path(),
        &["cited-by", "S/RES/661(1990)", "--json", "--limit", "100"],
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["symbol"] == "S/RES/1454(2002)"),
        "{v}"
    );
}

#[test]
fn resolve_returns_the_cited_text_or_the_crawl_hint() {
    let dir = corpus();
    let out = undex(
        dir.path(),
        &["resolve", "paragraph 2 of resolution 1454 (2002)", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let c = &v["citations"][0];
    assert_eq!(c["symbol"], "S/RES/1454(2002)");
    assert_eq!(c["in_corpus"], true);
    assert_eq!(c["found"][0]["paragraph"], "2");
    assert!(
        c["found"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Decides to conduct a thorough review"),
        "{c}"
    );

    let out = undex(
        dir.path(),
        &["resolve", "第 2395(2017)号决议第 17 段", "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "nothing found is exit 1");
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let c = &v["citations"][0];
    assert_eq!(c["in_corpus"], false);
    assert_eq!(c["missing"], serde_json::json!(["17"]));
    assert_eq!(c["hint"], "undex crawl S/RES/2395(2017)");

    // A paragraph of the Chinese report itself, addressed by part.
    let out = undex(dir.path(), &["resolve", "S/2022/529 para 49", "--json"]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        v["citations"][0]["found"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["text"].as_str().unwrap().contains("生物鉴别技术")),
        "{v}"
    );

    let bad = undex(dir.path(), &["resolve", "hello world"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}

#[test]
fn cite_reads_stdin_text_and_pdf_files() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_undex"))
        .args(["cite", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("报告根据安全理事会第 2395(2017)号决议第 17 段提交".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{"symbol": "S/RES/2395(2017)", "paragraphs": ["17"], "part": null,
            "raw": "第 2395(2017)号决议第 17 段", "start": 9, "end": 30, "antecedent": null}])
    );

    let pdf = common::bundled_corpus().join("S_2025_22/en.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_undex"))
        .args(["cite", "--json"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let symbols: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["symbol"].as_str().unwrap())
        .collect();
    assert!(symbols.contains(&"S/RES/1373(2001)"), "{symbols:?}");
    assert!(
        !symbols.contains(&"S/2025/22"),
        "a document's own symbol is not a citation"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_undex"))
        .args(["cite"])
        .arg("/nonexistent/file.pdf")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
