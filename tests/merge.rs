//! `analyze --format partial` on slices of the sample debate, then `merge`: byte for byte the
//! wide, long and terms tables (and the heatmap) of one run over the whole debate, whatever the slicing and the
//! order of the parts; and parts that do not add up refused with their file and line.

mod common;

use common::{assert_output_of, sample_statements, Workdir};

/// The wide, long and terms tables and the heatmap written by `command` (analyze or merge with
/// their inputs).
fn tables(wd: &Workdir, command: &[&str], tag: &str) -> [String; 4] {
    let [wide, long, terms, heatmap] =
        ["wide.csv", "long.csv", "terms.csv", "heatmap.svg"].map(|name| format!("{tag}.{name}"));
    wd.assert_exit(wd.ctlex(command).args(["-q", "-o", &wide]), 0);
    let long_args = ["-q", "--format", "long", "-o", &long, "--terms", &terms];
    wd.assert_exit(
        wd.ctlex(command)
            .args(long_args)
            .args(["--heatmap", &heatmap]),
        0,
    );
    [wide, long, terms, heatmap].map(|name| wd.read(&name))
}

/// Fails, showing the first line on which they differ, unless the tables are the same.
#[track_caller]
fn assert_same(expected: &[String; 4], actual: &[String; 4], what: &str) {
    for (name, (e, a)) in ["wide", "long", "terms", "heatmap"]
        .iter()
        .zip(expected.iter().zip(actual))
    {
        assert_output_of(&format!("{what}: the {name} table"), a, e);
    }
}

