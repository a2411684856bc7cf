//! What a crawl did, counted per outcome, and the one-line summary printed at its end:
//! `fetched N, unchanged N, unavailable N, unsupported N, failed N, not yet published N`.

use crate::model::{Lang, Symbol};
use std::fmt;

/// Counts of a crawl's outcomes, and the failures with their reasons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrawlSummary {
    /// Documents downloaded and stored (new or changed).
    pub fetched: usize,
    /// Documents the site confirmed unchanged (304) or that hashed identical to the stored copy.
    pub unchanged: usize,
    /// Pairs the site does not have (404: not available in that language).
    pub unavailable: usize,
    /// Files stored in a format undex cannot extract (Word, WordPerfect, RTF, unknown bytes).
    pub unsupported: usize,
    /// Pairs answered with an empty or error page: not published yet.
    pub not_yet: usize,
    /// Pairs that could not be fetched (network, HTTP errors, limits, robots.txt).
    pub failed: usize,
    /// Body bytes received for stored or compared documents.
    pub bytes_downloaded: u64,
    /// Whether this run resumed an interrupted crawl.
    pub resumed: bool,
    /// Each failure: symbol, language, reason.
    pub failures: Vec<(Symbol, Lang, String)>,
}

impl CrawlSummary {
    /// Whether remote failures left work undone (exit code 3).
    pub fn has_failures(&self) -> bool {
        self.failed > 0
    }
}

impl fmt::Display for CrawlSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fetched {}, unchanged {}, unavailable {}, unsupported {}, failed {}, not yet published {}",
            self.fetched,
            self.unchanged,
            self.unavailable,
            self.unsupported,
            self.failed,
            self.not_yet
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line() {
        let s = CrawlSummary {
            fetched: 3,
            unchanged: 2,
            unavailable: 1,
            failed: 4,
            ..CrawlSummary::default()
        };
        assert_eq!(
            s.to_string(),
            "fetched 3, unchanged 2, unavailable 1, unsupported 0, failed 4, not yet published 0"
        );
        assert!(s.has_failures());
    }
}
