//! Throughput of the analyzers on real UN text, against bare jieba-rs in the same run.
//!
//! Inputs: `corpus/S_2022_529/zh.txt` (one whole Chinese document), the 4000 Chinese sentences
//! of the UNPC v1.0 test set (`tests/fixtures/unpc/UNv1.0.testset.zh`, with the
//! third party's word-separating spaces removed, see `unsegment`) analysed one sentence at a
//! time as the indexer analyses one paragraph at a time, and the 4000 English sentences.
//!
//! Baselines: `jieba.cut(text, hmm)` consuming every word; the target is the word analyzer at
//! ≥ 0.8× of it. Besides criterion's report, the bench prints interleaved medians (baseline and
//! analyzer timed alternately, first one then the other, so machine noise hits both) with the
//! ratio, and the cold `Jieba::new()` time (the first call also decompresses the embedded
//! dictionary).
//!
//! Run: `cargo bench --bench analyze -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use undex::index::analyzers::{self, Analyzer, JIEBA_HMM};

const UNPC_ZH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/unpc/UNv1.0.testset.zh"
);
const UNPC_EN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/unpc/UNv1.0.testset.en"
);
const SEED_ZH: &str = "corpus/S_2022_529/zh.txt";
/// Rounds of the interleaved comparison.
const ROUNDS: usize = 31;

/// Undoes the test set's word segmentation: tokens are separated by one space, and an original
/// space is itself a token (so it shows as three spaces).
fn unsegment(line: &str) -> String {
    line.split("   ")
        .map(|part| part.replace(' ', ""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The test set line with the spaces removed (as `unsegment`), and the byte ranges of the
/// third party's words in it: realistic query units, segmented independently of jieba.
fn unsegment_with_words(line: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut words = Vec::new();
    for (i, part) in line.split("   ").enumerate() {
        if i > 0 {
            text.push(' ');
        }
        for word in part.split(' ').filter(|w| !w.is_empty()) {
            let start = text.len();
            text.push_str(word);
            words.push((start, text.len()));
        }
    }
    (text, words)
}

/// How stable jieba is between a query and the documents, for each HMM setting: the queries
/// are two adjacent Chinese words of the third-party segmentation joined (a typical compound
/// query, e.g. 恐怖主义 + 委员会); a query is found by the word field where it occurs if jieba's
/// cut of the query alone is the same run of tokens as its cut of the sentence at that place.
/// (The third party's own words are no test: they match jieba's cut without HMM exactly, so
/// that segmentation was evidently made by jieba.) Returns (matched, total).
fn word_field_recall(lines: &[String], hmm: bool) -> (usize, usize) {
    let jieba = analyzers::jieba();
    let is_cjk_word = |w: &str| w.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    let (mut matched, mut total) = (0, 0);
    for line in lines {
        let (text, words) = unsegment_with_words(line);
        let doc: Vec<(usize, usize)> = jieba
            .cut(&text, hmm)
            .iter()
            .map(|t| (t.byte_start, t.byte_end))
            .collect();
        for pair in words.windows(2) {
            let ((start, middle), (middle2, end)) = (pair[0], pair[1]);
            if middle != middle2 || !is_cjk_word(&text[start..end]) {
                continue;
            }
            total += 1;
            let query: Vec<(usize, usize)> = jieba
                .cut(&text[start..end], hmm)
                .iter()
                .map(|t| (t.byte_start + start, t.byte_end + start))
                .collect();
            if let Ok(i) = doc.binary_search_by_key(&start, |t| t.0)
                && doc.get(i..i + query.len()) == Some(&query[..])
            {
                matched += 1;
            }
        }
    }
    (matched, total)
}

fn read(path: &str) -> String {
    let path = Path::new(path);
    std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("bench input {}: {err}", path.display()))
}

fn jieba_cut(texts: &[String], hmm: bool) -> usize {
    let jieba = analyzers::jieba();
    let mut sum = 0;
    for text in texts {
        for word in jieba.cut(text, hmm) {
            sum += black_box(word.word).len();
        }
    }
    sum
}

fn jieba_cut_for_search(texts: &[String]) -> usize {
    let jieba = analyzers::jieba();
    let mut sum = 0;
    for text in texts {
        for word in jieba.cut_for_search(text, JIEBA_HMM) {
            sum += black_box(word.word).len();
        }
    }
    sum
}

/// Consumes the analyzer's token stream fully, as tantivy's indexer does.
fn run_analyzer(analyzer: &mut TextAnalyzer, texts: &[String]) -> usize {
    let mut sum = 0;
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            sum += black_box(&stream.token().text).len();
        }
    }
    sum
}

