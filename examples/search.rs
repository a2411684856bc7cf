//! Embedding undex: open the bundled corpus (the index is built on first use) and print the best
//! paragraphs for a query.
//!
//! `cargo run --release --example search -- 外国恐怖主义作战人员回返和迁移`

use undex::{Engine, SearchRequest};

fn main() -> Result<(), undex::Error> {
    let query: Vec<String> = std::env::args().skip(1).collect();
    let query = if query.is_empty() {
        "Algeria Guiding Principles".to_string()
    } else {
        query.join(" ")
    };
    let root = env!("CARGO_MANIFEST_DIR");
    let engine = Engine::open(format!("{root}/corpus"), format!("{root}/index"))?;
    let mut request = SearchRequest::new(query);
    request.limit = 5;
    let answer = engine.search(&request)?;
    println!("{} paragraphs match ({} ms)", answer.total, answer.took_ms);
    for hit in answer.hits {
        println!(
            "{} ({}) {} ¶{}: {}",
            hit.symbol,
            hit.lang,
            hit.part.as_deref().unwrap_or("body"),
            hit.paragraph.as_deref().unwrap_or("-"),
            undex::query::snippet::plain(&hit.snippet)
        );
    }
    Ok(())
}
