//! Each file read once: the files a run has read, by identity rather than by the path that
//! reached them, so that a folder given twice (`corpus ./corpus`), folders that overlap, a
//! symlink or a hard link to a file read already do not count it twice. On Unix a file is its
//! device and inode number; elsewhere, its canonical path.
//!
//! It only remembers and answers; telling the user is the reader's business.

use std::collections::HashMap;
use std::path::Path;
#[cfg(not(unix))]
use std::path::PathBuf;
use std::sync::Mutex;

/// What makes two paths the same file.
#[cfg(unix)]
pub(crate) type FileKey = (u64, u64);
#[cfg(not(unix))]
pub(crate) type FileKey = PathBuf;

/// The identity of the file or folder at `path` (after symlinks), if it can be found.
pub(crate) fn file_key(path: &Path) -> Option<FileKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path).ok()?;
        Some((metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok()
    }
}

/// The files read so far, each with the path it was first read by.
#[derive(Debug, Default)]
pub(crate) struct SeenFiles {
    files: Mutex<HashMap<FileKey, Box<str>>>,
}

impl SeenFiles {
    /// Notes that `path` is being read; when the same file was read before, the path it was
    /// read by. A file whose identity cannot be found (it will fail to open) is never a repeat.
    pub(crate) fn earlier(&self, path: &Path) -> Option<String> {
        let key = file_key(path)?;
        let mut files = self.files.lock().ok()?;
        match files.get(&key) {
            Some(first) => Some(first.to_string()),
            None => {
                files.insert(key, path.display().to_string().into());
                None
            }
        }
    }
}

/// The note for a file read once although reached twice.
pub(crate) fn read_once(path: &Path, first: &str) -> String {
    format!("{} is the same file as {first}, read once", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_the_same_whatever_the_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::fs::write(dir.path().join("b.txt"), "x").unwrap();
        let seen = SeenFiles::default();
        assert_eq!(seen.earlier(&dir.path().join("a.txt")), None);
        assert_eq!(seen.earlier(&dir.path().join("b.txt")), None);
        let again = dir.path().join(".").join("a.txt");
        let first = dir.path().join("a.txt").display().to_string();
        assert_eq!(seen.earlier(&again), Some(first));
        assert_eq!(seen.earlier(&dir.path().join("missing.txt")), None);
    }
}
