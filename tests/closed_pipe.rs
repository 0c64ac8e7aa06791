//! Writing into a pipe whose reader has gone (`ctlex analyze | head`) ends quietly with exit code
//! 0, whichever command writes and whichever of its writers meets the closed pipe.

mod common;

use std::process::Stdio;

use common::{sample_statements, Workdir};

/// Runs the binary in `wd` with its stdout closed from the start, so that every write meets a
/// closed pipe; returns the exit code and stderr.
fn run_into_closed_pipe(wd: &Workdir, args: &[&str]) -> (Option<i32>, String) {
    let mut child = wd
        .ctlex(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let commands: &[&[&str]] = &[
        &["analyze", "-q"],
        &["analyze", "-q", "--by", "doc", "--format", "long"],
        &[
            "analyze", "-q", "--by", "doc", "--excel", "--format", "long",
        ],
        &[
            "compare",
            "-q",
            "Russian Federation",
            "France",
            "--by",
            "delegation",
        ],
        &["lexicon", "list"],
        &["lexicon", "export"],
        &["lexicon", "export", "--format", "yaml"],
        &["lexicon", "coverage", "corpus"],
        &["split", "corpus/01_president.txt"],
        &["analyze", "-q", "--errors", "/dev/stdout", "--by", "doc"],
        &["kwic", "-q", "terror*", "--format", "csv"],
        &[
            "kwic",
            "-q",
            "terror*",
            "--format",
            "text",
            "--by",
            "delegation",
        ],
    ];
    // The sample debate as `corpus`, the default input.
    let wd = Workdir::new();
    wd.copy_sample(
        "corpus",
        &(0..sample_statements().len()).collect::<Vec<_>>(),
    );
    for args in commands {
        let (code, stderr) = run_into_closed_pipe(&wd, args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
    }
}
