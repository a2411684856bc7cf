//! The undex slot of the peers harness (`benches/peers/run.py`, `benches/peers/scale.py`): times
//! undex's own library search in process over the harness's `queries.jsonl` and writes
//! `{"counts": {qid: total}, "lat_us": {qid: [µs, …]}, "reps": n}` to OUT.
//!
//! ```text
//! cargo build --release --example peers_slot
//! target/release/examples/peers_slot QUERIES CORPUS INDEX OUT [WARM_S] [BUDGET_S] [snippets|ids|dump]
//! ```
//! `snippets` (default) times `Engine::search`: parse, plan, top 10 by BM25, the total, stored
//! fields and snippets of the 10 hits. `ids` times the same query up to the ranked document ids
//! and the total (`undex::query::search::top_docs`), without loading stored fields. `dump` writes
//! each query's whole answer as a JSON line instead of timing (to compare two builds' answers).
//! Queries are routed as the harness asks: zh and mixed queries search Chinese paragraphs, en
//! queries English ones; clauses are ANDed and a clause of several jieba tokens is a phrase.
//! A line with a `query` field is taken as an undex request as written (see `raw_request`).

use std::time::{Duration, Instant};
use undex::engine::OpenOptions;
use undex::index::IndexSchema;
use undex::{Engine, Lang, SearchRequest};

/// Fewest timed passes over the query set, whatever the budget.
const MIN_REPS: usize = 3;
/// Most timed passes (the harness's own engines stop at 20 too).
const MAX_REPS: usize = 20;

fn usage() -> ! {
    eprintln!(
        "usage: peers_slot QUERIES CORPUS INDEX OUT [WARM_S] [BUDGET_S] [snippets|ids|dump]\n(see benches/peers/README.md)"
    );
    std::process::exit(2)
}

/// A query line given as an undex request (`{"id", "query", "lang"?, "symbol"?, "year_from"?,
/// "year_to"?, "limit"?, "offset"?}`, `lang` a filter), for comparing two builds' answers on
/// queries that are not the harness's (the relevance sets, `benches/queries.tsv`).
fn raw_request(q: &serde_json::Value) -> Option<SearchRequest> {
    let mut r = SearchRequest::new(q["query"].as_str()?);
    r.lang = q["lang"].as_str().and_then(|l| l.parse().ok());
    r.symbol_prefix = q["symbol"].as_str().map(str::to_string);
    r.year_from = q["year_from"].as_u64().map(|y| y as u32);
    r.year_to = q["year_to"].as_u64().map(|y| y as u32);
    r.limit = q["limit"].as_u64().map_or(10, |n| n as usize);
    r.offset = q["offset"].as_u64().map_or(0, |n| n as usize);
    Some(r)
}

/// One harness query as an undex request: clauses ANDed, a multi-token clause quoted.
fn request(line: &str) -> Option<(String, SearchRequest)> {
    let q: serde_json::Value = serde_json::from_str(line).ok()?;
    let id = q["id"].as_str()?.to_string();
    if q.get("query").is_some() {
        return raw_request(&q).map(|r| (id, r));
    }
    let lang = if q["lang"].as_str() == Some("en") {
        Lang::En
    } else {
        Lang::Zh
    };
    let clauses = q["clauses"].as_array()?;
    let seg = q["seg"].as_array()?;
    let parts: Vec<String> = clauses
        .iter()
        .zip(seg)
        .filter_map(|(c, s)| {
            let c = c.as_str()?;
            let ntok = s
                .as_str()
                .map(|t| t.split_whitespace().count())
                .or_else(|| s.as_array().map(|v| v.len()))
                .unwrap_or(1);
            Some(if ntok > 1 {
                format!("\"{c}\"")
            } else {
                c.to_string()
            })
        })
        .collect();
    let mut r = SearchRequest::new(parts.join(" "));
    r.lang = Some(lang);
    r.limit = 10;
    Some((id, r))
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 5 {
        usage();
    }
    let (queries, corpus, index, out) = (&a[1], &a[2], &a[3], &a[4]);
    let warm_s: f64 = a.get(5).and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let budget_s: f64 = a.get(6).and_then(|s| s.parse().ok()).unwrap_or(8.0);
    let (ids_only, dump) = match a.get(7).map(String::as_str) {
        None | Some("snippets") => (false, false),
        Some("ids") => (true, false),
        Some("dump") => (false, true),
        Some(_) => usage(),
    };
    let opts = OpenOptions {
        build_if_stale: false,
        progress: None,
    };
    let engine = match Engine::open_with(corpus, index, opts) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("peers_slot: {e}");
            std::process::exit(1)
        }
    };
    let reader = match engine.tantivy_index().reader() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("peers_slot: {e}");
            std::process::exit(1)
        }
    };
    let fields = match IndexSchema::from_schema(&engine.tantivy_index().schema()) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("peers_slot: {e}");
            std::process::exit(1)
        }
    };
    let text = std::fs::read_to_string(queries).unwrap_or_else(|e| {
        eprintln!("peers_slot: cannot read {queries}: {e}");
        std::process::exit(1)
    });
    let reqs: Vec<(String, SearchRequest)> = text.lines().filter_map(request).collect();
    let searcher = reader.searcher();
    if dump {
        let mut lines = String::new();
        for (id, r) in &reqs {
            let answer = match engine.search(r) {
                Ok(mut x) => {
                    x.took_ms = 0;
                    serde_json::to_value(&x).unwrap_or_default()
                }
                Err(e) => serde_json::json!({ "error": e.to_string() }),
            };
            lines.push_str(&serde_json::json!({ "id": id, "answer": answer }).to_string());
            lines.push('\n');
        }
        if let Err(e) = std::fs::write(out, lines) {
            eprintln!("peers_slot: cannot write {out}: {e}");
            std::process::exit(1)
        }
        return;
    }
    // usize::MAX marks a failed query in the counts (the harness shows it as a mismatch).
    let run = |r: &SearchRequest| -> usize {
        if ids_only {
            undex::query::search::top_docs(&searcher, &fields, r)
                .map(|(_, total)| total.count)
                .unwrap_or(usize::MAX)
        } else {
            engine.search(r).map(|x| x.total).unwrap_or(usize::MAX)
        }
    };
    let t0 = Instant::now();
    loop {
        for (_, r) in &reqs {
            std::hint::black_box(run(r));
        }
        if t0.elapsed() >= Duration::from_secs_f64(warm_s) {
            break;
        }
    }
    let mut lat: Vec<Vec<f64>> = vec![Vec::new(); reqs.len()];
    let mut counts = serde_json::Map::new();
    let (t1, mut reps) = (Instant::now(), 0);
    while reps < MIN_REPS || (t1.elapsed() < Duration::from_secs_f64(budget_s) && reps < MAX_REPS) {
        for (i, (id, r)) in reqs.iter().enumerate() {
            let t = Instant::now();
            let n = run(r);
            lat[i].push(t.elapsed().as_secs_f64() * 1e6);
            counts.insert(id.clone(), serde_json::json!(n));
        }
        reps += 1;
    }
    let lat_us: serde_json::Map<String, serde_json::Value> = reqs
        .iter()
        .zip(lat)
        .map(|((id, _), l)| (id.clone(), serde_json::json!(l)))
        .collect();
    let body = serde_json::json!({"counts": counts, "lat_us": lat_us, "reps": reps});
    if let Err(e) = std::fs::write(out, body.to_string()) {
        eprintln!("peers_slot: cannot write {out}: {e}");
        std::process::exit(1)
    }
}
