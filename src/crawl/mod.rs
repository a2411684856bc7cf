//! Fetching UN documents from undocs.org / documents.un.org into the corpus: URL building,
//! redirects, viewer pages, politeness (robots.txt, per-host delay, Retry-After), retries with
//! backoff, conditional GET, and following citations to a depth.
//!
//! One crawl: every (symbol, language) job asks `{base}/{lang}/{symbol}`, follows redirects,
//! and classifies what comes back by its bytes: a PDF or HTML/text document is stored (status
//! `ok`), a viewer page is followed to the file it frames or links, a Word/WordPerfect/RTF or
//! unknown file is stored with status `unsupported`, a 404 is recorded `unavailable`, an empty
//! body or HTML error page with 200 is recorded `not-yet`. Up to `concurrency` jobs run at once
//! (politeness is per host, so jobs on one host are spaced by the minimum delay whatever the
//! concurrency). One writer, the crawl loop, stores files and the manifest, and saves the
//! resumable state after every job. One crawl per corpus: it holds the corpus's crawl lock
//! (a second crawl stops at once, naming the first one's pid); manifest updates merge with what
//! is on disk, so other writers' entries are never lost.
//!
//! Modules: [`url`] (document URLs), [`politeness`] (delay, Retry-After, robots.txt),
//! [`fetch`] (HTTP with retries, caps, redirects, conditional GET), [`sniff`] (format from
//! bytes, error pages), [`viewer`] (viewer page → file), [`follow`] (cited symbols),
//! [`state`] (resumable state), [`summary`] (counts and the summary line).

pub mod fetch;
pub(crate) mod follow;
pub use follow::CitationFollower;
pub(crate) mod politeness;
pub(crate) mod sniff;
pub mod state;
pub mod summary;
pub mod url;
pub(crate) mod viewer;

use crate::corpus::{Corpus, EntryStatus, ManifestEntry, now_rfc3339, sha256_hex};
use crate::error::Result;
use crate::model::{Lang, Symbol};
use crate::progress::{Progress, ProgressFn};
use fetch::{Conditional, FetchConfig, Fetched, Fetcher};
use sniff::Format;
use state::{CrawlState, Job};
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::sync::Arc;
use summary::CrawlSummary;
use tokio::task::JoinSet;

/// What to crawl and how.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// Base URL documents are asked from (`{base}/{lang}/{symbol}`).
    pub base_url: ::url::Url,
    /// Languages to fetch for each symbol.
    pub langs: Vec<Lang>,
    /// How many citation steps to follow from the given symbols (0: only those).
    pub depth: u32,
    /// Jobs running at once (across hosts; each host still gets `min_delay` spacing).
    pub concurrency: usize,
    /// Network settings.
    pub fetch: FetchConfig,
}

impl Default for CrawlOptions {
    fn default() -> CrawlOptions {
        CrawlOptions {
            base_url: ::url::Url::parse(url::DEFAULT_BASE_URL).expect("static URL"),
            langs: vec![Lang::En, Lang::Zh],
            depth: 0,
            concurrency: 4,
            fetch: FetchConfig::default(),
        }
    }
}

