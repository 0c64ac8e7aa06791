//! Every output of a run is whole and from that run: an output never overwrites an input or
//! another output, a symlink or a standard stream is written through rather than replaced, an
//! output whose name says another format is refused, a run that fails half-way leaves the old
//! files as they were, and a closed stderr or an absurd `--threads` never makes the run panic.

mod common;

use std::process::Stdio;

use common::{Workdir, LEXICON};

const STATEMENTS: &str = "speaker,text\n\
    A,Foreign terrorist fighters return.\n\
    B,The CSTO met.\n";

/// A folder with the lexicon and `t.csv`.
fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.create("lexicon.csv", LEXICON);
    wd.create("t.csv", STATEMENTS);
    wd
}

/// The names in the folder that look like temporary files.
fn temporaries(wd: &Workdir) -> Vec<String> {
    wd.names()
        .into_iter()
        .filter(|n| n.starts_with(".tmp"))
        .collect()
}

#[track_caller]
fn assert_refused(wd: &Workdir, args: &[&str], words: &[&str]) -> String {
    let stderr = wd.stderr(&mut wd.analyze(args), 1);
    for word in words {
        assert!(stderr.contains(word), "no `{word}` in: {stderr}");
    }
    stderr
}

// 1. An output that is an input.

#[test]
fn an_output_naming_an_input_is_refused_before_reading() {
    let wd = workdir();
    std::fs::create_dir(wd.path("sub")).unwrap();
    for (option, path) in [
        ("-o", "t.csv"),
        ("-o", "./sub/../t.csv"),
        ("--matches", "t.csv"),
        ("--terms", "t.csv"),
        ("--errors", "t.csv"),
        ("--terms", "lexicon.csv"),
    ] {
        let stderr = assert_refused(&wd, &["t.csv", option, path], &[option, path, "input"]);
        assert!(!stderr.contains("layout"), "read before refusing: {stderr}");
        assert_eq!(wd.read("t.csv"), STATEMENTS, "{option} {path}");
        assert_eq!(wd.read("lexicon.csv"), LEXICON, "{option} {path}");
    }
}

#[test]
fn an_output_inside_an_input_folder_is_refused() {
    let wd = workdir();
    wd.create("corpus/a.txt", "Foreign terrorist fighters return.\n");
    assert_refused(
        &wd,
        &["corpus", "--report", "corpus/report.html"],
        &["--report", "corpus/report.html", "corpus"],
    );
    assert!(!wd.path("corpus/report.html").exists());
}

#[test]
fn two_outputs_of_one_run_naming_the_same_file_are_refused() {
    let wd = workdir();
    assert_refused(
        &wd,
        &["t.csv", "-o", "x.csv", "--matches", "x.csv"],
        &["-o", "--matches", "x.csv"],
    );
    assert!(!wd.path("x.csv").exists());
    // Through a path that only differs in spelling.
    assert_refused(
        &wd,
        &["t.csv", "--terms", "x.csv", "--matches", "./x.csv"],
        &["--terms", "--matches"],
    );
}

#[test]
fn merge_refuses_an_output_naming_a_part() {
    let wd = workdir();
    wd.run(
        &mut wd.analyze(&["t.csv", "--format", "partial", "-o", "p.jsonl"]),
        0,
    );
    let before = wd.read("p.jsonl");
    let stderr = wd.stderr(
        wd.ctlex(&["merge", "p.jsonl", "--lexicons", "lexicon.csv"])
            .args(["--terms", "p.jsonl"]),
        1,
    );
    assert!(
        stderr.contains("--terms") && stderr.contains("p.jsonl"),
        "{stderr}"
    );
    assert_eq!(wd.read("p.jsonl"), before);
}

#[test]
fn lexicon_commands_refuse_an_output_naming_their_input() {
    let wd = workdir();
    for args in [
        &[
            "lexicon",
            "export",
            "--lexicons",
            "lexicon.csv",
            "-o",
            "lexicon.csv",
        ][..],
        &[
            "lexicon",
            "coverage",
            "t.csv",
            "--lexicons",
            "lexicon.csv",
            "-o",
            "t.csv",
        ],
    ] {
        let stderr = wd.stderr(&mut wd.ctlex(args), 1);
        assert!(stderr.contains("-o"), "{args:?}: {stderr}");
        assert_eq!(wd.read("t.csv"), STATEMENTS);
        assert_eq!(wd.read("lexicon.csv"), LEXICON);
    }
}

