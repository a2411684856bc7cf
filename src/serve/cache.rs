//! A bounded cache of search answers for the HTTP layer: the same request against the same
//! index snapshot gets the same answer, so a repeated search (a page reloaded, a popular query)
//! skips the library call. Keys carry the snapshot's generation ([`Engine::snapshot_id`]): once
//! the reader picks up a new commit, every older answer stops matching and ages out.
//!
//! [`Engine::snapshot_id`]: crate::engine::Engine::snapshot_id

use crate::query::{SearchRequest, SearchResponse};
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

/// Answers kept by default: a search answer of 10 hits is ~5–15 KB, so about 10 MB at most.
/// The number is a round size for "the popular queries of a busy hour", not measured.
pub const DEFAULT_SEARCH_CACHE_ENTRIES: usize = 1024;

/// Search answers by (index snapshot, request), least recently used out first.
pub struct SearchCache {
    entries: Mutex<LruCache<(u64, String), Arc<SearchResponse>>>,
}

impl SearchCache {
    /// A cache of at most `capacity` answers; `None` when `capacity` is 0 (caching off).
    pub fn new(capacity: usize) -> Option<SearchCache> {
        let capacity = NonZeroUsize::new(capacity)?;
        Some(SearchCache {
            entries: Mutex::new(LruCache::new(capacity)),
        })
    }

    /// The key of `request` on snapshot `snapshot`: every field of the request counts (its
    /// JSON form). `None` if the request cannot be serialized (it has only strings, numbers and
    /// options, so never in practice): such a request is simply not cached.
    pub fn key(snapshot: u64, request: &SearchRequest) -> Option<(u64, String)> {
        serde_json::to_string(request)
            .ok()
            .map(|text| (snapshot, text))
    }

    /// The cached answer for `key`, if any (marks it recently used).
    pub fn get(&self, key: &(u64, String)) -> Option<Arc<SearchResponse>> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(key).cloned()
    }

    /// Keeps `answer` under `key`.
    pub fn put(&self, key: (u64, String), answer: Arc<SearchResponse>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.put(key, answer);
    }

    /// How many answers are kept.
    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no answer is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(query: &str) -> Arc<SearchResponse> {
        Arc::new(SearchResponse {
            query: query.into(),
            total: 1,
            total_is_lower_bound: false,
            match_step: crate::query::MatchStep::All,
            took_ms: 3,
            hits: Vec::new(),
        })
    }

    #[test]
    fn keys_tell_requests_and_snapshots_apart() {
        let cache = SearchCache::new(8).expect("capacity");
        let plain = SearchRequest::new("sanctions");
        let mut filtered = plain.clone();
        filtered.lang = Some(crate::Lang::En);
        let mut second_page = plain.clone();
        second_page.offset = 10;
        cache.put(SearchCache::key(1, &plain).expect("key"), answer("plain"));
        // (snapshot, request, cached query or none)
        let cases: [(u64, &SearchRequest, Option<&str>); 4] = [
            (1, &plain, Some("plain")),
            (2, &plain, None),
            (1, &filtered, None),
            (1, &second_page, None),
        ];
        for (snapshot, request, want) in cases {
            let got = cache.get(&SearchCache::key(snapshot, request).expect("key"));
            assert_eq!(
                got.as_deref().map(|a| a.query.as_str()),
                want,
                "{snapshot} {request:?}"
            );
        }
    }

    #[test]
    fn the_least_recently_used_answer_goes_first_and_zero_turns_caching_off() {
        assert!(SearchCache::new(0).is_none());
        let cache = SearchCache::new(2).expect("capacity");
        let (a, b, c) = (
            SearchRequest::new("a"),
            SearchRequest::new("b"),
            SearchRequest::new("c"),
        );
        cache.put(SearchCache::key(1, &a).expect("key"), answer("a"));
        cache.put(SearchCache::key(1, &b).expect("key"), answer("b"));
        assert!(cache.get(&SearchCache::key(1, &a).expect("key")).is_some()); // a is now the most recent
        cache.put(SearchCache::key(1, &c).expect("key"), answer("c"));
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&SearchCache::key(1, &b).expect("key")).is_none());
        assert!(cache.get(&SearchCache::key(1, &a).expect("key")).is_some());
        assert!(cache.get(&SearchCache::key(1, &c).expect("key")).is_some());
    }
}
