//! End-to-end tests of what `ctlex compare` writes: the contrast of its two groups in every
//! output asked for (wide and long CSV, the workbook's `compare` sheet, a section of the HTML
//! report, terms of the two groups), with columns named after the groups.

mod common;

use std::io::Read;

use common::{assert_output, sample_corpus, Workdir, LEXICON};

const DEBATE_CSV: &str = "\
id,delegation,text
1,Russian Federation,Foreign terrorist fighters return home. The CSTO met.
2,\"Korea, Republic of\",Sleeper cells of foreign terrorist fighters were found.
3,France,Foreign terrorist fighters and sleeper cells.
";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.create("lexicon.csv", LEXICON);
    wd.create("debate.csv", DEBATE_CSV);
    wd
}

fn compare(wd: &Workdir, a: &str, b: &str, args: &[&str]) -> std::process::Command {
    let mut command = wd.command("compare");
    command.args([
        a,
        b,
        "debate.csv",
        "--lexicons",
        "lexicon.csv",
        "--by",
        "delegation",
        "-q",
    ]);
    command.args(args);
    command
}

/// The text of the workbook's sheet named `name`, its shared strings appended.
fn sheet_text(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut read = |entry: &str| {
        let mut text = String::new();
        if let Ok(mut file) = zip.by_name(entry) {
            file.read_to_string(&mut text).unwrap();
        }
        text
    };
    let workbook = read("xl/workbook.xml");
    let names: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let index = names
        .iter()
        .position(|n| *n == name)
        .unwrap_or_else(|| panic!("no sheet {name} in {names:?}"));
    let sheet = read(&format!("xl/worksheets/sheet{}.xml", index + 1));
    sheet + &read("xl/sharedStrings.xml")
}

#[test]
fn compare_columns_are_named_after_the_groups() {
    let wd = workdir();
    let out = wd.stdout(&mut compare(&wd, "Russian Federation", "France", &[]));
    assert_output(
        &out,
        "\
theme,Russian Federation_hits,Russian Federation_hits_all,Russian Federation_tokens,Russian Federation_per_1000,Russian Federation_per_1000_low,Russian Federation_per_1000_high,France_hits,France_hits_all,France_tokens,France_per_1000,France_per_1000_low,France_per_1000_high,log_ratio,g2,p_value
cells,0,0,8,0,0,461.109932,1,1,6,166.666667,4.219635,928.607232,-1.415037,-1.694596,0.192996
ftf,1,1,8,125,3.164726,696.455424,1,1,6,166.666667,4.219635,928.607232,-0.415037,-0.041239,0.839078
regional,1,1,8,125,3.164726,696.455424,0,0,6,0,0,614.813242,0.584963,1.119232,0.290084
",
    );
}

#[test]
fn a_group_whose_value_holds_a_comma_is_selected_quoted_or_escaped() {
    let wd = workdir();
    for name in ["\"Korea, Republic of\"", "Korea\\, Republic of"] {
        let out = wd.stdout(&mut compare(&wd, name, "France", &[]));
        assert!(
            out.starts_with("theme,\"Korea, Republic of_hits\","),
            "{name}: {out}"
        );
        assert!(out.contains("\ncells,1,1,8,125,"), "{name}: {out}");
    }
}

#[test]
fn compare_long_has_one_row_per_theme_and_group() {
    let wd = workdir();
    let out = wd.stdout(&mut compare(
        &wd,
        "Russian Federation",
        "France",
        &["--format", "long"],
    ));
    assert_output(
        &out,
        "\
theme,group,hits,hits_all,tokens,per_1000,per_1000_low,per_1000_high,log_ratio,g2,p_value
cells,Russian Federation,0,0,8,0,0,461.109932,-1.415037,-1.694596,0.192996
cells,France,1,1,6,166.666667,4.219635,928.607232,1.415037,1.694596,0.192996
ftf,Russian Federation,1,1,8,125,3.164726,696.455424,-0.415037,-0.041239,0.839078
ftf,France,1,1,6,166.666667,4.219635,928.607232,0.415037,0.041239,0.839078
regional,Russian Federation,1,1,8,125,3.164726,696.455424,0.584963,1.119232,0.290084
regional,France,0,0,6,0,0,614.813242,-0.584963,-1.119232,0.290084
",
    );
}

#[test]
fn the_workbook_of_a_comparison_has_a_compare_sheet() {
    let wd = workdir();
    wd.stdout(&mut compare(
        &wd,
        "Russian Federation",
        "France",
        &["--xlsx", "compare.xlsx"],
    ));
    let sheet = sheet_text(&wd.path("compare.xlsx"), "compare");
    for wanted in [
        "Russian Federation_per_1000",
        "France_hits",
        "log_ratio",
        "regional",
    ] {
        assert!(sheet.contains(wanted), "{wanted} not in {sheet}");
    }
    let everything = sheet_text(&wd.path("compare.xlsx"), "summary");
    assert!(
        !everything.contains("Korea"),
        "the other sheets (hits included) hold only the two groups: {everything}"
    );
}

#[test]
fn the_report_of_a_comparison_has_a_compare_section() {
    let wd = workdir();
    wd.stdout(&mut compare(
        &wd,
        "Russian Federation",
        "France",
        &["--report", "report.html"],
    ));
    let page = wd.read("report.html");
    assert!(
        page.contains("<h2 id=\"compare\">Russian Federation against France</h2>"),
        "{page}"
    );
    assert!(
        page.contains("<td data-v=\"1.119232\">1.119232</td>"),
        "{page}"
    );
    assert!(!page.contains("Korea"), "only the two groups: {page}");
    assert!(page.trim_end().ends_with("</html>"));
}

#[test]
fn the_terms_and_hits_of_a_comparison_are_those_of_its_two_groups() {
    let wd = workdir();
    wd.stdout(&mut compare(
        &wd,
        "Russian Federation",
        "France",
        &["--terms", "terms.csv", "--matches", "hits.csv"],
    ));
    let terms = wd.read("terms.csv");
    assert!(terms.contains("\nFrance,"), "{terms}");
    assert!(!terms.contains("Korea"), "{terms}");
    let hits = wd.read("hits.csv");
    assert!(hits.contains(",France,"), "{hits}");
    assert!(!hits.contains("Korea"), "{hits}");
}

#[test]
fn a_group_compared_with_itself_is_refused() {
    let wd = workdir();
    let err = wd.stderr(&mut compare(&wd, "France", "France", &[]), 1);
    assert!(err.contains("compares `France` with itself"), "{err}");
}

#[test]
fn the_sample_debate_compares_russia_with_the_united_states_in_every_output() {
    let wd = Workdir::new();
    let mut command = wd.command("compare");
    command.args(["Russian Federation", "United States"]);
    command.arg(sample_corpus());
    command.args(["--by", "delegation", "-q", "-o", "compare.csv"]);
    command.args(["--xlsx", "compare.xlsx", "--report", "report.html"]);
    wd.stdout(&mut command);
    let csv = wd.read("compare.csv");
    assert!(csv.starts_with("theme,Russian Federation_hits,"), "{csv}");
    let themes = csv.lines().count() - 1;
    assert!(themes > 5, "{csv}");
    let sheet = sheet_text(&wd.path("compare.xlsx"), "compare");
    assert!(sheet.contains("United States_per_1000"), "{sheet}");
    assert!(wd
        .read("report.html")
        .contains("Russian Federation against United States"));
}
