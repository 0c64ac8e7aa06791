//! A temporary folder per test in which the real binary runs (after xsv's `tests/workdir.rs`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder, removed when the test ends, and the binary run in it.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// An empty folder.
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `name` below the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `contents` to `name` below the folder, creating the folders on the way.
    pub fn create(&self, name: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
    }

    /// The text of `name` below the folder.
    pub fn read(&self, name: &str) -> String {
        let path = self.path(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The names in the folder (not below it), sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Copies the sample debate's statements numbered `files` (in name order), with its
    /// metadata, into the folder `name`.
    pub fn copy_sample(&self, name: &str, files: &[usize]) {
        let statements = super::sample_statements();
        let folder = self.path(name);
        std::fs::create_dir_all(&folder).unwrap();
        let metadata = super::sample_corpus().join("metadata.csv");
        std::fs::copy(metadata, folder.join("metadata.csv")).unwrap();
        for &i in files {
            let file = &statements[i];
            std::fs::copy(file, folder.join(file.file_name().unwrap())).unwrap();
        }
    }

    /// Makes a named pipe `name` below the folder.
    #[cfg(unix)]
    pub fn fifo(&self, name: &str) {
        let status = Command::new("mkfifo")
            .arg(self.path(name))
            .status()
            .expect("mkfifo");
        assert!(status.success(), "mkfifo {name}: {status}");
    }

    /// Opens the named pipe `name` below the folder for writing (which waits until a reader
    /// opens it too), writes `text` into it and returns it open: dropping it ends the input.
    #[cfg(unix)]
    pub fn feed(&self, name: &str, text: &str) -> std::fs::File {
        use std::io::Write;
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(self.path(name))
            .unwrap();
        pipe.write_all(text.as_bytes()).unwrap();
        pipe.flush().unwrap();
        pipe
    }

    /// `ctlex SUBCOMMAND`, to run in the folder; add arguments with `.arg`/`.args`.
    pub fn command(&self, subcommand: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ctlex"));
        command.arg(subcommand).current_dir(self.root());
        command
    }

    /// `ctlex ARGS…` (the subcommand first), to run in the folder.
    pub fn ctlex<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let (subcommand, rest) = args.split_first().expect("a subcommand");
        let mut command = self.command(subcommand.as_ref().to_str().unwrap());
        command.args(rest);
        command
    }

    /// `ctlex analyze ARGS… --lexicons lexicon.csv`: a run with the lexicon the test wrote into
    /// the folder as `lexicon.csv`.
    pub fn analyze(&self, args: &[&str]) -> Command {
        let mut command = self.command("analyze");
        command.args(args).args(["--lexicons", "lexicon.csv"]);
        command
    }

    /// Runs `command` to its end, whatever its exit code.
    pub fn output(&self, command: &mut Command) -> Output {
        command
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", show(command)))
    }

    /// Runs `command`, failing with its command line, stdout and stderr unless it exits with
    /// `code`.
    #[track_caller]
    pub fn assert_exit(&self, command: &mut Command, code: i32) -> Output {
        let output = self.output(command);
        if output.status.code() != Some(code) {
            panic!(
                "{}\nexited with {}, not {code}\n--- stdout\n{}--- stderr\n{}",
                show(command),
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        output
    }

    /// The stdout and stderr of `command`, which must exit with `code`.
    #[track_caller]
    pub fn run(&self, command: &mut Command, code: i32) -> (String, String) {
        let output = self.assert_exit(command, code);
        (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    }

    /// The stdout of `command`, which must exit with 0.
    #[track_caller]
    pub fn stdout(&self, command: &mut Command) -> String {
        String::from_utf8(self.assert_exit(command, 0).stdout).unwrap()
    }

    /// The stderr of `command`, which must exit with `code`.
    #[track_caller]
    pub fn stderr(&self, command: &mut Command, code: i32) -> String {
        String::from_utf8(self.assert_exit(command, code).stderr).unwrap()
    }
}

/// `ctlex ARGS…` as a command line, each argument quoted where it needs it.
fn show(command: &Command) -> String {
    let mut line = String::from("ctlex");
    for arg in command.get_args() {
        let arg = arg.to_string_lossy();
        let plain = !arg.is_empty()
            && arg
                .chars()
                .all(|c| c.is_alphanumeric() || "-_./,=:@%+".contains(c));
        if plain {
            line.push_str(&format!(" {arg}"));
        } else {
            line.push_str(&format!(" '{}'", arg.replace('\'', r"'\''")));
        }
    }
    line
}
