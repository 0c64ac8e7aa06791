//! `analyze --format partial` on slices of the sample debate, then `merge`: byte for byte the
//! wide, long and terms tables (and the heatmap) of one run over the whole debate, whatever the slicing and the
//! order of the parts; and parts that do not add up refused with their file and line.

mod common;

use std::path::{Path, PathBuf};

use common::{ctlex_exits, write};

/// The sample debate's statements, in name order.
fn corpus_files() -> Vec<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// Copies the statements numbered in `files` into the folder `name` below `dir`, with the
/// debate's metadata.
fn slice(dir: &Path, name: &str, files: &[usize]) {
    let corpus = corpus_files();
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    let metadata = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/metadata.csv");
    std::fs::copy(metadata, folder.join("metadata.csv")).unwrap();
    for &i in files {
        let file = &corpus[i];
        std::fs::copy(file, folder.join(file.file_name().unwrap())).unwrap();
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The wide, long and terms tables and the heatmap written by `command` (analyze or merge with
/// their inputs).
fn tables(dir: &Path, command: &[&str], tag: &str) -> [String; 4] {
    let [wide, long, terms, heatmap] =
        ["wide.csv", "long.csv", "terms.csv", "heatmap.svg"].map(|name| format!("{tag}.{name}"));
    ctlex_exits(dir, 0, &[command, &["-q", "-o", &wide]].concat());
    let long_args = ["-q", "--format", "long", "-o", &long, "--terms", &terms];
    ctlex_exits(
        dir,
        0,
        &[command, &long_args, &["--heatmap", &heatmap]].concat(),
    );
    [wide, long, terms, heatmap].map(|name| read(dir, &name))
}

/// Shows the first line on which two tables differ.
fn assert_same(expected: &[String; 4], actual: &[String; 4], what: &str) {
    for (name, (e, a)) in ["wide", "long", "terms", "heatmap"]
        .iter()
        .zip(expected.iter().zip(actual))
    {
        if e != a {
            let line = e
                .lines()
                .zip(a.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(e.lines().count().min(a.lines().count()));
            panic!(
                "{what}: the {name} tables differ at line {}\n one run: {:?}\n merged:  {:?}",
                line + 1,
                e.lines().nth(line),
                a.lines().nth(line)
            );
        }
    }
}

/// Writes the partial counts of each slice (`{tag}slice{i}` → `{tag}part{i}.jsonl`), grouped
/// `by`.
fn partials(dir: &Path, slicing: &[Vec<usize>], by: &str, tag: &str) -> Vec<String> {
    slicing
        .iter()
        .enumerate()
        .map(|(i, files)| {
            let (folder, part) = (format!("{tag}slice{i}"), format!("{tag}part{i}.jsonl"));
            slice(dir, &folder, files);
            let args = ["analyze", &folder, "--by", by, "--format", "partial"];
            ctlex_exits(dir, 0, &[&args[..], &["-q", "-o", &part]].concat());
            part
        })
        .collect()
}

/// `parts` in a fixed scrambled order.
fn scrambled(parts: &[String]) -> Vec<String> {
    let n = parts.len();
    let step = (1..=n)
        .rev()
        .find(|s| gcd(*s, n) == 1 && *s < n)
        .unwrap_or(1);
    (0..n).map(|i| parts[(i * step + 1) % n].clone()).collect()
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[test]
fn merged_slices_equal_one_run_over_the_whole() {
    let n = corpus_files().len();
    assert_eq!(n, 20, "the sample debate has 20 statements");
    let all: Vec<usize> = (0..n).collect();
    let slicings: Vec<Vec<Vec<usize>>> = vec![
        vec![all.clone()],
        vec![(0..7).collect(), (7..n).collect()],
        // Uneven, interleaved, and one slice without any statement.
        vec![
            all.iter().copied().filter(|i| i % 3 == 0).collect(),
            all.iter().copied().filter(|i| i % 3 != 0).collect(),
            vec![],
        ],
    ];
    for by in ["delegation,language", "speaker"] {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        slice(dir, "whole", &all);
        let whole = tables(dir, &["analyze", "whole", "--by", by], "whole");
        for (s, slicing) in slicings.iter().enumerate() {
            let parts = partials(dir, slicing, by, &format!("s{s}-"));
            for (o, order) in [parts.clone(), scrambled(&parts)].iter().enumerate() {
                let mut command = vec!["merge"];
                command.extend(order.iter().map(String::as_str));
                let merged = tables(dir, &command, &format!("merged{s}-{o}"));
                assert_same(
                    &whole,
                    &merged,
                    &format!("--by {by}, slicing {s}, order {order:?}"),
                );
            }
        }
    }
}

#[test]
fn one_part_per_statement_merges_in_any_order_and_in_stages() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let n = corpus_files().len();
    slice(dir, "whole", &(0..n).collect::<Vec<_>>());
    let by = "language";
    let whole = tables(dir, &["analyze", "whole", "--by", by], "whole");
    let slicing: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let parts = scrambled(&partials(dir, &slicing, by, ""));
    let mut command = vec!["merge"];
    command.extend(parts.iter().map(String::as_str));
    assert_same(&whole, &tables(dir, &command, "flat"), "20 parts");

    // A merge can write partial counts again, to be merged with others: a tree of merges.
    let (left, right) = parts.split_at(7);
    for (name, half) in [("left.jsonl", left), ("right.jsonl", right)] {
        let mut args = vec!["merge", "-q", "--format", "partial", "-o", name];
        args.extend(half.iter().map(String::as_str));
        ctlex_exits(dir, 0, &args);
    }
    let staged = tables(dir, &["merge", "right.jsonl", "left.jsonl"], "staged");
    assert_same(&whole, &staged, "two merges of partial merges");

    // Partial counts do not depend on the number of threads.
    let one = ctlex_exits(
        dir,
        0,
        &["analyze", "whole", "--format", "partial", "-j", "1"],
    );
    let two = ctlex_exits(
        dir,
        0,
        &["analyze", "whole", "--format", "partial", "-j", "2"],
    );
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn the_manifest_of_a_merge_lists_its_parts_and_what_they_counted() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let parts = partials(dir, &[vec![0, 1], vec![2]], "speaker", "");
    let output = ctlex_exits(dir, 0, &["merge", &parts[1], &parts[0], "-o", "merged.csv"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("merged 2 parts in ")
            && stderr.contains(": 3 statements from 3 files; skipped 0;"),
        "{stderr}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&read(dir, "merged.csv.manifest.json")).unwrap();
    let inputs: Vec<&str> = manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["part1.jsonl", "part0.jsonl"]);
    assert_eq!(manifest["options"]["command"], "merge");
    assert_eq!(
        manifest["options"]["counted_from"],
        serde_json::json!(["slice1", "slice0"])
    );
    assert_eq!(manifest["counts"]["statements"], 3);
    assert!(manifest["notes"][0]
        .as_str()
        .unwrap()
        .starts_with("added up from 2 partial-count files"));
}

#[test]
fn problems_recorded_in_parts_are_reported_again_by_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(
        dir,
        "a.jsonl",
        "{\"speaker\": \"A\", \"text\": \"Foreign terrorist fighters return.\"}\nnot json\n",
    );
    write(
        dir,
        "b.jsonl",
        "{\"speaker\": \"A\", \"text\": \"Sleeper cells.\"}\n",
    );
    ctlex_exits(
        dir,
        2,
        &["analyze", "a.jsonl", "--format", "partial", "-o", "a.part"],
    );
    ctlex_exits(
        dir,
        0,
        &["analyze", "b.jsonl", "--format", "partial", "-o", "b.part"],
    );
    let output = ctlex_exits(
        dir,
        2,
        &["merge", "b.part", "a.part", "--errors", "errors.csv"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ctlex: warning: a.jsonl:2: "), "{stderr}");
    assert!(stderr.contains("skipped 1: 1 bad_row"), "{stderr}");
    let errors = read(dir, "errors.csv");
    assert!(
        errors
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("a.jsonl,2,bad_row,"),
        "{errors}"
    );
    let wide = String::from_utf8(output.stdout).unwrap();
    assert!(wide.lines().nth(1).unwrap().starts_with("A,2,"), "{wide}");
}

/// The exit code and first line of stderr of a merge of `parts`.
fn refused(dir: &Path, args: &[&str]) -> String {
    let output = ctlex_exits(dir, 1, args);
    let stderr = String::from_utf8(output.stderr).unwrap();
    stderr.lines().next().unwrap_or("").to_string()
}

#[test]
fn parts_that_do_not_add_up_are_refused_with_their_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let parts = partials(dir, &[vec![0, 1], vec![2, 3]], "speaker", "");
    let good = read(dir, &parts[0]);
    let lines: Vec<&str> = good.lines().collect();

    // Cut short at a line end, and inside a line.
    write(dir, "cut.jsonl", lines[..3].join("\n") + "\n");
    assert_eq!(
        refused(dir, &["merge", &parts[1], "cut.jsonl"]),
        "ctlex: error: cut.jsonl: ends after line 3 without its end record: the file is cut short"
    );
    write(dir, "torn.jsonl", &good[..good.len() - 20]);
    let torn = refused(dir, &["merge", "torn.jsonl"]);
    assert!(
        torn.starts_with(&format!(
            "ctlex: error: torn.jsonl:{}: not a whole JSON record",
            lines.len()
        )),
        "{torn}"
    );

    // Not partial counts at all: the wide table.
    ctlex_exits(dir, 0, &["analyze", "slice0", "-q", "-o", "table.csv"]);
    assert!(refused(dir, &["merge", "table.csv"])
        .starts_with("ctlex: error: table.csv:1: not a partial-count file"));

    // Grouped otherwise.
    ctlex_exits(
        dir,
        0,
        &[
            "analyze",
            "slice1",
            "--by",
            "delegation",
            "--format",
            "partial",
            "-q",
            "-o",
            "d.jsonl",
        ],
    );
    assert_eq!(
        refused(dir, &["merge", &parts[0], "d.jsonl"]),
        "ctlex: error: d.jsonl: grouped --by delegation, the other parts --by speaker (first: part0.jsonl)"
    );

    // Counted with another lexicon, merged with the bundled one, and the other way round.
    write(
        dir,
        "lexicon.csv",
        "theme,language,pattern\nftf,en,foreign terrorist fighter*\ncells,en,sleeper cell*\n",
    );
    ctlex_exits(
        dir,
        0,
        &[
            "analyze",
            "slice1",
            "--lexicons",
            "lexicon.csv",
            "--format",
            "partial",
            "-q",
            "-o",
            "l.jsonl",
        ],
    );
    let other = refused(dir, &["merge", &parts[0], "l.jsonl"]);
    assert!(
        other.starts_with(
            "ctlex: error: l.jsonl:1: counted with another lexicon (lexicon.csv) than the one given to merge: themes only in this part: none; only in the other: afghanistan,"
        ),
        "{other}"
    );
    let back = refused(dir, &["merge", "--lexicons", "lexicon.csv", &parts[0]]);
    assert!(
        back.starts_with("ctlex: error: part0.jsonl:1: counted with another lexicon (bundled)"),
        "{back}"
    );

    // A newer format.
    write(
        dir,
        "v2.jsonl",
        good.replacen("\"version\":1", "\"version\":2", 1),
    );
    assert!(refused(dir, &["merge", "v2.jsonl"])
        .starts_with("ctlex: error: v2.jsonl:1: partial-count format version 2; this ctlex"));

    // Two parts run together into one file.
    write(dir, "both.jsonl", good.clone() + &read(dir, &parts[1]));
    assert_eq!(
        refused(dir, &["merge", "both.jsonl"]),
        format!(
            "ctlex: error: both.jsonl:{}: a record after the end record: two files run together? \
             Give each part to merge as its own file",
            lines.len() + 1
        )
    );

    // A count that is not a whole number.
    write(
        dir,
        "float.jsonl",
        good.replacen("\"tokens\":", "\"tokens\":0.5e3,\"x\":", 1),
    );
    let float = refused(dir, &["merge", "float.jsonl"]);
    assert!(
        float.starts_with(
            "ctlex: error: float.jsonl:2: not a partial-count record: invalid type: floating point"
        ),
        "{float}"
    );

    // Missing file, and outputs that need the text.
    assert!(refused(dir, &["merge", "nowhere.jsonl"])
        .starts_with("ctlex: error: nowhere.jsonl: cannot read: "));
    assert!(refused(dir, &["merge", &parts[0], "--matches", "m.csv"])
        .starts_with("ctlex: error: --matches needs the text of the statements"));
}
