//! The wide table's `--values`, the heatmap's scale and legend, and a workbook that freezes its
//! label columns and prints one page wide: end to end, through the real binary.

mod common;

use common::{assert_output, Workdir, LEXICON};

/// Two speakers: A mentions ftf twice in one statement of two, Б ftf and regional in one.
const STATEMENTS: &str =
    "id,speaker,text\n1,A,FTF and FTF.\n2,A,Nothing here at all.\n3,Б,ИБТ и ОДКБ.\n";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.create("lexicon.csv", LEXICON);
    wd.create("s.csv", STATEMENTS);
    wd
}

/// The wide table of `s.csv` with `args` added.
fn wide(wd: &Workdir, args: &[&str]) -> String {
    let mut all = vec!["s.csv", "-q"];
    all.extend(args);
    wd.stdout(&mut wd.analyze(&all))
}

const HEADER: &str =
    "speaker,statements,tokens,cells,ftf,regional,any_theme,cells_all,ftf_all,regional_all,any_theme_all\n";

#[test]
fn without_values_the_wide_table_is_unchanged() {
    let wd = workdir();
    assert_output(
        &wide(&wd, &[]),
        "speaker,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all\n\
         A,2,7,0,2,0,0,2,0\n\
         Б,1,3,0,1,1,0,1,1\n",
    );
}

#[test]
fn each_value_choice_fills_the_theme_cells_and_any_theme() {
    let wd = workdir();
    for (values, a, b) in [
        ("hits", "0,2,0,2,0,2,0,2", "0,1,1,2,0,1,1,2"),
        ("statements", "0,1,0,1,0,1,0,1", "0,1,1,1,0,1,1,1"),
        ("share", "0,0.5,0,0.5,0,0.5,0,0.5", "0,1,1,1,0,1,1,1"),
        (
            "per_1000",
            "0,285.714286,0,285.714286,0,285.714286,0,285.714286",
            "0,333.333333,333.333333,666.666667,0,333.333333,333.333333,666.666667",
        ),
    ] {
        assert_output(
            &wide(&wd, &["--values", values]),
            &format!("{HEADER}A,2,7,{a}\nБ,1,3,{b}\n"),
        );
    }
}

#[test]
fn rates_per_1000_content_tokens_show_the_content_tokens() {
    let wd = workdir();
    let table = wide(&wd, &["--values", "per_1000", "--denominator", "content"]);
    let mut lines = table.lines();
    assert_eq!(
        lines.next().unwrap(),
        "speaker,statements,tokens,content_tokens,cells,ftf,regional,any_theme,cells_all,ftf_all,regional_all,any_theme_all"
    );
    // "FTF and FTF. Nothing here at all.": "and", "here", "at", "all" are stop words.
    assert!(lines.next().unwrap().starts_with("A,2,7,"), "{table}");
}

#[test]
fn merged_parts_give_the_statements_that_mention_a_theme() {
    let wd = workdir();
    wd.create(
        "one.csv",
        "id,speaker,text\n1,A,FTF and FTF.\n3,Б,ИБТ и ОДКБ.\n",
    );
    wd.create("two.csv", "id,speaker,text\n2,A,Nothing here at all.\n");
    for part in ["one", "two"] {
        let out = format!("{part}.jsonl");
        let input = format!("{part}.csv");
        wd.stdout(&mut wd.analyze(&[&input, "-q", "--format", "partial", "-o", &out]));
    }
    let mut merge = wd.ctlex(&[
        "merge",
        "one.jsonl",
        "two.jsonl",
        "-q",
        "--lexicons",
        "lexicon.csv",
        "--values",
        "share",
    ]);
    assert_output(&wd.stdout(&mut merge), &wide(&wd, &["--values", "share"]));
}

#[test]
fn values_are_refused_for_the_long_table() {
    let wd = workdir();
    let stderr = wd.stderr(
        &mut wd.analyze(&["s.csv", "-q", "--format", "long", "--values", "share"]),
        1,
    );
    assert!(
        stderr.contains("--values share chooses the cells of the wide table"),
        "{stderr}"
    );
}