#[test]
fn the_metadata_beside_a_statement_is_an_input() {
    let wd = workdir();
    wd.create("a.txt", "Foreign terrorist fighters return.\n");
    wd.create("metadata.csv", "file,speaker\na.txt,A\n");
    assert_refused(&wd, &["a.txt", "-o", "metadata.csv"], &["metadata.csv"]);
    assert_eq!(wd.read("metadata.csv"), "file,speaker\na.txt,A\n");
}

// 2. Symlinks and standard streams.

#[cfg(unix)]
#[test]
fn an_output_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let wd = workdir();
    std::fs::create_dir(wd.path("real")).unwrap();
    std::fs::write(wd.path("real/out.csv"), "old").unwrap();
    std::os::unix::fs::symlink("real/out.csv", wd.path("link.csv")).unwrap();
    wd.run(&mut wd.analyze(&["t.csv", "-q", "-o", "link.csv"]), 0);
    let link = std::fs::symlink_metadata(wd.path("link.csv")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(
        wd.read("real/out.csv").contains("ftf"),
        "the target was not written"
    );
    assert!(temporaries(&wd).is_empty());
}

#[test]
fn a_dash_is_standard_output_not_a_file() {
    let wd = workdir();
    let plain = wd.stdout(&mut wd.analyze(&["t.csv", "-q"]));
    let dashed = wd.stdout(&mut wd.analyze(&["t.csv", "-q", "-o", "-"]));
    assert_eq!(plain, dashed);
    assert!(!wd.path("-").exists(), "a file named `-`");
    assert!(!wd.path("-.manifest.json").exists());
}

#[test]
fn matches_dash_goes_to_standard_output_when_the_table_does_not() {
    let wd = workdir();
    let hits = wd.stdout(&mut wd.analyze(&["t.csv", "-q", "-o", "out.csv", "--matches", "-"]));
    assert!(hits.contains("Foreign terrorist fighters"), "{hits}");
    assert!(wd.read("out.csv").contains("ftf"));
    assert!(!wd.path("-").exists(), "a file named `-`");
    let stderr = wd.stderr(&mut wd.analyze(&["t.csv", "-q", "--matches", "-"]), 1);
    assert!(
        stderr.contains("--matches") && stderr.contains("standard output"),
        "{stderr}"
    );
    assert!(!wd.path("-").exists(), "a file named `-`");
}

