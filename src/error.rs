//! The library's error type, split by who is at fault: the user's input, a remote site, the
//! local file system, or undex itself. `serve` maps [`ErrorKind`] to HTTP statuses in one
//! table; the binary maps it to exit codes (see CONTRACT.md).

use std::path::PathBuf;

/// Who is at fault, and so how a front end should report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request or input is malformed (bad query syntax, bad symbol, bad option).
    BadInput,
    /// The input is too large to process (query length, response size).
    TooLarge,
    /// Something that was asked for does not exist (unknown symbol, paragraph).
    NotFound,
    /// A remote site failed or refused (network, HTTP status, timeout).
    Remote,
    /// Reading or writing local files failed.
    Io,
    /// A bug or corrupt state inside undex (index unreadable, invariant broken).
    Internal,
    /// Another process holds the writer lock (index build, crawl); retry when it has finished.
    Busy,
}

/// The error type of the undex library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Malformed user input; the message says what was wrong and what to do.
    #[error("{0}")]
    BadInput(String),
    /// Input over a size limit.
    #[error("{0}")]
    TooLarge(String),
    /// Nothing found where something was required.
    #[error("{0}")]
    NotFound(String),
    /// A remote site failed.
    #[error("{0}")]
    Remote(String),
    /// A file-system operation failed.
    #[error("{context} ({path}): {source}")]
    Io {
        /// What undex was doing.
        context: String,
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The index could not be read or written.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Anything else that is undex's fault.
    #[error("internal error: {0}")]
    Internal(String),
    /// Another process is writing (the message names it and its pid).
    #[error("{0}")]
    Busy(String),
}

impl Error {
    /// Classifies the error by who is at fault.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::BadInput(_) => ErrorKind::BadInput,
            Error::TooLarge(_) => ErrorKind::TooLarge,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Remote(_) => ErrorKind::Remote,
            Error::Io { .. } => ErrorKind::Io,
            Error::Index(_) | Error::Internal(_) => ErrorKind::Internal,
            Error::Busy(_) => ErrorKind::Busy,
        }
    }

    /// Wraps an I/O error with what was being done and to which path.
    pub fn io(
        context: impl Into<String>,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Error {
        Error::Io {
            context: context.into(),
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