/// Writes the partial counts of each slice (`{tag}slice{i}` → `{tag}part{i}.jsonl`), grouped
/// `by`.
fn partials(wd: &Workdir, slicing: &[Vec<usize>], by: &str, tag: &str) -> Vec<String> {
    slicing
        .iter()
        .enumerate()
        .map(|(i, files)| {
            let (folder, part) = (format!("{tag}slice{i}"), format!("{tag}part{i}.jsonl"));
            wd.copy_sample(&folder, files);
            let args = ["analyze", &folder, "--by", by, "--format", "partial"];
            wd.assert_exit(wd.ctlex(&args).args(["-q", "-o", &part]), 0);
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
    let n = sample_statements().len();
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
        let wd = Workdir::new();
        wd.copy_sample("whole", &all);
        let whole = tables(&wd, &["analyze", "whole", "--by", by], "whole");
        for (s, slicing) in slicings.iter().enumerate() {
            let parts = partials(&wd, slicing, by, &format!("s{s}-"));
            for (o, order) in [parts.clone(), scrambled(&parts)].iter().enumerate() {
                let mut command = vec!["merge"];
                command.extend(order.iter().map(String::as_str));
                let merged = tables(&wd, &command, &format!("merged{s}-{o}"));
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
    let wd = Workdir::new();
    let n = sample_statements().len();
    wd.copy_sample("whole", &(0..n).collect::<Vec<_>>());
    let by = "language";
    let whole = tables(&wd, &["analyze", "whole", "--by", by], "whole");
    let slicing: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let parts = scrambled(&partials(&wd, &slicing, by, ""));
    let mut command = vec!["merge"];
    command.extend(parts.iter().map(String::as_str));
    assert_same(&whole, &tables(&wd, &command, "flat"), "20 parts");

    // A merge can write partial counts again, to be merged with others: a tree of merges.
    let (left, right) = parts.split_at(7);
    for (name, half) in [("left.jsonl", left), ("right.jsonl", right)] {
        let mut args = vec!["merge", "-q", "--format", "partial", "-o", name];
        args.extend(half.iter().map(String::as_str));
        wd.assert_exit(&mut wd.ctlex(&args), 0);
    }
    let staged = tables(&wd, &["merge", "right.jsonl", "left.jsonl"], "staged");
    assert_same(&whole, &staged, "two merges of partial merges");

    // Partial counts do not depend on the number of threads.
    let one = wd.assert_exit(
        &mut wd.ctlex(&["analyze", "whole", "--format", "partial", "-j", "1"]),
        0,
    );
    let two = wd.assert_exit(
        &mut wd.ctlex(&["analyze", "whole", "--format", "partial", "-j", "2"]),
        0,
    );
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn the_manifest_of_a_merge_lists_its_parts_and_what_they_counted() {
    let wd = Workdir::new();
    let parts = partials(&wd, &[vec![0, 1], vec![2]], "speaker", "");
    let (_, stderr) = wd.run(
        &mut wd.ctlex(&["merge", &parts[1], &parts[0], "-o", "merged.csv"]),
        0,
    );
    assert!(
        stderr.contains("merged 2 parts in ")
            && stderr.contains(": 3 statements from 3 files; skipped 0;"),
        "{stderr}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&wd.read("merged.csv.manifest.json")).unwrap();
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
    let wd = Workdir::new();
    wd.create(
        "a.jsonl",
        "{\"speaker\": \"A\", \"text\": \"Foreign terrorist fighters return.\"}\nnot json\n",
    );
    wd.create(
        "b.jsonl",
        "{\"speaker\": \"A\", \"text\": \"Sleeper cells.\"}\n",
    );
    wd.assert_exit(
        &mut wd.ctlex(&["analyze", "a.jsonl", "--format", "partial", "-o", "a.part"]),
        2,
    );
    wd.assert_exit(
        &mut wd.ctlex(&["analyze", "b.jsonl", "--format", "partial", "-o", "b.part"]),
        0,
    );
    let (wide, stderr) = wd.run(
        &mut wd.ctlex(&["merge", "b.part", "a.part", "--errors", "errors.csv"]),
        2,
    );
    assert!(stderr.contains("ctlex: warning: a.jsonl:2: "), "{stderr}");
    assert!(stderr.contains("skipped 1: 1 bad_row"), "{stderr}");
    let errors = wd.read("errors.csv");
    assert!(
        errors
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("a.jsonl,2,bad_row,"),
        "{errors}"
    );
    assert!(wide.lines().nth(1).unwrap().starts_with("A,2,"), "{wide}");
}

/// The exit code and first line of stderr of a merge of `parts`.
fn refused(wd: &Workdir, args: &[&str]) -> String {
    let (_, stderr) = wd.run(&mut wd.ctlex(args), 1);
    stderr.lines().next().unwrap_or("").to_string()
}

#[test]
fn parts_that_do_not_add_up_are_refused_with_their_file_and_line() {
    let wd = Workdir::new();
    let parts = partials(&wd, &[vec![0, 1], vec![2, 3]], "speaker", "");
    let good = wd.read(&parts[0]);
    let lines: Vec<&str> = good.lines().collect();

    // Cut short at a line end, and inside a line.
    wd.create("cut.jsonl", lines[..3].join("\n") + "\n");
    assert_eq!(
        refused(&wd, &["merge", &parts[1], "cut.jsonl"]),
        "ctlex: error: cut.jsonl: ends after line 3 without its end record: the file is cut short"
    );
    wd.create("torn.jsonl", &good[..good.len() - 20]);
    let torn = refused(&wd, &["merge", "torn.jsonl"]);
    assert!(
        torn.starts_with(&format!(
            "ctlex: error: torn.jsonl:{}: not a whole JSON record",
            lines.len()
        )),
        "{torn}"
    );

    // Not partial counts at all: the wide table.
    wd.assert_exit(
        &mut wd.ctlex(&["analyze", "slice0", "-q", "-o", "table.csv"]),
        0,
    );
    assert!(refused(&wd, &["merge", "table.csv"])
        .starts_with("ctlex: error: table.csv:1: not a partial-count file"));

    // Grouped otherwise.
    wd.assert_exit(
        &mut wd.ctlex(&[
            "analyze",
            "slice1",
            "--by",
            "delegation",
            "--format",
            "partial",
            "-q",
            "-o",
            "d.jsonl",
        ]),
        0,
    );
    assert_eq!(
        refused(&wd, &["merge", &parts[0], "d.jsonl"]),
        "ctlex: error: d.jsonl: grouped --by delegation, the other parts --by speaker (first: part0.jsonl)"
    );

    // Counted with another lexicon, merged with the bundled one, and the other way round.
    wd.create(
        "lexicon.csv",
        "theme,language,pattern\nftf,en,foreign terrorist fighter*\ncells,en,sleeper cell*\n",
    );
    wd.assert_exit(
        &mut wd.analyze(&["slice1", "--format", "partial", "-q", "-o", "l.jsonl"]),
        0,
    );
    let other = refused(&wd, &["merge", &parts[0], "l.jsonl"]);
    assert!(
        other.starts_with(
            "ctlex: error: l.jsonl:1: counted with another lexicon (lexicon.csv) than the one given to merge: themes only in this part: none; only in the other: afghanistan,"
        ),
        "{other}"
    );
    let back = refused(&wd, &["merge", "--lexicons", "lexicon.csv", &parts[0]]);
    assert!(
        back.starts_with("ctlex: error: part0.jsonl:1: counted with another lexicon (bundled)"),
        "{back}"
    );

    // A newer format, and the format before counts held both measures.
    wd.create(
        "v4.jsonl",
        good.replacen("\"version\":3", "\"version\":4", 1),
    );
    assert!(refused(&wd, &["merge", "v4.jsonl"])
        .starts_with("ctlex: error: v4.jsonl:1: partial-count format version 4; this ctlex"));
    wd.create(
        "v1.jsonl",
        good.replacen("\"version\":3", "\"version\":1", 1),
    );
    assert!(
        refused(&wd, &["merge", "v1.jsonl"]).ends_with(": count the part again with this ctlex")
    );

    // Two parts run together into one file.
    wd.create("both.jsonl", good.clone() + &wd.read(&parts[1]));
    assert_eq!(
        refused(&wd, &["merge", "both.jsonl"]),
        format!(
            "ctlex: error: both.jsonl:{}: a record after the end record: two files run together? \
             Give each part to merge as its own file",
            lines.len() + 1
        )
    );

    // A count that is not a whole number.
    wd.create(
        "float.jsonl",
        good.replacen("\"tokens\":", "\"tokens\":0.5e3,\"x\":", 1),
    );
    let float = refused(&wd, &["merge", "float.jsonl"]);
    assert!(
        float.starts_with(
            "ctlex: error: float.jsonl:2: not a partial-count record: invalid type: floating point"
        ),
        "{float}"
    );

    // Missing file, and outputs that need the text.
    assert!(refused(&wd, &["merge", "nowhere.jsonl"])
        .starts_with("ctlex: error: nowhere.jsonl: cannot read: "));
    assert!(refused(&wd, &["merge", &parts[0], "--matches", "m.csv"])
        .starts_with("ctlex: error: --matches needs the text of the statements"));
}

#[test]
fn a_part_merged_twice_or_an_input_counted_twice_is_refused() {
    let wd = Workdir::new();
    let parts = partials(&wd, &[vec![0, 1]], "speaker", "");
    let part = &parts[0];
    wd.create("copy.jsonl", wd.read(part));
    let twice = refused(&wd, &["merge", part, "copy.jsonl"]);
    assert!(
        twice.starts_with(&format!(
            "ctlex: error: copy.jsonl: the same partial counts as {part}, byte for byte"
        )),
        "{twice}"
    );
    // A part that names the same input among others (as a second run over an overlapping
    // selection would).
    let again = wd.read(part).replacen(
        "\"inputs\":[\"slice0\"]",
        "\"inputs\":[\"other\",\"slice0\"]",
        1,
    );
    assert!(again != wd.read(part));
    wd.create("again.jsonl", again);
    let overlap = refused(&wd, &["merge", part, "again.jsonl"]);
    assert!(
        overlap.starts_with("ctlex: error: again.jsonl: counted the input `slice0`"),
        "{overlap}"
    );
    wd.assert_exit(
        &mut wd.ctlex(&["merge", part, "again.jsonl", "--allow-overlap", "-q"]),
        0,
    );
}
