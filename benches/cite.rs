//! Throughput of the citation grammar on real UN text, Chinese and English separately:
//! `Citer::cite` over the whole text of S/2022/529 (zh) and over the cr-unsc English resolution
//! texts of the corpus (en), against a baseline in the same run: the one-regex resolution
//! extractor research datasets use (`[0-9]{1,4}\s*\([0-9]{4}\)`, counting matches only).

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

fn cite_throughput(c: &mut Criterion) {
    bench_lang(c, "zh", &chinese_text());
    bench_lang(c, "en", &english_text());
}

criterion_group!(benches, cite_throughput);
criterion_main!(benches);