/// Runs `ctlex analyze t.csv -q -o DEVICE` with stdout redirected to `stdout.txt`.
#[cfg(unix)]
fn into_redirected_stdout(wd: &Workdir, device: &str) {
    let file = std::fs::File::create(wd.path("stdout.txt")).unwrap();
    let output = wd.output(
        wd.analyze(&["t.csv", "-q", "-o", device])
            .stdout(Stdio::from(file)),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{device}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(wd.read("stdout.txt").contains("ftf"), "{device}");
}

#[cfg(unix)]
#[test]
fn dev_fd_1_is_standard_output_even_when_it_is_a_file() {
    let wd = workdir();
    into_redirected_stdout(&wd, "/dev/fd/1");
}

#[cfg(target_os = "linux")]
#[test]
fn dev_stdout_stays_a_link_when_standard_output_is_a_file() {
    let wd = workdir();
    into_redirected_stdout(&wd, "/dev/stdout");
    let kind = std::fs::symlink_metadata("/dev/stdout")
        .unwrap()
        .file_type();
    assert!(kind.is_symlink(), "/dev/stdout is no longer a link");
}

// 3. Extension and format.

#[test]
fn an_output_named_for_another_format_is_refused() {
    let wd = workdir();
    for (args, words) in [
        (&["-o", "themes.xlsx"][..], &["themes.xlsx", "--xlsx"][..]),
        (&["--xlsx", "x.csv"], &["--xlsx", "x.csv", "workbook"]),
        (&["--report", "r.csv"], &["--report", "r.csv", "HTML"]),
        (&["--heatmap", "h.csv"], &["--heatmap", "h.csv", "SVG"]),
        (
            &["--terms", "terms.html"],
            &["--terms", "terms.html", "--report"],
        ),
    ] {
        let mut all = vec!["t.csv", "-q"];
        all.extend(args);
        assert_refused(&wd, &all, words);
    }
    assert_eq!(wd.names(), ["lexicon.csv", "t.csv"]);
}

// 4. All outputs of a run together.

#[test]
fn a_run_failing_half_way_leaves_the_old_outputs_and_manifests() {
    let wd = workdir();
    wd.run(
        &mut wd.analyze(&["t.csv", "-q", "-o", "out.csv", "--terms", "terms.csv"]),
        0,
    );
    let names = [
        "out.csv",
        "out.csv.manifest.json",
        "terms.csv",
        "terms.csv.manifest.json",
    ];
    let before: Vec<String> = names.iter().map(|n| wd.read(n)).collect();
    // Another input, and a heatmap that cannot be renamed into place (a folder is in the way).
    wd.create("t.csv", "speaker,text\nC,Sleeper cells and the CSTO.\n");
    std::fs::create_dir(wd.path("map.svg")).unwrap();
    wd.run(
        &mut wd.analyze(&[
            "t.csv",
            "-q",
            "-o",
            "out.csv",
            "--terms",
            "terms.csv",
            "--heatmap",
            "map.svg",
        ]),
        1,
    );
    let after: Vec<String> = names.iter().map(|n| wd.read(n)).collect();
    assert_eq!(before, after, "a failed run changed an old output");
    assert!(temporaries(&wd).is_empty(), "{:?}", wd.names());
}

// 5. A closed stderr.

#[test]
fn a_closed_stderr_pipe_does_not_stop_the_run() {
    let wd = workdir();
    let mut child = wd
        .analyze(&["t.csv", "-v", "-o", "out.csv"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status}");
    assert!(wd.read("out.csv").contains("ftf"));
}

#[cfg(unix)]
#[test]
fn a_closed_stderr_descriptor_does_not_stop_the_run() {
    let wd = workdir();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" \"$@\" 2>&-")
        .arg(env!("CARGO_BIN_EXE_ctlex"))
        .args([
            "analyze",
            "t.csv",
            "-v",
            "-o",
            "out.csv",
            "--lexicons",
            "lexicon.csv",
        ])
        .current_dir(wd.root())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0), "{status}");
    assert!(wd.read("out.csv").contains("ftf"));
}

// 6. --threads bounded.

#[test]
fn threads_zero_is_refused() {
    let wd = workdir();
    assert_refused(&wd, &["t.csv", "--threads", "0"], &["--threads"]);
}

#[test]
fn absurd_threads_are_clamped_with_a_note() {
    let wd = workdir();
    let (stdout, stderr) = wd.run(&mut wd.analyze(&["t.csv", "--threads", "100000"]), 0);
    assert!(stdout.contains("ftf"));
    assert!(stderr.contains("--threads 100000"), "{stderr}");
}

// 7. SVG heatmap escaping.

#[test]
fn the_heatmap_is_valid_xml_whatever_the_group_names() {
    let wd = workdir();
    wd.create(
        "t.csv",
        "speaker,text\n\"a\u{1}b <&> \"\"q\"\"\",Foreign terrorist fighters return.\n",
    );
    wd.run(
        &mut wd.analyze(&["t.csv", "-q", "--by", "speaker", "--heatmap", "h.svg"]),
        0,
    );
    let svg = wd.read("h.svg");
    let bad: Vec<char> = svg
        .chars()
        .filter(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}')
        .collect();
    assert!(bad.is_empty(), "characters XML forbids: {bad:?}");
    assert!(svg.contains("&lt;&amp;&gt;"), "{svg}");
    assert!(temporaries(&wd).is_empty());
}

// 8. Formula neutralisation in every CSV.

