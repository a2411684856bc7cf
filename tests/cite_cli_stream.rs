//! `undex cite` as a whole command (the real binary), issue #10: it streams its input in
//! windows and counts character offsets once, and must give exactly what one pass of the
//! grammar over the whole text gives; anaphora say what they were resolved to; traditional
//! characters are read with offsets on the original text.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};
use undex::cite::Citer;

fn cite(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_undex"))
        .arg("cite")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run undex");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
}

fn json(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .expect("JSON")
        .as_array()
        .expect("array")
        .clone()
}

#[test]
fn anaphora_say_what_they_resolved_to() {
    let text = "根据第 2396(2017)号决议开展工作。該決議第 5 段要求。\n\
                Recalling resolution 2178 (2014), and paragraph 3 of that resolution.";
    let got = json(&cite(&["--json"], text.as_bytes()));
    let rows: Vec<(String, Vec<String>, String, Value)> = got
        .iter()
        .map(|c| {
            (
                c["symbol"].as_str().unwrap().to_string(),
                c["paragraphs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap().to_string())
                    .collect(),
                c["raw"].as_str().unwrap().to_string(),
                c["antecedent"].clone(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(rows[1].0, "S/RES/2396(2017)");
    assert_eq!(rows[1].1, ["5"]);
    // Traditional characters: `raw` is the original text.
    assert_eq!(rows[1].2, "該決議第 5 段");
    assert_eq!(rows[1].3, "第 2396(2017)号决议");
    assert_eq!(rows[0].3, Value::Null);
    assert_eq!(rows[3].0, "S/RES/2178(2014)");
    assert_eq!(rows[3].1, ["3"]);
    assert_eq!(rows[3].3, "resolution 2178 (2014)");
    // Offsets are characters of the input.
    for c in &got {
        let (s, e) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        let raw: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(raw, c["raw"].as_str().unwrap());
    }
    // The text form shows the antecedent too.
    let out = cite(&[], text.as_bytes());
    let lines = String::from_utf8(out.stdout).unwrap();
    assert!(
        lines.contains("該決議第 5 段\t(= 第 2396(2017)号决议)"),
        "{lines}"
    );
}

/// Regression (issue #10): offsets were recounted from the start for each citation, so `cite`
/// was quadratic. The streamed result over several windows equals one pass over the whole text.
#[test]
fn streamed_windows_equal_one_pass_on_real_text() {
    let one = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/S_2022_529/zh.txt"
    ))
    .expect("corpus text");
    let en = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cite/S_2025_22.en.txt"
    ))
    .expect("fixture text");
    // About 3 MB: several 1 MiB windows, citations across their edges.
    let mut text = String::new();
    while text.len() < 3_000_000 {
        text.push_str(&one);
        text.push_str(&en);
    }
    let got = json(&cite(&["--json"], text.as_bytes()));
    // `cite` takes the own symbol from the masthead (this text has none at its top).
    let own = undex::cite::masthead_symbol(&text);
    assert_eq!(own, None);
    let mut citer = Citer::new(own);
    let want = citer.cite(&text);
    assert_eq!(got.len(), want.len());
    let mut chars_before = vec![0usize; text.len() + 1];
    let mut n = 0;
    for (i, b) in text.bytes().enumerate() {
        chars_before[i] = n;
        if (b & 0xC0) != 0x80 {
            n += 1;
        }
        chars_before[i + 1] = n;
    }
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g["symbol"], w.symbol.as_str());
        assert_eq!(g["raw"], w.raw.as_str());
        assert_eq!(g["start"], chars_before[w.span.start]);
        assert_eq!(g["end"], chars_before[w.span.end]);
    }
}

#[test]
fn invalid_utf8_later_in_the_stream_is_bad_input() {
    let mut data = "resolution 2178 (2014)\n".repeat(10_000).into_bytes();
    data.extend_from_slice(b"\xff\xfe broken");
    let out = cite(&[], &data);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not UTF-8"), "{err}");
    let empty = json(&cite(&["--json"], b"no citations here"));
    assert!(empty.is_empty());
}
