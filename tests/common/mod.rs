//! Helpers shared by the end-to-end tests: run the real binary in a folder, check how it exited,
//! write files into it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary in `dir`.
pub fn ctlex(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ctlex"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Runs the binary in `dir`, failing with its stderr unless it exits with `code`.
pub fn ctlex_exits(dir: &Path, code: i32, args: &[&str]) -> Output {
    let output = ctlex(dir, args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "ctlex {}\nstderr:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Writes `contents` to `name` below `dir`, creating folders.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    path
}