fn bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn mb_per_s(bytes: u64, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

/// Times `baseline` and `candidate` alternately `rounds` times, swapping which goes first
/// every round, so that machine noise and scheduler rhythm hit both alike; prints the medians
/// and their ratio.
fn interleaved(
    label: &str,
    texts: &[String],
    rounds: usize,
    baseline: &mut dyn FnMut() -> usize,
    candidate: &mut dyn FnMut() -> usize,
) {
    let time = |f: &mut dyn FnMut() -> usize| {
        let start = Instant::now();
        black_box(f());
        start.elapsed()
    };
    let (mut base_times, mut cand_times) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for round in 0..rounds {
        if round % 2 == 0 {
            base_times.push(time(baseline));
            cand_times.push(time(candidate));
        } else {
            cand_times.push(time(candidate));
            base_times.push(time(baseline));
        }
    }
    let size = bytes(texts);
    let base = mb_per_s(size, median(base_times));
    let cand = mb_per_s(size, median(cand_times));
    println!(
        "interleaved {label} ({rounds} rounds): medians baseline {base:.2} MB/s, analyzer {cand:.2} MB/s, ratio {:.2}",
        cand / base
    );
}

fn main() {
    // Cold dictionary load: the first Jieba::new() in a process (decompression included).
    let start = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    println!(
        "cold Jieba::new(): {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    black_box(&jieba);
    drop(jieba);
    let start = Instant::now();
    black_box(analyzers::jieba());
    println!(
        "warm Jieba::new() (shared instance): {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    // The whole document as one text, 8 times over, so one pass is long enough to time.
    let seed = vec![read(SEED_ZH); 8];
    let unpc_zh_segmented: Vec<String> = read(UNPC_ZH).lines().map(str::to_owned).collect();
    let unpc_zh: Vec<String> = unpc_zh_segmented.iter().map(|l| unsegment(l)).collect();
    for hmm in [true, false] {
        let (matched, total) = word_field_recall(&unpc_zh_segmented, hmm);
        println!(
            "word-field recall of two-word queries (hmm={hmm}): {matched}/{total} = {:.2}%",
            100.0 * matched as f64 / total as f64
        );
    }
    let unpc_en: Vec<String> = read(UNPC_EN).lines().map(str::to_owned).collect();

    let mut words = Analyzer::ChineseWords.text_analyzer();
    let mut chars = Analyzer::ChineseChars.text_analyzer();
    let mut english = Analyzer::English.text_analyzer();
    let mut tantivy_en_stem = TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
        .filter(tantivy::tokenizer::LowerCaser)
        .filter(tantivy::tokenizer::Stemmer::default())
        .build();

    for (label, texts) in [("seed_document", &seed), ("unpc_sentences", &unpc_zh)] {
        interleaved(
            &format!("{label} zh_words vs jieba cut(hmm={JIEBA_HMM})"),
            texts,
            ROUNDS,
            &mut || jieba_cut(texts, JIEBA_HMM),
            &mut || run_analyzer(&mut words, texts),
        );
    }
    interleaved(
        "unpc_sentences en vs tantivy en_stem",
        &unpc_en,
        ROUNDS,
        &mut || run_analyzer(&mut tantivy_en_stem, &unpc_en),
        &mut || run_analyzer(&mut english, &unpc_en),
    );

    let mut criterion = Criterion::default().sample_size(20).configure_from_args();
    {
        let mut group = criterion.benchmark_group("jieba_new");
        group.sample_size(10);
        group.bench_function("Jieba::new", |b| b.iter(jieba_rs::Jieba::new));
        group.finish();
    }
    for (label, texts) in [("zh_seed_document", &seed), ("zh_unpc_sentences", &unpc_zh)] {
        let mut group = criterion.benchmark_group(label);
        group.throughput(Throughput::Bytes(bytes(texts)));
        group.bench_function("jieba_cut_hmm", |b| b.iter(|| jieba_cut(texts, true)));
        group.bench_function("jieba_cut_no_hmm", |b| b.iter(|| jieba_cut(texts, false)));
        group.bench_function("jieba_cut_for_search", |b| {
            b.iter(|| jieba_cut_for_search(texts))
        });
        group.bench_function("zh_words", |b| b.iter(|| run_analyzer(&mut words, texts)));
        group.bench_function("zh_chars", |b| b.iter(|| run_analyzer(&mut chars, texts)));
        group.finish();
    }
    {
        let mut group = criterion.benchmark_group("en_unpc_sentences");
        group.throughput(Throughput::Bytes(bytes(&unpc_en)));
        group.bench_function("tantivy_en_stem", |b| {
            b.iter(|| run_analyzer(&mut tantivy_en_stem, &unpc_en))
        });
        group.bench_function("en", |b| b.iter(|| run_analyzer(&mut english, &unpc_en)));
        group.finish();
    }
    criterion.final_summary();
}
