//! Embedding undex: resolve a citation to the cited paragraph's text, then list the paragraphs
//! that cite the same paragraph.
//!
//! `cargo run --release --example resolve -- "第 2395(2017)号决议第 17 段"`

use undex::Engine;

fn main() -> Result<(), undex::Error> {
    let reference: Vec<String> = std::env::args().skip(1).collect();
    let reference = if reference.is_empty() {
        "paragraph 2 of resolution 1454 (2002)".to_string()
    } else {
        reference.join(" ")
    };
    let root = env!("CARGO_MANIFEST_DIR");
    let engine = Engine::open(format!("{root}/corpus"), format!("{root}/index"))?;
    for c in engine.resolve(&reference, None)?.citations {
        println!(
            "{} ¶{:?} (in corpus: {})",
            c.symbol, c.paragraphs, c.in_corpus
        );
        for p in &c.found {
            println!("  [{} {:?} ¶{:?}] {}", p.lang, p.part, p.paragraph, p.text);
        }
        if let Some(hint) = &c.hint {
            println!("  hint: {hint}");
        }
    }
    let citers = engine.cited_by(&undex::CitedByRequest::new(reference.as_str()))?;
    println!("{} paragraphs cite it", citers.total);
    for h in citers.hits {
        println!(
            "  {} ({}) {:?} ¶{:?}",
            h.symbol, h.lang, h.part, h.paragraph
        );
    }
    Ok(())
}
