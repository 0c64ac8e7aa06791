//! End-to-end tests of `--where` on analyze and compare: the real binary on tables written to a
//! temporary folder and on the sample debate, with whole outputs compared.

mod common;

use std::process::Command;

use common::{assert_output, sample_corpus, Workdir, LEXICON};

const DEBATE_CSV: &str = "\
id,delegation,year,text
1,France,2014,Foreign terrorist fighters return home.
2,\"Korea, Republic of\",2016,Sleeper cells and foreign terrorist fighters.
3,Chad,2018,A sleeper cell was found.
4,France,n/a,The CSTO met.
5,Chad,2020,
";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.create("lexicon.csv", LEXICON);
    wd.create("debate.csv", DEBATE_CSV);
    wd
}

/// The wide table of `analyze debate.csv --by delegation` with `filters`, and its stderr.
fn analyze(wd: &Workdir, filters: &[&str]) -> (String, String) {
    let mut args = vec!["debate.csv", "--by", "delegation"];
    for filter in filters {
        args.extend(["--where", filter]);
    }
    wd.run(&mut wd.analyze(&args), 0)
}

#[test]
fn where_counts_only_the_statements_it_keeps() {
    let wd = workdir();
    let (out, err) = analyze(&wd, &["year>=2015"]);
    assert_output(
        &out,
        "\
delegation,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
Chad,2,5,0,0,0,1,0,0
\"Korea, Republic of\",1,6,1,1,0,1,1,0
",
    );
    assert!(
        err.contains("--where year>=2015: kept 3 of 5 statements read"),
        "{err}"
    );
}

#[test]
fn a_value_with_a_comma_is_escaped_or_quoted() {
    let wd = workdir();
    for filter in [
        "delegation=Korea\\, Republic of",
        "delegation=\"Korea, Republic of\"",
        "delegation=France,\"Korea, Republic of\"",
    ] {
        let (out, _) = analyze(&wd, &[filter]);
        assert!(
            out.contains("\"Korea, Republic of\",1,6,"),
            "{filter}:\n{out}"
        );
    }
    let (out, _) = analyze(&wd, &["delegation=France,\"Korea, Republic of\""]);
    assert_eq!(out.lines().count(), 3, "{out}");
}

#[test]
fn repeated_conditions_must_all_hold() {
    let wd = workdir();
    let (out, err) = analyze(&wd, &["delegation=France,Chad", "year<=2018"]);
    assert_output(
        &out,
        "\
delegation,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
Chad,1,5,0,0,0,1,0,0
France,1,5,0,1,0,0,1,0
",
    );
    assert!(
        err.contains("--where delegation=France,Chad and year<=2018: kept 2 of 5"),
        "{err}"
    );
}

#[test]
fn an_unknown_column_is_refused_naming_the_input_and_nothing_is_written() {
    let wd = workdir();
    let err = wd.stderr(
        &mut wd.analyze(&[
            "debate.csv",
            "--by",
            "delegation",
            "--where",
            "region=Africa",
            "-o",
            "out.csv",
        ]),
        1,
    );
    assert!(
        err.contains("debate.csv: no column `region` (columns: id, delegation, year, text)"),
        "{err}"
    );
    assert!(!wd.path("out.csv").exists());
}

#[test]
fn a_malformed_condition_is_refused_before_anything_is_read() {
    let wd = workdir();
    for (filter, wanted) in [
        ("delegation", "--where `delegation`: needs COLUMN=VALUE"),
        (
            "year>=recent",
            "--where `year>=recent`: `>=` needs a number, not `recent`",
        ),
        ("delegation=\"Korea", "not closed"),
    ] {
        let err = wd.stderr(&mut wd.analyze(&["missing.csv", "--where", filter]), 1);
        assert!(err.contains(wanted), "{filter}: {err}");
    }
}

#[test]
fn the_manifest_records_the_conditions_and_how_many_were_kept() {
    let wd = workdir();
    wd.run(
        &mut wd.analyze(&[
            "debate.csv",
            "--by",
            "delegation",
            "--where",
            "year>=2015",
            "--where",
            "delegation!=Chad",
            "-o",
            "out.csv",
        ]),
        0,
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&wd.read("out.csv.manifest.json")).unwrap();
    assert_eq!(
        manifest["options"]["where"],
        serde_json::json!([
            {"column": "year", "test": ">=", "values": ["2015"]},
            {"column": "delegation", "test": "!=", "values": ["Chad"]},
        ])
    );
    assert_eq!(
        manifest["notes"],
        serde_json::json!(["--where year>=2015 and delegation!=Chad: kept 1 of 5 statements read"])
    );
    assert_eq!(manifest["counts"]["statements"], 1);
}

/// `ctlex compare France Chad debate.csv --by delegation --where FILTER`.
fn compare(wd: &Workdir, filter: &str) -> Command {
    let mut compare = wd.command("compare");
    compare.args(["France", "Chad", "debate.csv", "--by", "delegation"]);
    compare.args(["--lexicons", "lexicon.csv", "--where", filter]);
    compare
}

#[test]
fn compare_contrasts_groups_of_the_statements_kept() {
    let wd = workdir();
    let err = wd.stderr(&mut compare(&wd, "year>=2015"), 1);
    assert!(
        err.contains(
            "no group `France` by delegation; groups are: `Chad`, `Korea, Republic of` \
             (kept by --where year>=2015)"
        ),
        "{err}"
    );

    let (_, err) = wd.run(&mut compare(&wd, "year<=2018"), 0);
    assert!(err.contains("a = France: 1 statements, 5 tokens"), "{err}");
    assert!(err.contains("b = Chad: 1 statements, 5 tokens"), "{err}");
}

/// On the sample debate, `--where language=ru` by delegation gives the Russian rows of the
/// table by delegation and language, and `language!=ru` the others: the filter and the group
/// read the language alike.
#[test]
fn on_the_sample_debate_a_language_filter_gives_that_language_rows() {
    let wd = Workdir::new();
    let corpus = sample_corpus();
    let corpus = corpus.to_str().unwrap();
    let by_language =
        wd.stdout(&mut wd.ctlex(&["analyze", corpus, "--by", "delegation,language", "-q"]));
    for (filter, wanted) in [("language=ru", ",ru,"), ("language!=ru", ",en,")] {
        let (filtered, err) = wd.run(
            &mut wd.ctlex(&["analyze", corpus, "--by", "delegation", "--where", filter]),
            0,
        );
        let expected: Vec<String> = by_language
            .lines()
            .filter(|l| l.contains(wanted))
            .map(|l| l.replacen(&wanted[..wanted.len() - 1], "", 1))
            .collect();
        let rows: Vec<&str> = filtered.lines().skip(1).collect();
        assert_eq!(rows, expected, "{filter}");
        let kept: u64 = rows
            .iter()
            .map(|r| r.rsplit(',').nth(25).unwrap().parse::<u64>().unwrap())
            .sum();
        assert!(
            err.contains(&format!(
                "--where {filter}: kept {kept} of 20 statements read"
            )),
            "{err}"
        );
    }
}
