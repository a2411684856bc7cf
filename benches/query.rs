//! Warm query latency on the bundled corpus over a fixed set of ≥ 50 real zh/en queries (words,
//! phrases, citations, filtered). Prints p50/p99 over the whole set (the target:
//! p50 ≤ 1 ms, p99 ≤ 10 ms) and lets criterion measure a few representative queries.
//!
//! Run: `cargo bench --bench query` (builds `index/` from `corpus/` first when stale).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};
use undex::{Engine, SearchRequest};

fn requests() -> Vec<SearchRequest> {
    let text = include_str!("queries.tsv");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let mut r = SearchRequest::new(cols[0]);
            r.lang = cols
                .get(1)
                .filter(|s| !s.is_empty())
                .and_then(|s| s.parse().ok());
            r.symbol_prefix = cols.get(2).filter(|s| !s.is_empty()).map(|s| s.to_string());
            if let Some(y) = cols.get(3).filter(|s| !s.is_empty()) {
                let (a, b) = y.split_once("..").unwrap_or((y, y));
                r.year_from = a.parse().ok();
                r.year_to = b.parse().ok();
            }
            r
        })
        .collect()
}

fn engine() -> Engine {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Engine::open(root.join("corpus"), root.join("index")).expect("engine")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn bench(c: &mut Criterion) {
    let engine = engine();
    let reqs = requests();
    assert!(reqs.len() >= 50, "the query set has {} queries", reqs.len());
    // Warm up: every query once (loads jieba, touches the index pages).
    for r in &reqs {
        black_box(engine.search(r).expect("query"));
    }
    let mut lat = Vec::new();
    for _ in 0..20 {
        for r in &reqs {
            let t = Instant::now();
            black_box(engine.search(r).expect("query"));
            lat.push(t.elapsed());
        }
    }
    lat.sort();
    println!(
        "query set: {} queries x 20 rounds: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        reqs.len(),
        percentile(&lat, 0.50).as_secs_f64() * 1e3,
        percentile(&lat, 0.90).as_secs_f64() * 1e3,
        percentile(&lat, 0.99).as_secs_f64() * 1e3,
        lat.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    let mut g = c.benchmark_group("query");
    g.sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for (name, q) in [
        ("zh_words", "外国恐怖主义作战人员回返和迁移"),
        ("zh_inner_word", "鉴别技术"),
        ("zh_citation", "第 2395(2017)号决议第 17 段"),
        ("en_words", "Algeria Guiding Principles"),
        ("en_phrase", "\"new financial technologies\""),
    ] {
        let r = SearchRequest::new(q);
        g.bench_function(name, |b| {
            b.iter(|| black_box(engine.search(&r).expect("query")))
        });
    }
    g.bench_function("all_queries_once", |b| {
        b.iter(|| {
            for r in &reqs {
                black_box(engine.search(r).expect("query"));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