#[test]
fn split_neutralises_formula_like_text() {
    let wd = workdir();
    wd.create(
        "r.txt",
        "=HYPERLINK(\"http://x\",\"y\") opened the meeting.\n",
    );
    let output = wd.output(&mut wd.ctlex(&["split", "r.txt"]));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("\"'=HYPERLINK("), "{stdout}");
}

#[test]
fn the_errors_list_neutralises_its_cells_unless_raw_cells() {
    let wd = workdir();
    wd.create("=x.csv", "speaker,text\nA,\"a quote never closed\n");
    wd.run(&mut wd.analyze(&["=x.csv", "-q", "--errors", "e.csv"]), 2);
    assert!(
        wd.read("e.csv").contains("\n'=x.csv,"),
        "{}",
        wd.read("e.csv")
    );
    wd.run(
        &mut wd.analyze(&["=x.csv", "-q", "--errors", "e.csv", "--raw-cells"]),
        2,
    );
    assert!(
        wd.read("e.csv").contains("\n=x.csv,"),
        "{}",
        wd.read("e.csv")
    );
}

// 9. Two runs writing the same output.

/// Starts `ctlex analyze endless.csv --by doc --matches hits.csv ARGS…` reading a named pipe, and
/// returns once the run is writing (its hits' temporary file is there), with the pipe's writing
/// end: dropping it ends the run.
#[cfg(unix)]
fn start_endless_run(wd: &Workdir, args: &[&str]) -> (std::process::Child, std::fs::File) {
    use std::time::{Duration, Instant};
    wd.fifo("endless.csv");
    let child = wd
        .analyze(&["endless.csv", "-q", "--by", "doc", "--matches", "hits.csv"])
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let rows: String = (0..500)
        .map(|row| format!("{row},Foreign terrorist fighters met the CSTO.\n"))
        .collect();
    let pipe = wd.feed("endless.csv", &format!("id,text\n{rows}"));
    let started = Instant::now();
    while temporaries(wd).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the first run wrote nothing: {:?}",
            wd.names()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, pipe)
}

#[cfg(unix)]
#[test]
fn a_second_run_to_the_same_output_is_refused_while_the_first_writes() {
    let wd = workdir();
    let (first, pipe) = start_endless_run(&wd, &["-o", "out.csv"]);
    // The same file however it is spelled, and whichever option names it.
    for args in [
        &["t.csv", "-q", "-o", "out.csv"][..],
        &["t.csv", "-q", "-o", "./out.csv"],
        &["t.csv", "-q", "-o", "other.csv", "--terms", "out.csv"],
    ] {
        let stderr = wd.stderr(&mut wd.analyze(args), 75);
        assert!(
            stderr.contains("another ctlex run is writing") && stderr.contains("out.csv"),
            "{stderr}"
        );
        assert!(!stderr.contains("layout"), "read before refusing: {stderr}");
    }
    // The refused runs wrote nothing and took nothing away from the first.
    assert!(!wd.path("out.csv").exists() && !wd.path("other.csv").exists());
    drop(pipe);
    let output = first.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (table, manifest) = (wd.read("out.csv"), wd.read("out.csv.manifest.json"));
    assert_eq!(table.lines().count(), 501, "{table}");
    assert!(manifest.contains("endless.csv"), "{manifest}");
    assert!(!manifest.contains("\"t.csv\""), "{manifest}");
}

#[test]
fn a_run_leaves_no_lock_file_behind() {
    let wd = workdir();
    for code in [0, 0] {
        wd.run(
            &mut wd.analyze(&["t.csv", "-q", "-o", "out.csv", "--terms", "terms.csv"]),
            code,
        );
    }
    // A failed run too.
    wd.create("t.csv", "speaker,text\nC,Sleeper cells.\n");
    std::fs::create_dir(wd.path("map.svg")).unwrap();
    wd.run(
        &mut wd.analyze(&["t.csv", "-q", "-o", "out.csv", "--heatmap", "map.svg"]),
        1,
    );
    assert_eq!(
        wd.names(),
        [
            "lexicon.csv",
            "map.svg",
            "out.csv",
            "out.csv.manifest.json",
            "t.csv",
            "terms.csv",
            "terms.csv.manifest.json"
        ]
    );
}
