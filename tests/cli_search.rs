//! End-to-end tests of `undex search`, `show` and `index`: the real binary on a temporary corpus
//! of real UN documents.

use crate::common;

use common::{stderr, stdout, temp_corpus, undex};
use serde_json::Value;
use undex::model::Lang;

fn small_corpus() -> tempfile::TempDir {
    temp_corpus(&[
        ("S/2022/529", Lang::Zh),
        ("S/RES/1(1946)", Lang::En),
        ("S/RES/748(1992)", Lang::En),
        ("S/RES/1454(2002)", Lang::En),
        ("S/2025/22", Lang::En),
    ])
}

#[test]
fn search_builds_the_index_then_finds_chinese_and_english() {
    let dir = small_corpus();
    let out = undex(
        dir.path(),
        &[
            "search",
            "外国恐怖主义作战人员回返和迁移",
            "--json",
            "--limit",
            "5",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("indexed"),
        "progress summary on stderr: {}",
        stderr(&out)
    );
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert!(v["total"].as_u64().unwrap() > 0);
    let hits = v["hits"].as_array().unwrap();
    assert!(
        hits.iter()
            .all(|h| h["symbol"] == "S/2022/529" && h["lang"] == "zh")
    );
    assert!(hits[0]["snippet"].as_str().unwrap().contains("<mark>"));
    for key in ["query", "total", "took_ms", "hits"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    for key in [
        "symbol",
        "lang",
        "title",
        "part",
        "paragraph",
        "seq",
        "score",
        "snippet",
        "citations",
    ] {
        assert!(hits[0].get(key).is_some(), "hit.{key}");
    }

    let out = undex(
        dir.path(),
        &[
            "search",
            "Military Staff Committee",
            "--lang",
            "en",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("indexed"),
        "no rebuild when fresh: {}",
        stderr(&out)
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["hits"][0]["symbol"], "S/RES/1(1946)");
}

#[test]
fn filters_and_paging() {
    let dir = small_corpus();
    let all = undex(
        dir.path(),
        &["search", "terrorism", "--json", "--limit", "50"],
    );
    assert!(all.status.success(), "{}", stderr(&all));
    let v: Value = serde_json::from_str(&stdout(&all)).unwrap();
    let total = v["total"].as_u64().unwrap();
    assert!(total >= 3);
    let only = undex(
        dir.path(),
        &[
            "search",
            "terrorism",
            "--symbol",
            "s/res/",
            "--json",
            "--limit",
            "50",
        ],
    );
    let w: Value = serde_json::from_str(&stdout(&only)).unwrap();
    assert!(
        w["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["symbol"].as_str().unwrap().starts_with("S/RES/"))
    );
    assert!(w["total"].as_u64().unwrap() < total);
    let years = undex(
        dir.path(),
        &[
            "search",
            "terrorism",
            "--year",
            "1992",
            "--json",
            "--limit",
            "50",
        ],
    );
    let y: Value = serde_json::from_str(&stdout(&years)).unwrap();
    assert!(
        y["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["symbol"] == "S/RES/748(1992)"),
        "{y}"
    );
    let page2 = undex(
        dir.path(),
        &[
            "search",
            "terrorism",
            "--json",
            "--limit",
            "2",
            "--offset",
            "2",
        ],
    );
    let p: Value = serde_json::from_str(&stdout(&page2)).unwrap();
    assert_eq!(p["hits"][0]["symbol"], v["hits"][2]["symbol"]);
    assert_eq!(p["hits"][0]["seq"], v["hits"][2]["seq"]);
}

#[test]
fn bad_input_is_one_clear_sentence_and_exit_2() {
    let dir = small_corpus();
    let table: &[(&[&str], &str)] = &[
        (&["search", "\"unclosed"], "unclosed quote"),
        (&["search", "x", "--year", "20x1"], "year"),
        (&["search", "x", "--limit", "0"], "limit"),
        (&["search", "x", "--lang", "fr"], "fr"),
        (&["show", "not a symbol"], "symbol"),
    ];
    for (args, needle) in table {
        let out = undex(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
    }
}

#[test]
fn show_prints_a_document_or_one_paragraph() {
    let dir = small_corpus();
    let out = undex(
        dir.path(),
        &["show", "S/RES/748(1992)", "--para", "1", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["symbol"], "S/RES/748(1992)");
    let paras = v["paragraphs"].as_array().unwrap();
    assert_eq!(paras.len(), 1);
    assert_eq!(paras[0]["paragraph"], "1");
    assert!(
        paras[0]["text"]
            .as_str()
            .unwrap()
            .contains("Libyan Government must now comply"),
        "{v}"
    );

    let unknown = undex(dir.path(), &["show", "S/RES/9999(2030)"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("undex crawl"),
        "{}",
        stderr(&unknown)
    );
    let no_para = undex(dir.path(), &["show", "S/RES/748(1992)", "--para", "99"]);
    assert_eq!(no_para.status.code(), Some(1));
}

#[test]
fn index_is_incremental_and_empty_corpus_is_a_clear_error() {
    let dir = small_corpus();
    let first = undex(dir.path(), &["index"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let again = undex(dir.path(), &["index"]);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("re-indexed 0 documents"),
        "{}",
        stderr(&again)
    );
    assert!(stderr(&again).contains("unchanged 5"), "{}", stderr(&again));

    let empty = tempfile::tempdir().unwrap();
    let out = undex(empty.path(), &["search", "terrorism"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no corpus"), "{}", stderr(&out));
}

/// An index whose recorded metadata is current but whose tantivy fields are not this build's
/// (a development build between two schema changes leaves one) is rebuilt on the next search,
/// not refused with a schema error.
#[test]
fn an_index_with_other_fields_is_rebuilt_not_refused() {
    let dir = temp_corpus(&[("S/RES/1(1946)", Lang::En)]);
    let out = undex(dir.path(), &["index"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The same commit payload (undex's metadata) over an index of another schema.
    let meta: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("index/meta.json")).expect("meta.json"),
    )
    .expect("json");
    let payload = meta["payload"].as_str().expect("a payload").to_string();
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).expect("dir");
    let mut schema = tantivy::schema::Schema::builder();
    let symbol = schema.add_text_field("symbol", tantivy::schema::STRING);
    let index = tantivy::Index::create_in_dir(&other, schema.build()).expect("create");
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("writer");
    writer
        .add_document(tantivy::doc!(symbol => "S/RES/1(1946)"))
        .expect("add");
    let mut prepared = writer.prepare_commit().expect("prepare");
    prepared.set_payload(&payload);
    prepared.commit().expect("commit");
    drop(writer);
    std::fs::remove_dir_all(dir.path().join("index")).expect("remove");
    std::fs::rename(&other, dir.path().join("index")).expect("rename");

    let out = undex(
        dir.path(),
        &["search", "Military Staff Committee", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("indexed"),
        "rebuilt: {}",
        stderr(&out)
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["hits"][0]["symbol"], "S/RES/1(1946)");
}
