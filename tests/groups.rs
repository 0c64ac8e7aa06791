//! End-to-end tests of `--groups`: delegations gathered into blocs from a CSV file (or a bundled
//! one), each statement counted once in every group it belongs to, and the files refused with
//! their line when they are wrong.

mod common;

use common::{assert_output, Workdir, LEXICON};

/// Six statements, two of them (Brazil and Korea) in no group of [`GROUPS_CSV`].
pub const DEBATE_CSV: &str = "\
id,delegation,delegation_iso3,text
1,Russian Federation,RUS,Foreign terrorist fighters return home. The CSTO met.
2,Kazakhstan,KAZ,Sleeper cells of foreign terrorist fighters were found.
3,France,FRA,Foreign terrorist fighters and sleeper cells.
4,China,CHN,The CSTO and foreign terrorist fighters.
5,Brazil,BRA,Foreign terrorist fighters.
6,\"Korea, Republic of\",KOR,Sleeper cells.
";

/// Russia is in both groups.
const GROUPS_CSV: &str = "\
column,value,group
delegation_iso3,RUS,CSTO
delegation_iso3,KAZ,CSTO
delegation_iso3,RUS,P5
delegation_iso3,FRA,P5
delegation_iso3,CHN,P5
";

/// `ctlex analyze debate.csv --by delegation_iso3 --groups GROUPS EXTRA…`.
fn grouped(wd: &Workdir, groups: &str, extra: &[&str]) -> std::process::Command {
    let mut command = wd.analyze(&["debate.csv", "--by", "delegation_iso3", "--groups", groups]);
    command.args(extra);
    command
}

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.create("lexicon.csv", LEXICON);
    wd.create("debate.csv", DEBATE_CSV);
    wd.create("blocs.csv", GROUPS_CSV);
    wd
}

#[test]
fn a_statement_counts_once_in_each_of_its_groups() {
    let wd = workdir();
    let (out, err) = wd.run(
        &mut wd.analyze(&[
            "debate.csv",
            "--by",
            "delegation_iso3",
            "--groups",
            "blocs.csv",
        ]),
        0,
    );
    assert_output(
        &out,
        "\
delegation_iso3,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
CSTO,2,16,1,2,1,1,2,1
P5,3,20,1,3,2,1,3,2
",
    );
    assert!(
        err.contains("2 statements in no group of blocs.csv (left out)"),
        "{err}"
    );
}

#[test]
fn groups_replace_only_their_own_column_of_by() {
    let wd = workdir();
    let out = wd.stdout(&mut wd.analyze(&[
        "debate.csv",
        "--by",
        "delegation_iso3,delegation",
        "--groups",
        "blocs.csv",
        "-q",
    ]));
    let firsts: Vec<String> = out
        .lines()
        .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        firsts,
        [
            "delegation_iso3,delegation,statements",
            "CSTO,Kazakhstan,1",
            "CSTO,Russian Federation,1",
            "P5,China,1",
            "P5,France,1",
            "P5,Russian Federation,1",
        ]
    );
}

#[test]
fn a_bundled_group_file_is_named_by_its_short_name() {
    let wd = workdir();
    let out = wd.stdout(&mut wd.analyze(&[
        "debate.csv",
        "--by",
        "delegation_iso3",
        "--groups",
        "p5",
        "-q",
    ]));
    assert_output(
        &out,
        "\
delegation_iso3,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
P5,3,20,1,3,2,1,3,2
",
    );
    for bundled in ["csto", "sco", "cis", "p5"] {
        let out = wd.stdout(&mut wd.analyze(&[
            "debate.csv",
            "--by",
            "delegation_iso3",
            "--groups",
            bundled,
            "-q",
        ]));
        assert!(out.lines().count() >= 2, "{bundled}: {out}");
    }
}

#[test]
fn the_manifest_records_the_group_file_and_its_hash() {
    let wd = workdir();
    wd.stdout(&mut wd.analyze(&[
        "debate.csv",
        "--by",
        "delegation_iso3",
        "--groups",
        "blocs.csv",
        "-q",
        "-o",
        "out.csv",
    ]));
    let manifest: serde_json::Value =
        serde_json::from_str(&wd.read("out.csv.manifest.json")).unwrap();
    let groups = &manifest["options"]["groups"];
    assert_eq!(groups["path"], "blocs.csv", "{manifest}");
    assert_eq!(
        groups["blake3"],
        blake3::hash(GROUPS_CSV.as_bytes()).to_hex().as_str(),
        "{manifest}"
    );
    assert!(
        manifest["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("2 statements in no group of blocs.csv")),
        "{manifest}"
    );
}

#[test]
fn a_bad_group_file_is_refused_with_its_line() {
    for (contents, wanted) in [
        (
            "column,value,bloc\ndelegation_iso3,RUS,CSTO\n",
            "bad.csv:1: unknown column `bloc`",
        ),
        (
            "column,value,group\ndelegation_iso3,RUS,CSTO\ndelegation_iso3,KAZ,\n",
            "bad.csv:3: empty group",
        ),
        (
            "column,value,group\ndelegation_iso3,RUS,CSTO\ndelegation_iso3, RUS ,CSTO\n",
            "bad.csv:3: duplicate row (first on line 2)",
        ),
        (
            "column,value,group\ndelegation,Russia,CSTO\n",
            "bad.csv groups by delegation, which --by does not name",
        ),
        ("column,value,group\n", "bad.csv: no groups"),
    ] {
        let wd = workdir();
        wd.create("bad.csv", contents);
        let err = wd.stderr(&mut grouped(&wd, "bad.csv", &[]), 1);
        assert!(err.contains(wanted), "wanted {wanted:?} in {err}");
    }
    let wd = workdir();
    for (groups, extra, wanted) in [
        (
            "p5",
            &["--format", "partial"][..],
            "--groups does not apply to --format partial",
        ),
        (
            "nato",
            &[],
            "nato: no such file, and not a bundled group file (cis, csto, p5, sco)",
        ),
    ] {
        let err = wd.stderr(&mut grouped(&wd, groups, extra), 1);
        assert!(err.contains(wanted), "wanted {wanted:?} in {err}");
    }
}

#[test]
fn with_groups_compare_contrasts_two_blocs() {
    let wd = workdir();
    let mut command = wd.command("compare");
    command.args(["CSTO", "P5", "debate.csv", "--lexicons", "lexicon.csv"]);
    command.args(["--by", "delegation_iso3", "--groups", "blocs.csv", "-q"]);
    let out = wd.stdout(&mut command);
    assert!(
        out.starts_with("theme,CSTO_hits,CSTO_hits_all,CSTO_tokens,"),
        "{out}"
    );
    assert!(out.contains("\nftf,2,2,16,125,"), "{out}");
}
