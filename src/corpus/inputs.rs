//! What a run's inputs were, byte for byte: each input's size and BLAKE3 hash (in hex), for the
//! manifest that lets a reader check a table against its inputs. A folder is hashed file by file
//! in path order, every regular file under it, whether read as text or not.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

/// One input's size and hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputDigest {
    /// The input's path.
    pub path: String,
    /// Files under the input (1 for a file).
    pub files: u64,
    /// Bytes of the file, or of every file under the folder.
    pub bytes: u64,
    /// Hash of the file, or for a folder of each file's relative path and contents in path order.
    pub hash: String,
}

/// The record of one input: a file, or a folder hashed file by file in path order.
pub fn digest(path: &Path) -> io::Result<InputDigest> {
    let mut hasher = blake3::Hasher::new();
    let mut buffer = vec![0; 1 << 16];
    let (mut files, mut bytes) = (0, 0);
    if path.is_dir() {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry.path().strip_prefix(path).unwrap_or(entry.path());
            hasher.update(relative.to_string_lossy().as_bytes());
            hasher.update(b"\0");
            bytes += hash_file(entry.path(), &mut hasher, &mut buffer)?;
            files += 1;
        }
    } else if !std::fs::metadata(path)?.is_file() {
        // A named pipe or a device has been read already and cannot be read again.
        return Ok(InputDigest {
            path: path.display().to_string(),
            files: 1,
            bytes: 0,
            hash: "not hashed: not a regular file".into(),
        });
    } else {
        bytes = hash_file(path, &mut hasher, &mut buffer)?;
        files = 1;
    }
    Ok(InputDigest {
        path: path.display().to_string(),
        files,
        bytes,
        hash: hasher.finalize().to_hex().to_string(),
    })
}

/// The records of a run's inputs, hashed on a thread of their own so that reading the inputs a
/// second time overlaps the analysis instead of following it.
pub struct InputHashing(JoinHandle<io::Result<Vec<InputDigest>>>);

impl InputHashing {
    /// Starts hashing `paths`; fails only when the system cannot start a thread.
    pub fn start(paths: &[PathBuf]) -> io::Result<InputHashing> {
        let paths = paths.to_vec();
        std::thread::Builder::new()
            .name("input hashing".into())
            .spawn(move || {
                paths
                    .iter()
                    .map(|path| {
                        digest(path).map_err(|e| {
                            io::Error::new(e.kind(), format!("cannot hash {}: {e}", path.display()))
                        })
                    })
                    .collect()
            })
            .map(InputHashing)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot start hashing the inputs: {e}")))
    }

    /// The records, in the order of the paths given.
    pub fn finish(self) -> io::Result<Vec<InputDigest>> {
        self.0
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("hashing the inputs failed")))
    }
}

/// Feeds the file at `path` to `hasher` through `buffer`, returning its length.
fn hash_file(path: &Path, hasher: &mut blake3::Hasher, buffer: &mut [u8]) -> io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut total = 0;
    loop {
        let n = file.read(buffer)?;
        if n == 0 {
            return Ok(total);
        }
        hasher.update(buffer.get(..n).unwrap_or_default());
        total += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_hash_paths_and_contents() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "abc").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), "de").unwrap();
        let first = digest(dir.path()).unwrap();
        assert_eq!((first.files, first.bytes), (2, 5));
        std::fs::write(dir.path().join("sub/b.txt"), "dE").unwrap();
        let second = digest(dir.path()).unwrap();
        assert_ne!(first.hash, second.hash);
        let file = digest(&dir.path().join("a.txt")).unwrap();
        assert_eq!(file.hash, blake3::hash(b"abc").to_hex().to_string());
    }
}
