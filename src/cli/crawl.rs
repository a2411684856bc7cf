//! `undex crawl`: owned by the crawler work (placeholder arguments until then).

/// Arguments of `undex crawl`.
#[derive(Debug, clap::Args)]
pub struct CrawlArgs {
    /// Symbols to fetch.
    pub symbols: Vec<String>,
}
