//! Throughput of the citation grammar on real UN text, Chinese and English separately:
//! `Citer::cite` over the whole text of S/2022/529 (zh) and over the cr-unsc English resolution
//! texts of the corpus (en), against a baseline in the same run: the one-regex resolution
//! extractor research datasets use (`[0-9]{1,4}\s*\([0-9]{4}\)`, counting matches only).
//!
//! `cite_stream_20mb_{zh,en}`: what `undex cite` runs (`cite::cite_reader`, windows, character
//! offsets counted as it goes) on 20 MB of that real text (the corpus holds one Chinese text of
//! 93 KB and 2 MB of English text, so each is repeated to 20 MB); it must stay linear (issue #10:
//! it was quadratic, 42 s for 20 MB of Chinese) and at least 20 MB/s.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use undex::cite::Citer;

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}

fn chinese_text() -> String {
    std::fs::read_to_string(corpus().join("S_2022_529/zh.txt")).expect("corpus/S_2022_529/zh.txt")
}

/// The English resolution texts of the corpus (cr-unsc), concatenated: about 2 MB.
fn english_text() -> String {
    let mut names: Vec<_> = std::fs::read_dir(corpus())
        .expect("corpus/")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("S_RES_"))
        })
        .collect();
    names.sort();
    let mut text = String::new();
    for dir in names {
        if let Ok(t) = std::fs::read_to_string(dir.join("en.txt")) {
            text.push_str(&t);
            text.push_str("\n\n");
        }
    }
    text
}

fn bench_lang(c: &mut Criterion, lang: &str, text: &str) {
    let baseline = regex::Regex::new(r"[0-9]{1,4}\s*\([0-9]{4}\)").expect("regex");
    let mut group = c.benchmark_group(format!("cite_{lang}"));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("citer", |b| {
        b.iter(|| {
            let mut citer = Citer::new(None);
            black_box(citer.cite(black_box(text)).len())
        })
    });
    group.bench_function("baseline_one_regex", |b| {
        b.iter(|| black_box(baseline.find_iter(black_box(text)).count()))
    });
    group.finish();
}

/// Size of the streamed text (issue #10 measures `undex cite` on 20 MB).
const STREAM_BYTES: usize = 20_000_000;

fn repeated_to(text: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + text.len());
    while out.len() < bytes {
        out.push_str(text);
        out.push_str("\n\n");
    }
    out
}

fn bench_stream(c: &mut Criterion, lang: &str, text: &str) {
    let text = repeated_to(text, STREAM_BYTES);
    let mut group = c.benchmark_group(format!("cite_stream_20mb_{lang}"));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(6));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("cite_reader", |b| {
        b.iter(|| {
            let mut n = 0usize;
            undex::cite::cite_reader(black_box(text.as_bytes()), None, |c| {
                n += c.char_end - c.char_start;
                Ok(())
            })
            .expect("in-memory read");
            black_box(n)
        })
    });
    group.finish();
}

fn cite_throughput(c: &mut Criterion) {
    let (zh, en) = (chinese_text(), english_text());
    bench_lang(c, "zh", &zh);
    bench_lang(c, "en", &en);
    bench_stream(c, "zh", &zh);
    bench_stream(c, "en", &en);
}

criterion_group!(benches, cite_throughput);
criterion_main!(benches);
