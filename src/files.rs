//! Files written whole or not at all: each is written to a temporary file in its folder and
//! renamed into place only when complete, the outputs of one run together at its end ([`Batch`]),
//! and an interrupted run removes the temporary files it leaves, so a failed or interrupted run
//! leaves no half a file and no new file beside an old one. Before anything is read,
//! [`refuse_overlaps`] makes sure that no output is an input or another output, and
//! [`lock_outputs`] that no other run is writing one of them (a lock file beside each, held until
//! the last rename and then removed).

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

/// The temporary files being written and the lock files held, so that an interrupted run can
/// remove them.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The signals whose default is to end the process, which therefore end a run cleanly: Ctrl-C
/// (SIGINT), SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGALRM. (SIGKILL cannot be caught; a
/// broken pipe is not an error.)
#[cfg(unix)]
const ENDING_SIGNALS: [i32; 7] = {
    use signal_hook::consts::signal::{
        SIGALRM, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2,
    };
    [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM]
};

/// From now on, every signal of [`ENDING_SIGNALS`] removes every temporary file still being
/// written and every lock file held, calls `on_interrupt` and ends the process with 128 + the
/// signal's number (130 for Ctrl-C), so an interrupted run leaves no partial file. The list of
/// such files stays locked until the process has ended, so no file is renamed into place
/// meanwhile.
#[cfg(unix)]
pub fn remove_temporaries_on_interrupt(on_interrupt: fn()) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(ENDING_SIGNALS)?;
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

/// Whether `path` names standard output: `-`, `/dev/stdout` or `/dev/fd/1`.
pub fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|name| path == Path::new(name))
}

/// Whether `path` is standard output, or exists and is something other than a regular file or a
/// folder: written in place, with no manifest beside it.
pub fn is_special(path: &Path) -> bool {
    is_stdout(path) || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The file a symbolic link at `path` leads to (following links to links), or `path` itself: an
/// output through a link is written where the link points, and the link stays.
fn follow_links(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // As many links as the kernel follows before it gives up.
    for _ in 0..40 {
        match std::fs::read_link(&path) {
            Ok(target) => path = path.parent().map_or(target.clone(), |p| p.join(&target)),
            Err(_) => break,
        }
    }
    path
}

/// A second handle on standard output, for a writer that must own a `File`.
#[cfg(unix)]
fn stdout_file() -> io::Result<File> {
    use std::os::fd::AsFd;
    Ok(File::from(io::stdout().as_fd().try_clone_to_owned()?))
}

#[cfg(not(unix))]
fn stdout_file() -> io::Result<File> {
    Err(io::Error::other(
        "writing this output to standard output needs a Unix system; give it a file",
    ))
}

impl PendingFile {
    pub fn create(path: &Path) -> anyhow::Result<PendingFile> {
        if is_stdout(path) {
            // Written straight to the stream: never a file named `-` and never a rename over
            // `/dev/stdout`, even when standard output is a regular file.
            return Ok(PendingFile {
                path: path.to_path_buf(),
                target: Target::InPlace(stdout_file().context("cannot write to standard output")?),
            });
        }
        let path = &follow_links(path);
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
        self.persist_listed(&mut pending())
    }

    /// [`PendingFile::persist`], the list of temporary files `pending` already held.
    fn persist_listed(self, pending: &mut Vec<PathBuf>) -> anyhow::Result<()> {
        let path = self.path;
        if let Target::Temporary(temporary) = self.target {
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
    written(path, write)?.persist()
}

/// The file at `path` written with `write`, not yet in place.
fn written(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<PendingFile> {
    let file = PendingFile::create(path)?;
    {
        let mut out = BufWriter::new(file.handle()?);
        write(&mut out)
            .and_then(|()| out.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(file)
}

/// The files of one run, written whole and renamed into place together by [`Batch::commit`], in
/// the order they were added (manifests last): a run that fails before then leaves every old file
/// as it was, and its temporary files are removed when the batch is dropped.
#[derive(Default)]
pub struct Batch {
    files: Vec<PendingFile>,
}

impl Batch {
    /// Writes the file at `path` with `write`, to be put in place with the others.
    pub fn write(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> anyhow::Result<()> {
        let file = written(path, write)?;
        self.add(file);
        Ok(())
    }

    /// A file written by its own writer, to be put in place with the others.
    pub fn add(&mut self, file: PendingFile) {
        self.files.push(file);
    }

    /// Renames every file into place. What can be known to stop a rename (a folder where a file
    /// goes) is checked for every file before the first one moves.
    pub fn commit(self) -> anyhow::Result<()> {
        for file in &self.files {
            if let Target::Temporary(_) = file.target {
                if std::fs::symlink_metadata(&file.path).is_ok_and(|m| m.is_dir()) {
                    anyhow::bail!(
                        "cannot write {}: it is a folder; no output of this run was written",
                        file.path.display()
                    );
                }
            }
        }
        // Held across the renames, so that an interruption does not fall between two of them.
        let mut pending = pending();
        for file in self.files {
            file.persist_listed(&mut pending)?;
        }
        Ok(())
    }
}

/// Another run holds the lock on an output: this run refuses to write it.
#[derive(Debug)]
pub struct Busy {
    /// The output as this run named it.
    pub output: PathBuf,
}

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "another ctlex run is writing {}; run again when it has finished, or give this run \
             another output",
            self.output.display()
        )
    }
}

impl std::error::Error for Busy {}

/// The locks of one run on its outputs, taken by [`lock_outputs`]; dropping them removes the
/// lock files and lets another run write the outputs.
#[must_use = "the outputs are locked only while this is held"]
#[derive(Default)]
pub struct OutputLocks {
    /// Each lock file with its open handle, which holds the lock.
    held: Vec<(PathBuf, File)>,
}

impl Drop for OutputLocks {
    fn drop(&mut self) {
        let mut pending = pending();
        for (path, file) in self.held.drain(..) {
            // Removed while still locked, so that a run waiting on this file sees it is gone.
            let _ = std::fs::remove_file(&path);
            pending.retain(|p| *p != path);
            drop(file);
        }
    }
}

/// The lock file of the output at `path`: `.NAME.lock` in its folder, where NAME is the name of
/// the file the output resolves to (through symbolic links). `None` for standard output and
/// devices, which are written in place and never locked.
fn lock_path(path: &Path) -> Option<PathBuf> {
    if is_stdout(path) {
        return None;
    }
    let path = identity(&follow_links(path))?;
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name()?);
    name.push(".lock");
    Some(path.with_file_name(name))
}

/// Locks every output in `outputs` (each with its own path) for this run, before the first
/// temporary file is written: a lock file beside each, locked (`flock`) until the returned
/// [`OutputLocks`] is dropped after the last rename. When another run holds one of them, the
/// locks taken so far are given back and a [`Busy`] error names the output: two runs never mix
/// their files, and this one writes nothing.
pub fn lock_outputs(outputs: &[&Path]) -> anyhow::Result<OutputLocks> {
    let mut locks = OutputLocks::default();
    for &output in outputs {
        let Some(path) = lock_path(output) else {
            continue;
        };
        if locks.held.iter().any(|(held, _)| *held == path) {
            continue;
        }
        let file = lock_file(&path, output)?;
        locks.held.push((path, file));
    }
    Ok(locks)
}

/// Creates (or opens) the lock file at `path` and locks it, listed for removal on a signal; a
/// [`Busy`] error names `output` when another run holds it.
fn lock_file(path: &Path, output: &Path) -> anyhow::Result<File> {
    let cannot = || match path.parent() {
        Some(folder) => format!("cannot create a file in {}", folder.display()),
        None => format!("cannot write {}", output.display()),
    };
    loop {
        // Listed as it is locked, so that no interruption falls between the two.
        let mut pending = pending();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .with_context(cannot)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Busy {
                    output: output.to_path_buf(),
                }
                .into())
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e).with_context(cannot),
        }
        // The run that held it may have removed the file between our opening and locking it:
        // then the lock is on a file nobody else will see, and the lock file is made again.
        if same_file(&file, path) {
            pending.push(path.to_path_buf());
            return Ok(file);
        }
    }
}