#[test]
fn the_heatmap_is_scaled_over_the_whole_table_with_a_title_and_a_legend() {
    let wd = workdir();
    wd.stdout(&mut wd.analyze(&["s.csv", "-q", "--heatmap", "map.svg"]));
    let svg = wd.read("map.svg");
    assert!(
        svg.contains("<title>Theme hits per 1,000 tokens by speaker</title>"),
        "{svg}"
    );
    // The ramp ends at the table's highest rate, Б's 333.3 per 1,000 (ftf and regional alike).
    assert!(svg.contains("text-anchor=\"end\">333.3</text>"), "{svg}");
    assert!(
        svg.contains("against the highest of the whole table (333.333333)"),
        "{svg}"
    );
    assert!(svg.contains(">Б</text>"), "{svg}");
    wd.stdout(&mut wd.analyze(&[
        "s.csv",
        "-q",
        "--heatmap",
        "col.svg",
        "--heatmap-scale",
        "column",
    ]));
    let column = wd.read("col.svg");
    assert!(
        column.contains("compare groups within a theme only"),
        "{column}"
    );
}

/// The text of one part of a workbook.
fn part(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

/// The value of `attribute` in the first `<element …>` of `xml` that has it, after `from`.
fn attribute<'x>(xml: &'x str, element: &str, attribute: &str) -> Option<&'x str> {
    let start = xml.find(&format!("<{element} "))?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let key = format!(" {attribute}=\"");
    let value = &tag[tag.find(&key)? + key.len()..];
    Some(&value[..value.find('"')?])
}

#[test]
fn the_workbook_freezes_the_labels_prints_one_page_wide_and_names_rates() {
    let wd = workdir();
    wd.stdout(&mut wd.analyze(&[
        "s.csv",
        "-q",
        "--by",
        "speaker,language",
        "--xlsx",
        "w.xlsx",
    ]));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(wd.path("w.xlsx")).unwrap()).unwrap();
    let book = part(&mut zip, "xl/workbook.xml");
    let names: Vec<&str> = book
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        names,
        ["summary", "hits", "long", "terms", "matches", "manifest"]
    );
    // The header row repeats on every printed page of every sheet.
    assert_eq!(book.matches("_xlnm.Print_Titles").count(), 6, "{book}");
    assert!(book.contains(">summary!$1:$1<"), "{book}");

    for (sheet, labels) in [(1, "2"), (2, "2"), (3, "2"), (4, "2"), (5, "3"), (6, "1")] {
        let xml = part(&mut zip, &format!("xl/worksheets/sheet{sheet}.xml"));
        assert_eq!(
            attribute(&xml, "pane", "xSplit"),
            Some(labels),
            "sheet {sheet}: {xml}"
        );
        assert_eq!(
            attribute(&xml, "pane", "ySplit"),
            Some("1"),
            "sheet {sheet}"
        );
        assert_eq!(
            attribute(&xml, "pageSetup", "orientation"),
            Some("landscape")
        );
        assert_eq!(attribute(&xml, "pageSetup", "fitToHeight"), Some("0"));
        assert_eq!(attribute(&xml, "pageSetUpPr", "fitToPage"), Some("1"));
    }

    // The summary's rates say they are rates, and are shown with two decimals.
    let strings = part(&mut zip, "xl/sharedStrings.xml");
    for header in ["ftf_per_1000", "regional_per_1000", "cells_per_1000"] {
        assert!(
            strings.contains(&format!(">{header}<")),
            "{header}: {strings}"
        );
    }
    let styles = part(&mut zip, "xl/styles.xml");
    let summary = part(&mut zip, "xl/worksheets/sheet1.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xfs: Vec<&str> = xfs.split("<xf ").skip(1).collect();
    let format_of = |cell: &str| -> String {
        let at = summary.find(&format!("<c r=\"{cell}\"")).unwrap();
        let style: usize = attribute(&summary[at..], "c", "s")
            .unwrap()
            .parse()
            .unwrap();
        let id = attribute(&format!("<xf {}", xfs[style]), "xf", "numFmtId")
            .unwrap()
            .to_string();
        let code = format!("<numFmt numFmtId=\"{id}\" formatCode=\"");
        let code = &styles[styles.find(&code).unwrap() + code.len()..];
        code[..code.find('"').unwrap()].to_string()
    };
    // Columns: speaker, language, statements, tokens, content_tokens, cells, ftf, regional.
    assert_eq!(format_of("G2"), "0.00");
    let long = part(&mut zip, "xl/worksheets/sheet3.xml");
    assert!(
        long.contains("<c r=\"G2\" s="),
        "the long table's share is formatted"
    );
}
