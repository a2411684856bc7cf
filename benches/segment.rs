//! Throughput of `segment` (MB/s of clean text) on real UN text: the Chinese seed S/2022/529
//! and the English cr-unsc resolutions, against a baseline that only splits and copies lines
//! (the least any segmenter must do), measured in the same run.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use undex::model::{Lang, Symbol};
use undex::segment::segment;

/// One block per line from the raw seed (wrapped lines joined, link lists dropped): the same
/// shape `extract` produces, rebuilt here so the bench does not measure extraction.
fn seed_blocks() -> String {
    let raw = std::fs::read_to_string("corpus/S_2022_529/zh.txt").expect("seed text");
    let mut blocks: Vec<String> = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("http") {
            continue;
        }
        let ends = |b: &String| b.ends_with(['。', '；', '：']) || b.chars().count() < 30;
        match blocks.last_mut() {
            Some(last) if !ends(last) => last.push_str(line),
            _ => blocks.push(line.to_string()),
        }
    }
    blocks.join("\n")
}

/// The first `count` cr-unsc resolutions, one block per line, with their symbols.
fn resolutions(count: usize) -> Vec<(Symbol, String)> {
    let mut dirs: Vec<String> = std::fs::read_dir("corpus")
        .expect("corpus")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|d| {
            d.starts_with("S_RES_") && std::path::Path::new(&format!("corpus/{d}/en.txt")).exists()
        })
        .collect();
    dirs.sort();
    dirs.into_iter()
        .take(count)
        .filter_map(|d| {
            let raw = std::fs::read_to_string(format!("corpus/{d}/en.txt")).ok()?;
            let text: Vec<String> = raw
                .split("\n\n")
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            Some((Symbol::from_dir_name(&d).ok()?, text.join("\n")))
        })
        .collect()
}

fn split_lines_baseline(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn bench_segment(c: &mut Criterion) {
    let seed = seed_blocks();
    let seed_symbol = Symbol::parse("S/2022/529").expect("symbol");
    let mut group = c.benchmark_group("segment");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));

    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("zh S/2022/529", |b| {
        b.iter(|| segment(black_box(&seed), &seed_symbol, Lang::Zh))
    });
    group.bench_function("zh S/2022/529 baseline: split lines", |b| {
        b.iter(|| split_lines_baseline(black_box(&seed)))
    });

    let english = resolutions(100);
    let bytes: usize = english.iter().map(|(_, t)| t.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("en 100 cr-unsc resolutions", |b| {
        b.iter(|| {
            for (symbol, text) in &english {
                black_box(segment(text, symbol, Lang::En));
            }
        })
    });
    group.bench_function("en 100 cr-unsc resolutions baseline: split lines", |b| {
        b.iter(|| {
            for (_, text) in &english {
                black_box(split_lines_baseline(text));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_segment);
criterion_main!(benches);