/// Whether `file` is still the file at `path`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Where `path` is, as a name that is the same for every spelling of it: the canonical path of
/// an existing file, else its folder's canonical path and its name. `None` for standard output
/// and devices, which several outputs may share.
fn identity(path: &Path) -> Option<PathBuf> {
    if is_special(path) {
        return None;
    }
    if let Ok(canonical) = path.canonicalize() {
        return Some(canonical);
    }
    let name = path.file_name()?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = folder
        .canonicalize()
        .or_else(|_| std::path::absolute(folder))
        .ok()?;
    Some(folder.join(name))
}

/// Refuses, before anything is read, an output that is one of the `inputs` or lies inside an
/// input folder, and two outputs that are the same file. Each input and output comes with what
/// names it (`input`, `--lexicons`; `-o`, `--matches`…), so the message can say which is which.
pub fn refuse_overlaps(inputs: &[(&str, &Path)], outputs: &[(&str, &Path)]) -> anyhow::Result<()> {
    let inputs: Vec<(&str, &Path, PathBuf)> = inputs
        .iter()
        .filter_map(|&(what, path)| Some((what, path, path.canonicalize().ok()?)))
        .collect();
    let mut seen: Vec<(&str, &Path, PathBuf)> = Vec::new();
    for &(option, path) in outputs {
        let Some(id) = identity(path) else { continue };
        for (what, input, input_id) in &inputs {
            let (out, input) = (path.display(), input.display());
            if id == *input_id {
                anyhow::bail!(
                    "`{option} {out}` is the {what} {input}: the run would overwrite what it                      reads; give {option} another file"
                );
            }
            if id.starts_with(input_id) {
                anyhow::bail!(
                    "`{option} {out}` is inside the {what} folder {input}: the next run would                      read it; give {option} a file outside it"
                );
            }
        }
        if let Some((other, other_path, _)) = seen.iter().find(|(_, _, seen)| *seen == id) {
            anyhow::bail!(
                "`{other} {}` and `{option} {}` are the same file: give each output its own",
                other_path.display(),
                path.display()
            );
        }
        seen.push((option, path, id));
    }
    Ok(())
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

    #[test]
    fn an_output_locked_by_one_holder_is_refused_to_another_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        let spelled_otherwise = dir.path().join(".").join("out.csv");
        let first = lock_outputs(&[&out, Path::new("-")]).unwrap();
        let lock = dir.path().join(".out.csv.lock");
        assert!(lock.exists());
        let refused = lock_outputs(&[&spelled_otherwise]).err().unwrap();
        let busy = refused.downcast_ref::<Busy>().expect("a Busy error");
        assert_eq!(busy.output, spelled_otherwise);
        assert!(
            lock.exists(),
            "the refused run removed the holder's lock file"
        );
        drop(first);
        assert!(!lock.exists(), "the lock file was left behind");
        let second = lock_outputs(&[&out, &out]).unwrap();
        drop(second);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
