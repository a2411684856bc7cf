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

/// Answers kept by default: a search answer of 10 hits is ~5–15 KB. The number is a round size
/// for "the popular queries of a busy hour", not measured.
pub const DEFAULT_SEARCH_CACHE_ENTRIES: usize = 1024;
/// Most bytes of answers kept (estimated by [`answer_bytes`]), whatever the entry count: 1,024
/// answers of 1,000 hits each would otherwise hold about a gigabyte. 32 MB keeps the default
/// entry count of ordinary 10-hit answers with room to spare.
pub const SEARCH_CACHE_MAX_BYTES: usize = 32 << 20;
/// An answer larger than this share of [`SEARCH_CACHE_MAX_BYTES`] is not kept (one huge page
/// would push out hundreds of ordinary ones).
const LARGEST_SHARE: usize = 16;
/// Fixed bytes counted per hit besides its strings (the struct, numbers, small vectors).
const HIT_OVERHEAD_BYTES: usize = 256;

/// Approximate heap bytes of an answer: its strings plus a fixed amount per hit.
pub fn answer_bytes(answer: &SearchResponse) -> usize {
    let hits: usize = answer
        .hits
        .iter()
        .map(|h| {
            HIT_OVERHEAD_BYTES
                + h.snippet.len()
                + h.title.len()
                + h.symbol.as_str().len()
                + h.section.iter().map(String::len).sum::<usize>()
                + h.also_in
                    .iter()
                    .map(|s| s.as_str().len() + 24)
                    .sum::<usize>()
                + h.citations.len() * HIT_OVERHEAD_BYTES
        })
        .sum();
    answer.query.len() + hits
}

/// The entries and the bytes they hold.
struct Entries {
    map: LruCache<(u64, String), (Arc<SearchResponse>, usize)>,
    bytes: usize,
}

/// Search answers by (index snapshot, request), least recently used out first, bounded both in
/// count and in bytes.
pub struct SearchCache {
    entries: Mutex<Entries>,
    max_bytes: usize,
}

impl SearchCache {
    /// A cache of at most `capacity` answers and [`SEARCH_CACHE_MAX_BYTES`]; `None` when
    /// `capacity` is 0 (caching off).
    pub fn new(capacity: usize) -> Option<SearchCache> {
        SearchCache::with_max_bytes(capacity, SEARCH_CACHE_MAX_BYTES)
    }

    /// [`SearchCache::new`] with another byte bound.
    pub fn with_max_bytes(capacity: usize, max_bytes: usize) -> Option<SearchCache> {
        let capacity = NonZeroUsize::new(capacity)?;
        Some(SearchCache {
            entries: Mutex::new(Entries {
                map: LruCache::new(capacity),
                bytes: 0,
            }),
            max_bytes,
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
        entries.map.get(key).map(|(answer, _)| answer.clone())
    }

    /// Keeps `answer` under `key`, unless it is larger than a [`LARGEST_SHARE`]th of the byte
    /// bound; then drops the least recently used answers until the bytes fit.
    pub fn put(&self, key: (u64, String), answer: Arc<SearchResponse>) {
        let size = answer_bytes(&answer) + key.1.len();
        if size > self.max_bytes / LARGEST_SHARE {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, (_, old))) = entries.map.push(key, (answer, size)) {
            // The replaced or the evicted entry (by count) no longer counts.
            entries.bytes -= old;
        }
        entries.bytes += size;
        while entries.bytes > self.max_bytes {
            match entries.map.pop_lru() {
                Some((_, (_, old))) => entries.bytes -= old,
                None => break,
            }
        }
    }

    /// How many answers are kept.
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map
            .len()
    }

    /// Estimated bytes of the answers kept.
    pub fn bytes(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).bytes
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

    /// An answer of `hits` hits whose snippets are `snippet_bytes` long.
    fn answer_with_hits(hits: usize, snippet_bytes: usize) -> Arc<SearchResponse> {
        let hit = crate::query::Hit {
            symbol: crate::Symbol::from_canonical("S/RES/2178(2014)"),
            lang: crate::Lang::En,
            title: String::new(),
            part: None,
            paragraph: Some("1".into()),
            seq: 0,
            kind: crate::model::ParagraphKind::Body,
            section: Vec::new(),
            score: 1.0,
            snippet: "x".repeat(snippet_bytes),
            citations: Vec::new(),
            also_in: Vec::new(),
        };
        let mut a = (*answer("big")).clone();
        a.hits = vec![hit; hits];
        Arc::new(a)
    }

    #[test]
    fn bytes_stay_under_the_bound_and_a_huge_answer_is_not_kept() {
        let max = 64 * 1024;
        let cache = SearchCache::with_max_bytes(1000, max).expect("capacity");
        let request = |i: usize| SearchCache::key(1, &SearchRequest::new(format!("q{i}"))).unwrap();
        // (answer, kept): ~1.3 KB answers fit; one over max / LARGEST_SHARE (4 KB) does not.
        let small = answer_with_hits(1, 1000);
        let huge = answer_with_hits(10, 1000);
        assert!(answer_bytes(&small) < max / LARGEST_SHARE);
        assert!(answer_bytes(&huge) > max / LARGEST_SHARE);
        cache.put(request(0), huge);
        assert!(cache.is_empty(), "a huge answer is not kept");
        for i in 0..200 {
            cache.put(request(i), small.clone());
            assert!(cache.bytes() <= max, "{} bytes after {i}", cache.bytes());
        }
        assert!(cache.len() < 200, "old answers went out: {}", cache.len());
        assert!(cache.get(&request(199)).is_some(), "the newest stays");
        assert!(cache.get(&request(0)).is_none(), "the oldest went first");
        // Replacing an answer under the same key counts its bytes once.
        let before = cache.bytes();
        cache.put(request(199), small.clone());
        assert_eq!(cache.bytes(), before);
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
