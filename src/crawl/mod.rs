//! Fetching UN documents from undocs.org / documents.un.org into the corpus: URL building,
//! redirects, viewer pages, politeness (robots.txt, per-host delay, Retry-After), retries with
//! backoff, conditional GET, and following citations to a depth.
