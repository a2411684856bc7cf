//! Measures relevance on a judged query file: undex against a plain BM25 baseline on the same
//! paragraphs. `cargo run --release --example relevance -- tests/fixtures/relevance/dev.jsonl`
//! (options: `--corpus DIR`, `--index DIR`, `--misses` to list the queries undex misses at 5,
//! `--explain` to show where their judged paragraphs rank and their first five hits).

#[path = "../tests/relevance_eval/mod.rs"]
mod relevance_eval;

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut corpus, mut index, mut files, mut misses) = (
        PathBuf::from("corpus"),
        PathBuf::from("index"),
        Vec::new(),
        false,
    );
    let mut explain = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--corpus" => corpus = args.next().map(PathBuf::from).unwrap_or(corpus),
            "--index" => index = args.next().map(PathBuf::from).unwrap_or(index),
            "--misses" => misses = true,
            "--explain" => explain = true,
            _ => files.push(PathBuf::from(arg)),
        }
    }
    if files.is_empty() {
        eprintln!("usage: relevance [--corpus DIR] [--index DIR] [--misses] JUDGED.jsonl...");
        std::process::exit(2);
    }
    let engine = match undex::Engine::open(&corpus, &index) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("relevance: {e}");
            std::process::exit(4);
        }
    };
    let mut baseline = relevance_eval::Baseline::build(&engine);
    for file in files {
        let judged = relevance_eval::read_judged(&file);
        let report = relevance_eval::evaluate(&engine, &mut baseline, &judged);
        println!("## {} ({} queries)\n", file.display(), judged.len());
        println!("{}", relevance_eval::render(&report));
        if misses {
            for (id, query) in &report.misses {
                println!("miss@5 {id}: {query}");
                if explain && let Some(j) = judged.iter().find(|j| &j.id == id) {
                    println!("{}", relevance_eval::explain(&engine, j, 50));
                }
            }
        }
    }
}