/// What one job produced, handed from the fetching task to the crawl loop.
#[derive(Debug)]
enum Outcome {
    /// A body that is a document (or an unsupported file): to store.
    Body {
        url: ::url::Url,
        format: Format,
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// 304 for the stored copy.
    NotModified,
    /// 404/410.
    Unavailable { url: ::url::Url },
    /// Empty body or error page with 200.
    NotYet { url: ::url::Url },
    /// Could not fetch.
    Failed(String),
}

/// Crawls `seeds` (and, to `options.depth`, the documents they cite) into the corpus at
/// `corpus_dir`, resuming an interrupted crawl of that corpus if its state file is there.
/// `follower` finds the documents a fetched document cites in its text (pass
/// [`crate::pipeline::cited_in_document`]); embedded undocs.org links are followed as well.
/// Remote failures are counted in the summary, not returned as errors; errors are local
/// (corpus or state files unwritable, corrupt manifest).
pub async fn crawl(
    corpus_dir: &Path,
    seeds: &[Symbol],
    options: &CrawlOptions,
    follower: &CitationFollower,
    progress: &ProgressFn,
) -> Result<CrawlSummary> {
    // One crawl per corpus: the lock is held until this function returns (or the process dies).
    let _crawl_lock = Corpus::lock_for_crawl(corpus_dir)?;
    let mut corpus = Corpus::open(corpus_dir)?;
    for w in corpus.warnings() {
        tracing::warn!("{w}");
    }
    let mut summary = CrawlSummary::default();
    let mut state = match state::load(corpus_dir)? {
        Some(saved) => {
            summary.resumed = true;
            state::remove_stale_temp_files(corpus_dir)?;
            saved
        }
        None => CrawlState {
            version: 1,
            ..CrawlState::default()
        },
    };
    let mut queue: VecDeque<Job> = state.queue.drain(..).collect();
    let mut seen: BTreeSet<(Symbol, Lang)> = state.done.clone();
    seen.extend(queue.iter().map(|j| (j.symbol.clone(), j.lang)));
    for symbol in seeds {
        for &lang in &options.langs {
            if seen.insert((symbol.clone(), lang)) {
                queue.push_back(Job {
                    symbol: symbol.clone(),
                    lang,
                    depth: 0,
                });
            }
        }
    }
    let fetcher = Arc::new(Fetcher::new(options.fetch.clone())?);
    let mut in_flight: Vec<Job> = Vec::new();
    let mut tasks: JoinSet<(Job, Outcome)> = JoinSet::new();
    let concurrency = options.concurrency.max(1);
    progress(&Progress::Crawling {
        done: 0,
        total: queue.len(),
        current: None,
    });
    save_state(corpus_dir, &state, &in_flight, &queue)?;

    loop {
        while tasks.len() < concurrency {
            let Some(job) = queue.pop_front() else { break };
            let conditional = conditional_for(&corpus, &job);
            let start = url::document_url(&options.base_url, job.lang, &job.symbol);
            let fetcher = Arc::clone(&fetcher);
            in_flight.push(job.clone());
            tasks.spawn(async move {
                let outcome = fetch_job(&fetcher, &start, conditional.as_ref()).await;
                (job, outcome)
            });
        }
        let Some(joined) = tasks.join_next().await else {
            break;
        };
        let (job, outcome) =
            joined.map_err(|e| crate::Error::Internal(format!("a crawl task stopped: {e}")))?;
        in_flight.retain(|j| j != &job);
        let document = apply_outcome(&mut corpus, &job, outcome, &mut summary)?;
        if let Some((format, bytes)) = document
            && job.depth < options.depth
        {
            for cited in follow::cited_symbols(format, &bytes, job.lang, &job.symbol, follower) {
                for &lang in &options.langs {
                    if seen.insert((cited.clone(), lang)) {
                        queue.push_back(Job {
                            symbol: cited.clone(),
                            lang,
                            depth: job.depth + 1,
                        });
                    }
                }
            }
        }
        state.done.insert((job.symbol.clone(), job.lang));
        save_state(corpus_dir, &state, &in_flight, &queue)?;
        progress(&Progress::Crawling {
            done: state.done.len(),
            total: state.done.len() + in_flight.len() + queue.len(),
            current: Some(&format!("{} ({})", job.symbol, job.lang)),
        });
    }
    state::remove(corpus_dir)?;
    Ok(summary)
}

/// Saves the state with the jobs in flight first, so that a crash re-runs them.
fn save_state(
    corpus_dir: &Path,
    state: &CrawlState,
    in_flight: &[Job],
    queue: &VecDeque<Job>,
) -> Result<()> {
    let saved = CrawlState {
        version: state.version.max(1),
        queue: in_flight.iter().chain(queue.iter()).cloned().collect(),
        done: state.done.clone(),
    };
    state::save(corpus_dir, &saved)
}

/// The conditional GET validators of a stored copy whose file is still on disk.
fn conditional_for(corpus: &Corpus, job: &Job) -> Option<Conditional> {
    let entry = corpus.get(&job.symbol, job.lang)?;
    let path = corpus.raw_path(entry)?;
    if !path.is_file() || (entry.etag.is_none() && entry.last_modified.is_none()) {
        return None;
    }
    Some(Conditional {
        url: entry.origin.clone(),
        etag: entry.etag.clone(),
        last_modified: entry.last_modified.clone(),
    })
}

/// Fetches one document: the undocs URL, then the file a viewer page points to.
async fn fetch_job(fetcher: &Fetcher, start: &::url::Url, cond: Option<&Conditional>) -> Outcome {
    let mut url = start.clone();
    // At most one viewer page is followed: a viewer pointing at another viewer is no document.
    for viewer_hops in 0..2 {
        let fetched = match fetcher.fetch(&url, cond).await {
            Ok(f) => f,
            Err(e) => return Outcome::Failed(e.to_string()),
        };
        let (final_url, bytes, etag, last_modified) = match fetched {
            Fetched::NotModified { .. } => return Outcome::NotModified,
            Fetched::Missing { url } => return Outcome::Unavailable { url },
            Fetched::Body {
                url,
                bytes,
                etag,
                last_modified,
            } => (url, bytes, etag, last_modified),
        };
        let Some(format) = sniff::sniff(&bytes) else {
            return Outcome::NotYet { url: final_url };
        };
        match format {
            Format::Html => {
                let html = String::from_utf8_lossy(&bytes);
                if viewer_hops == 0
                    && let Some(target) = viewer::viewer_target(&html, &final_url)
                {
                    if let Some(why) = fetch::redirect_refusal(
                        &final_url,
                        &target,
                        start,
                        &fetcher.config().redirect_hosts,
                    ) {
                        return Outcome::Failed(why);
                    }
                    url = target;
                    continue;
                }
                if sniff::is_error_page(&html) {
                    return Outcome::NotYet { url: final_url };
                }
            }
            Format::Pdf if sniff::is_error_pdf(&bytes) => {
                return Outcome::Unavailable { url: final_url };
            }
            _ => {}
        }
        return Outcome::Body {
            url: final_url,
            format,
            bytes,
            etag,
            last_modified,
        };
    }
    Outcome::Failed(format!("{start}: a viewer page led to another viewer page"))
}

/// Records one job's outcome in the corpus and the summary; returns the document's format and
/// bytes when there is a document to follow citations in.
fn apply_outcome(
    corpus: &mut Corpus,
    job: &Job,
    outcome: Outcome,
    summary: &mut CrawlSummary,
) -> Result<Option<(Format, Vec<u8>)>> {
    match outcome {
        Outcome::Body {
            url,
            format,
            bytes,
            etag,
            last_modified,
        } => {
            summary.bytes_downloaded += bytes.len() as u64;
            let validators = (etag, last_modified);
            match store_body(corpus, job, &url, format, &bytes, validators)? {
                Stored::Unchanged => summary.unchanged += 1,
                Stored::Document => summary.fetched += 1,
                Stored::Unsupported => summary.unsupported += 1,
            }
            Ok(is_extractable(format).then_some((format, bytes)))
        }
        Outcome::NotModified => {
            summary.unchanged += 1;
            let existing = corpus.get(&job.symbol, job.lang);
            let bytes = existing.and_then(|e| corpus.read_raw(e).ok());
            Ok(bytes.and_then(|b| sniff::sniff(&b).map(|format| (format, b))))
        }
        Outcome::Unavailable { url } => {
            summary.unavailable += 1;
            record_missing(corpus, job, EntryStatus::Unavailable, &url)?;
            Ok(None)
        }
        Outcome::NotYet { url } => {
            summary.not_yet += 1;
            record_missing(corpus, job, EntryStatus::NotYet, &url)?;
            Ok(None)
        }
        Outcome::Failed(reason) => {
            summary.failed += 1;
            tracing::warn!(symbol = %job.symbol, lang = %job.lang, "{reason}");
            summary
                .failures
                .push((job.symbol.clone(), job.lang, reason));
            Ok(None)
        }
    }
}

/// Whether undex extracts text from files of this format (PDF, HTML, text).
fn is_extractable(format: Format) -> bool {
    matches!(format, Format::Pdf | Format::Html | Format::Text)
}

/// What [`store_body`] did with a fetched file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stored {
    /// The corpus already holds these bytes (only the validators and origin are refreshed).
    Unchanged,
    /// A new or changed PDF, HTML or text document was stored (status `ok`).
    Document,
    /// A file undex cannot extract (Word, unknown) was stored with status `unsupported`.
    Unsupported,
}

