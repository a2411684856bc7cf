//! Extraction throughput (MB/s of input) on real UN documents: a few English PDFs of the
//! corpus and the Chinese seed text. Baseline in the same run: `pdf-extract`'s own plain-text
//! extraction of the same PDFs (what undex adds on top: layout lines, furniture, re-joining).
//! Also: language identification per document (`undex::extract::language`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;
use undex::Lang;
use undex::extract::extract;
use undex::extract::language::identify;

fn corpus(dir: &str, file: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(dir)
        .join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bench_extract(c: &mut Criterion) {
    let pdfs: Vec<Vec<u8>> = [
        "S_2025_22",
        "S_2025_496",
        "S_RES_2768(2025)",
        "A_RES_78_323",
    ]
    .iter()
    .map(|d| corpus(d, "en.pdf"))
    .collect();
    let pdf_bytes: usize = pdfs.iter().map(Vec::len).sum();
    let seed = corpus("S_2022_529", "zh.txt");

    let mut group = c.benchmark_group("extract");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Bytes(pdf_bytes as u64));
    group.bench_function("pdf/undex (4 PDFs)", |b| {
        b.iter(|| {
            for p in &pdfs {
                black_box(extract(black_box(p), Lang::En).ok());
            }
        })
    });
    group.bench_function("pdf/pdf-extract plain text baseline (4 PDFs)", |b| {
        b.iter(|| {
            for p in &pdfs {
                black_box(pdf_extract::extract_text_from_mem(black_box(p)).ok());
            }
        })
    });
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("text/zh seed S/2022/529", |b| {
        b.iter(|| black_box(extract(black_box(&seed), Lang::Zh).ok()))
    });
    // Language identification runs once per document on the first
    // `LANGUAGE_SAMPLE_CHARS` of its extracted text: measured per document.
    let texts: Vec<String> = pdfs
        .iter()
        .filter_map(|p| extract(p, Lang::En).ok().map(|e| e.text))
        .chain(extract(&seed, Lang::Zh).ok().map(|e| e.text))
        .collect();
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("language/identify (5 documents)", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(identify(black_box(t)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
