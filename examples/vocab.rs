//! Prints the vocabulary of one field of an index with each word's paragraph count, one
//! `word<TAB>count` a line: `body_en` (English light stems, the default) is the input of
//! `scripts/wordnet_synonyms.py`, which keeps only WordNet links between words of the corpus.
//! `cargo run --release --example vocab -- [INDEX_DIR] [FIELD] > /tmp/vocab.tsv`

use std::collections::BTreeMap;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "index".into());
    let field_name = std::env::args().nth(2).unwrap_or_else(|| "body_en".into());
    let index = match undex::index::build::open_for_reading(std::path::Path::new(&dir)) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("vocab: {e}");
            std::process::exit(4);
        }
    };
    let Ok(field) = index.schema().get_field(&field_name) else {
        eprintln!("vocab: the index has no field {field_name}");
        std::process::exit(2);
    };
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