/// Stores a fetched file in the corpus, or only refreshes the entry's validators (`etag`,
/// `last_modified`) and origin when the corpus already holds the same bytes.
fn store_body(
    corpus: &mut Corpus,
    job: &Job,
    url: &::url::Url,
    format: Format,
    bytes: &[u8],
    (etag, last_modified): (Option<String>, Option<String>),
) -> Result<Stored> {
    let sha = sha256_hex(bytes);
    let existing = corpus.get(&job.symbol, job.lang).cloned();
    let same_file = existing.as_ref().is_some_and(|e| {
        e.sha256.as_deref() == Some(sha.as_str()) && corpus.raw_path(e).is_some_and(|p| p.is_file())
    });
    if let (true, Some(mut entry)) = (same_file, existing) {
        if entry.etag != etag
            || entry.last_modified != last_modified
            || entry.origin != url.as_str()
        {
            entry.etag = etag;
            entry.last_modified = last_modified;
            entry.origin = url.to_string();
            corpus.record(entry)?;
        }
        return Ok(Stored::Unchanged);
    }
    let extractable = is_extractable(format);
    let mut entry = ManifestEntry::new(job.symbol.clone(), job.lang, url.as_str(), format.mime());
    if !extractable {
        entry.status = EntryStatus::Unsupported;
    }
    entry.fetched_at = Some(now_rfc3339());
    entry.etag = etag;
    entry.last_modified = last_modified;
    corpus.store(entry, format.extension(), bytes)?;
    Ok(if extractable {
        Stored::Document
    } else {
        Stored::Unsupported
    })
}

/// Records that a document is unavailable or not yet published, unless the corpus already
/// holds a file for it (a later 404 does not erase a document fetched before).
fn record_missing(
    corpus: &mut Corpus,
    job: &Job,
    status: EntryStatus,
    url: &::url::Url,
) -> Result<()> {
    let has_document = corpus
        .get(&job.symbol, job.lang)
        .is_some_and(|e| e.status == EntryStatus::Ok && e.file.is_some());
    if !has_document {
        corpus.record(status_entry(job, status, url))?;
    }
    Ok(())
}

/// A manifest entry without a file (unavailable, not yet published).
fn status_entry(job: &Job, status: EntryStatus, url: &::url::Url) -> ManifestEntry {
    ManifestEntry {
        symbol: job.symbol.clone(),
        lang: job.lang,
        status,
        file: None,
        origin: url.to_string(),
        content_type: String::new(),
        sha256: None,
        bytes: 0,
        fetched_at: Some(now_rfc3339()),
        etag: None,
        last_modified: None,
    }
}
