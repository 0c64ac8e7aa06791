//! Helpers shared by the end-to-end tests of layouts and dirty input: run the real binary in a
//! folder, write files into it.

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

/// Writes `contents` to `name` below `dir`, creating folders.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    path
}
