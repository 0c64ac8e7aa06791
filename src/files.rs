//! Files written whole or not at all: each is written to a temporary file in its folder and
//! renamed into place only when complete, and an interrupted run removes the temporary files it
//! leaves, so a failed or interrupted run leaves no half a file.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use anyhow::Context;
use tempfile::NamedTempFile;

/// A file being written: a temporary file beside its destination, renamed into place when
/// finished. A destination that is not a regular file (`/dev/null`, a named pipe) is written in
/// place instead: renaming over it would replace the device or pipe with a file.
pub struct PendingFile {
    path: PathBuf,
    target: Target,
}

enum Target {
    Temporary(NamedTempFile),
    InPlace(File),
}

/// The temporary files being written, so that an interrupted run can remove them.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// From now on, SIGINT (Ctrl-C), SIGTERM and SIGHUP remove every temporary file still being
/// written, call `on_interrupt` and end the process with 128 + the signal's number (130 for Ctrl-C), so an
/// interrupted run leaves no partial file. The list of temporary files stays locked until the
/// process has ended, so no file is renamed into place meanwhile.
#[cfg(unix)]
pub fn remove_temporaries_on_interrupt(on_interrupt: fn()) -> io::Result<()> {
    use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let pending = pending();
                for path in pending.iter() {
                    // A file renamed into place or removed already is gone from here: nothing to do.
                    let _ = std::fs::remove_file(path);
                }
                on_interrupt();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn remove_temporaries_on_interrupt(_on_interrupt: fn()) -> io::Result<()> {
    Ok(())
}

/// Whether `path` exists and is something other than a regular file or a folder.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

impl PendingFile {
    pub fn create(path: &Path) -> anyhow::Result<PendingFile> {
        if is_special(path) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            return Ok(PendingFile {
                path: path.to_path_buf(),
                target: Target::InPlace(file),
            });
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        // A temporary file is private (0600); the finished file is an ordinary one.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        // Listed as it is created, so that no interruption falls between the two.
        let mut pending = pending();
        let temporary = builder
            .tempfile_in(folder)
            .with_context(|| format!("cannot create a file in {}", folder.display()))?;
        pending.push(temporary.path().to_path_buf());
        drop(pending);
        Ok(PendingFile {
            path: path.to_path_buf(),
            target: Target::Temporary(temporary),
        })
    }

    /// A second handle on the file being written, for a writer that must own one.
    pub fn handle(&self) -> anyhow::Result<File> {
        let file = match &self.target {
            Target::Temporary(temporary) => temporary.as_file(),
            Target::InPlace(file) => file,
        };
        file.try_clone()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// Renames the finished file into place (a file written in place is already there).
    pub fn persist(self) -> anyhow::Result<()> {
        let path = self.path;
        if let Target::Temporary(temporary) = self.target {
            let mut pending = pending();
            let temporary_path = temporary.path().to_path_buf();
            let persisted = temporary.persist(&path);
            pending.retain(|p| *p != temporary_path);
            persisted.with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

/// Writes the file at `path` with `write`, atomically.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let file = PendingFile::create(path)?;
    {
        let mut out = BufWriter::new(file.handle()?);
        write(&mut out)
            .and_then(|()| out.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    file.persist()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_written_in_place_and_files_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.csv");
        assert!(!is_special(&file), "a file that does not exist yet");
        std::fs::write(&file, "old").unwrap();
        assert!(!is_special(&file));
        assert!(!is_special(dir.path()));
        #[cfg(unix)]
        assert!(is_special(Path::new("/dev/null")));
    }

    #[cfg(unix)]
    #[test]
    fn writing_to_dev_null_leaves_it_a_device() {
        use std::os::unix::fs::FileTypeExt;
        write_file(Path::new("/dev/null"), |out| out.write_all(b"discarded")).unwrap();
        let kind = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(kind.is_char_device(), "/dev/null is no longer a device");
    }
}
