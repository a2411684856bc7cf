//! Progress of the long operations (index builds, crawls), handed to a callback the caller
//! supplies. The library never prints: the command line draws bars from these events, an
//! embedding program may log them or ignore them (the default).

use crate::index::BuildReport;

/// One step of a long operation.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Progress<'a> {
    /// An index build has processed `done` of the `total` documents it (re)indexes.
    Indexing {
        /// Documents processed so far.
        done: usize,
        /// Documents to process in this build.
        total: usize,
    },
    /// Something the caller should know but that does not stop the operation (a corpus
    /// problem, a build left to another process), as one sentence.
    Warning(&'a str),
    /// An index build started by [`crate::Engine::open_with`] has committed.
    Indexed(&'a BuildReport),
    /// A crawl has handled `done` of the `total` documents known so far (the total grows as
    /// cited documents are queued); `current` names the last one, e.g. `S/RES/2178(2014) (en)`.
    #[cfg(feature = "crawl")]
    Crawling {
        /// Documents handled so far.
        done: usize,
        /// Documents known so far.
        total: usize,
        /// The document just handled, if any.
        current: Option<&'a str>,
    },
}

/// A progress callback. Index builds call it from their worker threads.
pub type ProgressFn = dyn Fn(&Progress<'_>) + Send + Sync;
