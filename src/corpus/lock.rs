//! One writer at a time: an advisory OS file lock (`flock` on Unix, `LockFileEx` on Windows,
//! through the standard library's `File::try_lock`) on a small file that also records the
//! holder's process id, so that the second writer is told who holds it. The lock is released
//! by the OS when the holder exits, however it exits (kill -9 included): a lock file left
//! behind is never "stale". The file itself is never deleted (deleting a lock file races).

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// An exclusive lock held until dropped.
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    path: PathBuf,
}

impl WriterLock {
    /// Takes the lock at `path` without waiting. When another process holds it the error is
    /// [`Error::Busy`]: "another {what} is running (pid N)".
    pub fn try_acquire(path: &Path, what: &str) -> Result<WriterLock> {
        let mut file = open_lock_file(path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Busy(format!(
                    "another {what} is running{}; try again when it has finished",
                    holder_suffix(&mut file)
                )));
            }
            Err(TryLockError::Error(e)) => return Err(Error::io("locking", path, e)),
        }
        record_pid(&mut file).map_err(|e| Error::io("writing the lock file", path, e))?;
        Ok(WriterLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Takes the lock at `path`, waiting for the current holder (for short critical sections
    /// such as a manifest update).
    pub fn acquire_blocking(path: &Path) -> Result<WriterLock> {
        let mut file = open_lock_file(path)?;
        file.lock().map_err(|e| Error::io("locking", path, e))?;
        record_pid(&mut file).map_err(|e| Error::io("writing the lock file", path, e))?;
        Ok(WriterLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// The pid of the process holding the lock at `path`, or `None` when nobody holds it.
pub fn holder(path: &Path) -> Option<String> {
    let mut file = File::open(path).ok()?;
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            None
        }
        Err(_) => {
            let mut s = String::new();
            let _ = file.read_to_string(&mut s);
            Some(s.trim().to_string())
        }
    }
}

fn open_lock_file(path: &Path) -> Result<File> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("creating a folder", parent, e))?;
    }
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::io("opening the lock file", path, e))
}

fn record_pid(file: &mut File) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    write!(file, "{}", std::process::id())?;
    file.flush()
}

fn holder_suffix(file: &mut File) -> String {
    let mut s = String::new();
    let _ = file.read_to_string(&mut s);
    match s.trim() {
        "" => String::new(),
        pid => format!(" (pid {pid})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_is_told_the_holders_pid_and_gets_it_after_release() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".lock");
        let first = WriterLock::try_acquire(&path, "`undex index`").unwrap();
        let err = WriterLock::try_acquire(&path, "`undex index`").unwrap_err();
        let want = format!(
            "another `undex index` is running (pid {})",
            std::process::id()
        );
        assert!(err.to_string().starts_with(&want), "{err}");
        assert_eq!(holder(&path), Some(std::process::id().to_string()));
        drop(first);
        assert_eq!(holder(&path), None);
        WriterLock::try_acquire(&path, "`undex index`").unwrap();
    }
}
