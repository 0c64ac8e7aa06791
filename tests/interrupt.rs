//! An interrupted run leaves nothing behind: the binary reads a named pipe that never ends, is
//! sent a signal while its outputs are being written, and must end with 128 + the signal's
//! number, leaving no temporary file, no lock file and no output in the folder. Every signal
//! whose default is to end the process is covered, not only Ctrl-C and SIGTERM.
#![cfg(unix)]

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Workdir;

fn interrupted_run_leaves_nothing(signal: &str, code: i32) {
    let wd = Workdir::new();
    wd.fifo("endless.csv");
    let child = wd
        .command("analyze")
        .args([
            "endless.csv",
            "--by",
            "doc",
            "--matches",
            "hits.csv",
            "--terms",
            "terms.csv",
            "-o",
            "out.csv",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Opening the pipe waits for the binary to open it too; then it reads what comes and waits
    // for more.
    let rows: String = (0..2000)
        .map(|row| format!("{row},Foreign terrorist fighters crossed the border again.\n"))
        .collect();
    let pipe = wd.feed("endless.csv", &format!("id,text\n{rows}"));
    // The hits are streamed into a temporary file from the start of the run.
    let started = Instant::now();
    while !wd.names().iter().any(|n| n.starts_with(".tmp")) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no temporary file appeared: {:?}",
            wd.names()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    drop(pipe);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(wd.names(), ["endless.csv"], "{stderr}");
}

#[test]
fn ctrl_c_leaves_no_temporary_file_and_no_output() {
    interrupted_run_leaves_nothing("-INT", 130);
}

#[test]
fn sigterm_leaves_no_temporary_file_and_no_output() {
    interrupted_run_leaves_nothing("-TERM", 143);
}

#[test]
fn sighup_leaves_no_temporary_file_and_no_output() {
    interrupted_run_leaves_nothing("-HUP", 129);
}

#[test]
fn sigquit_leaves_no_temporary_file_and_no_output() {
    interrupted_run_leaves_nothing("-QUIT", 131);
}

#[test]
fn sigusr1_leaves_no_temporary_file_and_no_output() {
    interrupted_run_leaves_nothing("-USR1", 138);
}

#[test]
fn sigusr2_leaves_no_temporary_file_and_no_output() {
    interrupted_run_leaves_nothing("-USR2", 140);
}

#[test]
fn sigalrm_leaves_no_temporary_file_and_no_output() {
    interrupted_run_leaves_nothing("-ALRM", 142);
}
