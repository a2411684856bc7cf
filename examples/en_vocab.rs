//! Prints the English vocabulary of an index (the `body_en` terms: light-stemmed words) with
//! each word's paragraph count, one `word<TAB>count` a line: the input of
//! `scripts/wordnet_synonyms.py`, which keeps the WordNet links between words of the corpus.
//! `cargo run --release --example en_vocab -- [INDEX_DIR] > /tmp/en_vocab.tsv`

use std::collections::BTreeMap;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "index".into());
    let index = match undex::index::build::open_for_reading(std::path::Path::new(&dir)) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("en_vocab: {e}");
            std::process::exit(4);
        }
    };
    let field = index
        .schema()
        .get_field("body_en")
        .expect("the index has a body_en field");
    let reader = index.reader().expect("reader");
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for segment in reader.searcher().segment_readers() {
        let inverted = segment.inverted_index(field).expect("inverted index");
        let mut stream = inverted.terms().stream().expect("term stream");
        while stream.advance() {
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                *counts.entry(word.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    for (word, count) in counts {
        println!("{word}\t{count}");
    }
}
