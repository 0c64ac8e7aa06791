//! End-to-end tests: the real binary on corpora written to a temporary folder, in every input
//! format, with whole outputs compared.

mod common;

use std::path::Path;

use common::{assert_output, sample_corpus, sample_statements, Workdir, LEXICON};

/// A folder with the small lexicon in it as `lexicon.csv`.
fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.create("lexicon.csv", LEXICON);
    wd
}

/// The text of one part of a workbook (`xl/workbook.xml`, a sheet…).
fn workbook_part(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

fn open_workbook(path: &Path) -> zip::ZipArchive<std::fs::File> {
    zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap()
}

const STATEMENTS_CSV: &str = "\
id,speaker,language,text
1,Mr. Smith,en,\"Foreign terrorist fighters and their FTF networks: a terrorist cell, not a stem cell.\"
2,Г-н Петров,ru,Иностранные боевики-террористы (ИБТ) и спящие ячейки — угроза для ОДКБ.
3,Mr. Smith,en,The CSTO and the Collective Security Treaty Organization.
4,Ms. Empty,en,
";

#[test]
fn csv_by_id_long() {
    let wd = workdir();
    wd.create("statements.csv", STATEMENTS_CSV);
    let out = wd.stdout(&mut wd.analyze(&["statements.csv", "--by", "id", "--format", "long"]));
    assert_output(
        &out,
        "\
id,theme,hits,hits_all,tokens,per_1000,share,content_tokens,per_1000_low,per_1000_high,rank,g2,p_value,log_ratio
1,cells,1,1,14,71.428571,0.333333,9,1.808415,397.974528,2,0.031497,0.859137,0.36257
1,ftf,2,2,14,142.857143,0.666667,9,17.300663,516.049119,1,0.062993,0.801826,0.36257
1,regional,0,0,14,0,0,9,0,263.49139,3,-1.150728,0.283397,-0.63743
2,cells,1,1,10,100,0.25,8,2.531781,557.164339,2,0.3031,0.581946,1.137504
2,ftf,2,2,10,200,0.5,8,24.220928,722.468767,1,0.6062,0.436222,1.137504
2,regional,1,1,10,100,0.25,8,2.531781,557.164339,2,2.326302,0.127204,2.137504
3,cells,0,0,8,0,,5,0,461.109932,1,-1.150728,0.283397,-0.415037
3,ftf,0,0,8,0,,5,0,461.109932,1,-2.301457,0.129253,-1.415037
3,regional,0,1,8,0,,5,0,461.109932,1,-0.575364,0.448135,0
4,cells,0,0,0,,,0,,,1,,,
4,ftf,0,0,0,,,0,,,1,,,
4,regional,0,0,0,,,0,,,1,,,
",
    );
}

#[test]
fn csv_by_speaker_wide() {
    let wd = workdir();
    wd.create("statements.csv", STATEMENTS_CSV);
    let out = wd.stdout(&mut wd.analyze(&["statements.csv"]));
    assert_output(
        &out,
        "\
speaker,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
Mr. Smith,2,22,1,2,0,1,2,1
Ms. Empty,1,0,0,0,0,0,0,0
Г-н Петров,1,10,1,2,1,1,2,1
",
    );
}

#[test]
fn tsv_input() {
    let wd = workdir();
    wd.create(
        "statements.tsv",
        "speaker\ttext\nA\t\"Sleeper cells\" of the CSTO\nB\tspeech without themes\n",
    );
    let out = wd.stdout(&mut wd.analyze(&["statements.tsv"]));
    assert_output(
        &out,
        "\
speaker,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
A,1,5,0,0,0,1,0,1
B,1,3,0,0,0,0,0,0
",
    );
}

#[test]
fn text_folder_with_metadata() {
    let wd = workdir();
    wd.create(
        "debate/metadata.csv",
        "file,speaker,delegation,language\n01_a.txt,Mr. A,France,en\n02_b.txt,Г-н Б,Russian Federation,ru\n03_c.txt,Mr. C,France,en\n",
    );
    wd.create("debate/01_a.txt", "Foreign terrorist fighters return.");
    wd.create("debate/02_b.txt", "ОДКБ и иностранные боевики-террористы.");
    wd.create(
        "debate/03_c.txt",
        "Sleeper cells of foreign terrorist fighters.",
    );
    let out = wd.stdout(&mut wd.analyze(&["debate", "--by", "delegation,language"]));
    assert_output(
        &out,
        "\
delegation,language,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
France,en,2,10,1,2,0,1,2,0
Russian Federation,ru,1,5,0,1,1,0,1,1
",
    );
}

#[test]
fn text_folder_without_metadata_uses_file_stems() {
    let wd = workdir();
    wd.create("speeches/France.txt", "FTF");
    wd.create("speeches/nested/Russia.txt", "ИБТ и ОДКБ");
    wd.create("speeches/notes.md", "FTF FTF");
    let out = wd.stdout(&mut wd.analyze(&["speeches", "--by", "doc,speaker,language"]));
    assert_output(
        &out,
        "\
doc,speaker,language,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
France.txt,France,en,1,1,0,1,0,0,1,0
nested/Russia.txt,Russia,ru,1,3,0,1,1,0,1,1
",
    );
}

#[test]
fn jsonl_input_with_another_text_field() {
    let wd = workdir();
    wd.create(
        "posts.jsonl",
        "{\"id\": \"p1\", \"channel\": \"news\", \"body\": \"спящие ячейки ИБТ\"}\n\n{\"id\": \"p2\", \"channel\": \"news\", \"body\": \"CSTO\", \"views\": 12}\n",
    );
    let out =
        wd.stdout(&mut wd.analyze(&["posts.jsonl", "--text-column", "body", "--by", "channel"]));
    assert_output(
        &out,
        "\
channel,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
news,2,4,1,1,0,1,1,1
",
    );
}

#[test]
fn several_inputs_in_one_run_keep_ids_apart() {
    let wd = workdir();
    wd.create("a.csv", "speaker,text\nX,FTF\n");
    wd.create("b.jsonl", "{\"speaker\": \"Y\", \"text\": \"ОДКБ\"}\n");
    wd.create("c/one.txt", "CSTO");
    let out = wd.stdout(&mut wd.analyze(&["a.csv", "b.jsonl", "c", "--by", "doc"]));
    assert_output(
        &out,
        "\
doc,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
a.csv:2,1,1,0,1,0,0,1,0
b.jsonl:1,1,1,0,0,0,0,0,1
c/one.txt,1,1,0,0,0,0,0,1
",
    );
}

#[test]
fn default_input_is_the_corpus_folder() {
    let wd = workdir();
    wd.create("corpus/a.txt", "FTF");
    let out = wd.stdout(&mut wd.analyze(&[]));
    assert_output(
        &out,
        "speaker,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all\na,1,1,0,1,0,0,1,0\n",
    );
}

#[test]
fn output_file_is_written_whole() {
    let wd = workdir();
    wd.create("corpus/a.txt", "FTF");
    assert_eq!(wd.stdout(&mut wd.analyze(&["-o", "themes.csv"])), "");
    assert_output(
        &wd.read("themes.csv"),
        "speaker,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all\na,1,1,0,1,0,0,1,0\n",
    );
    let stderr = wd.stderr(&mut wd.analyze(&["-o", "missing/themes.csv"]), 1);
    assert!(stderr.contains("missing"), "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(wd.path("themes.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o644,
            0o644,
            "output files are readable by others: {mode:o}"
        );
    }
    assert_eq!(
        wd.names(),
        [
            "corpus",
            "lexicon.csv",
            "themes.csv",
            "themes.csv.manifest.json"
        ]
    );
}

#[test]
fn bad_rows_are_reported_and_the_rest_counted() {
    let wd = workdir();
    wd.create("s.csv", "speaker,text\nA,FTF\nB,FTF,extra\nC,ОДКБ\n");
    let (stdout, stderr) = wd.run(&mut wd.analyze(&["s.csv"]), 2);
    assert_output(
        &stdout,
        "speaker,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all\nA,1,1,0,1,0,0,1,0\nC,1,1,0,0,0,0,0,1\n",
    );
    assert!(
        stderr.contains("s.csv:3: row has 3 fields, the header has 2; row skipped"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_is_counted_and_reported() {
    let wd = workdir();
    wd.create("corpus/a.txt", b"FTF \xe2\x80\x94 \xff FTF");
    let (stdout, stderr) = wd.run(&mut wd.analyze(&[]), 2);
    assert!(stdout.ends_with("a,1,2,0,2,0,0,2,0\n"), "{stdout}");
    assert!(
        stderr.contains("a.txt:1: 1 byte sequence(s) not valid UTF-8 replaced with U+FFFD"),
        "{stderr}"
    );
}

#[test]
fn missing_by_column_is_an_error_listing_the_columns() {
    let wd = workdir();
    wd.create("statements.csv", STATEMENTS_CSV);
    let stderr = wd.stderr(
        &mut wd.analyze(&["statements.csv", "--by", "delegation"]),
        1,
    );
    assert_eq!(
        stderr,
        "ctlex: error: statements.csv: no column `delegation` (columns: id, speaker, language, text)\n"
    );
}

#[test]
fn missing_text_column_skips_the_input_listing_the_columns() {
    let wd = workdir();
    wd.create("s.csv", "speaker,body\nA,FTF\n");
    let stderr = wd.stderr(&mut wd.analyze(&["s.csv"]), 2);
    assert!(
        stderr.contains("s.csv: no column `text` (columns: speaker, body); file skipped"),
        "{stderr}"
    );
}

#[test]
fn missing_input_is_an_error_naming_it() {
    let wd = workdir();
    let stderr = wd.stderr(&mut wd.analyze(&["nowhere"]), 1);
    assert!(stderr.starts_with("ctlex: error: nowhere: "), "{stderr}");
}

#[test]
fn invalid_lexicon_names_file_line_and_entry() {
    let wd = workdir();
    wd.create(
        "bad.csv",
        "theme,language,pattern\nftf,en,FTF\ncells,en,cell NEAR/five terrorist\n",
    );
    wd.create("corpus/a.txt", "FTF");
    let stderr = wd.stderr(&mut wd.ctlex(&["analyze", "--lexicons", "bad.csv"]), 1);
    assert_eq!(
        stderr,
        "ctlex: error: bad.csv:3: entry `cell NEAR/five terrorist`: NEAR needs a distance from 1 to 1000: NEAR/5\n"
    );
}

#[test]
fn usage_errors_exit_1() {
    let wd = workdir();
    wd.stderr(&mut wd.ctlex(&["analyze", "--format", "tall"]), 1);
    wd.stderr(&mut wd.ctlex(&["frobnicate"]), 1);
    assert!(wd.stdout(&mut wd.ctlex(&["--help"])).contains("Exit codes"));
}

#[test]
fn lexicon_export_round_trips_through_analyze() {
    let wd = workdir();
    let exported = wd.stdout(&mut wd.ctlex(&[
        "lexicon",
        "export",
        "--lexicons",
        "lexicon.csv",
        "--format",
        "flat-csv",
    ]));
    wd.create("exported.csv", &exported);
    assert_eq!(
        wd.stdout(&mut wd.ctlex(&["lexicon", "export", "--lexicons", "exported.csv"])),
        exported
    );
    assert_eq!(exported.lines().count(), LEXICON.lines().count());
}

#[test]
fn lexicon_list_counts_entries_per_language() {
    let wd = workdir();
    let out = wd.stdout(&mut wd.ctlex(&["lexicon", "list", "--lexicons", "lexicon.csv"]));
    assert_output(
        &out,
        "\
theme        en    ru  excl en excl ru  label
cells         2     1        1       0  cells
ftf           2     2        0       0  ftf
regional      1     2        0       0  regional
",
    );
}

#[test]
fn bundled_lexicons_run_on_the_sample_corpus() {
    let wd = workdir();
    let corpus = sample_corpus();
    let out = wd.stdout(&mut wd.ctlex(&[
        "analyze",
        corpus.to_str().unwrap(),
        "--by",
        "delegation",
        "--threads",
        "2",
    ]));
    let header = out.lines().next().unwrap();
    assert_eq!(
        header,
        "delegation,statements,tokens,afghanistan,cells,crime_nexus,financing,ftf,human_rights,\
         law_enforcement,prevention,propaganda_online,regional_orgs,un_framework,weapons,\
         afghanistan_all,cells_all,crime_nexus_all,financing_all,ftf_all,human_rights_all,\
         law_enforcement_all,prevention_all,propaganda_online_all,regional_orgs_all,\
         un_framework_all,weapons_all"
    );
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(rows.len() >= 10, "{out}");
    let statements: u64 = rows
        .iter()
        .map(|r| r.split(',').nth(1).unwrap().parse::<u64>().unwrap())
        .sum();
    let files = sample_statements().len() as u64;
    assert_eq!(statements, files);
}

#[test]
fn compare_two_speakers_theme_by_theme() {
    let wd = workdir();
    wd.create("statements.csv", STATEMENTS_CSV);
    let compare = |a: &str, b: &str| {
        let mut command = wd.command("compare");
        command.args([a, b, "statements.csv"]);
        command.args(["--lexicons", "lexicon.csv", "--by", "speaker", "-q"]);
        command
    };
    let out = wd.stdout(&mut compare("Mr. Smith", "Г-н Петров"));
    assert_output(
        &out,
        "\
theme,Mr. Smith_hits,Mr. Smith_hits_all,Mr. Smith_tokens,Mr. Smith_per_1000,Mr. Smith_per_1000_low,Mr. Smith_per_1000_high,Г-н Петров_hits,Г-н Петров_hits_all,Г-н Петров_tokens,Г-н Петров_per_1000,Г-н Петров_per_1000_low,Г-н Петров_per_1000_high,log_ratio,g2,p_value
cells,1,1,22,45.454545,1.150809,253.256518,1,1,10,100,2.531781,557.164339,-1.137504,-0.3031,0.581946
ftf,2,2,22,90.909091,11.009513,328.394894,2,2,10,200,24.220928,722.468767,-1.137504,-0.6062,0.436222
regional,0,1,22,0,0,167.676339,1,1,10,100,2.531781,557.164339,-2.137504,-2.326302,0.127204
",
    );
    let content = wd.stdout(compare("Mr. Smith", "Г-н Петров").args(["--denominator", "content"]));
    assert!(
        content.starts_with("theme,Mr. Smith_hits,Mr. Smith_hits_all,Mr. Smith_content_tokens,"),
        "{content}"
    );
    assert!(content.contains("\ncells,1,1,14,71.428571,"), "{content}");
    let stderr = wd.stderr(&mut compare("Mr. Smith", "Nobody"), 1);
    assert!(
        stderr.contains(
            "no group `Nobody` by speaker; groups are: `Mr. Smith`, `Ms. Empty`, `Г-н Петров`"
        ),
        "{stderr}"
    );
}

#[test]
fn matches_and_terms_show_the_evidence() {
    let wd = workdir();
    wd.create("statements.csv", STATEMENTS_CSV);
    wd.stdout(&mut wd.analyze(&[
        "statements.csv",
        "-q",
        "--by",
        "speaker",
        "--matches",
        "hits.csv",
        "--terms",
        "terms.csv",
    ]));
    assert_output(
        &wd.read("hits.csv"),
        "\
statement,speaker,theme,entry,text,before,after,start,end,in_context,context
1,Mr. Smith,ftf,foreign terrorist fighter,Foreign terrorist fighters,,\" and their FTF networks: a terrorist cell, not a stem cell.\",0,26,true,terror*
1,Mr. Smith,ftf,FTF,FTF,Foreign terrorist fighters and their ,\" networks: a terrorist cell, not a stem cell.\",37,40,true,terror*
1,Mr. Smith,cells,cell NEAR/4 terrorist,cell,eign terrorist fighters and their FTF networks: a terrorist ,\", not a stem cell.\",63,67,true,terror*
2,Г-н Петров,ftf,иностранные боевики-террористы,Иностранные боевики-террористы,, (ИБТ) и спящие ячейки — угроза для ОДКБ.,0,30,true,террор*
2,Г-н Петров,ftf,ИБТ,ИБТ,Иностранные боевики-террористы (,) и спящие ячейки — угроза для ОДКБ.,32,35,true,террор*
2,Г-н Петров,cells,спящ* ячейк*,спящие ячейки,Иностранные боевики-террористы (ИБТ) и , — угроза для ОДКБ.,39,52,true,террор*
2,Г-н Петров,regional,ОДКБ,ОДКБ,анные боевики-террористы (ИБТ) и спящие ячейки — угроза для ,.,66,70,true,террор*
3,Mr. Smith,regional,CSTO,CSTO,The , and the Collective Security Treaty Organization.,4,8,false,
",
    );
    assert_output(
        &wd.read("terms.csv"),
        "\
speaker,theme,entry,language,hits,hits_all,form_1,form_1_hits,form_2,form_2_hits,form_3,form_3_hits
Mr. Smith,cells,cell NEAR/4 terrorist,en,1,1,cell,1,,,,
Mr. Smith,ftf,foreign terrorist fighter,en,1,1,Foreign terrorist fighters,1,,,,
Mr. Smith,ftf,FTF,en,1,1,FTF,1,,,,
Mr. Smith,regional,CSTO,en,0,1,CSTO,1,,,,
Г-н Петров,cells,спящ* ячейк*,ru,1,1,спящие ячейки,1,,,,
Г-н Петров,ftf,иностранные боевики-террористы,ru,1,1,Иностранные боевики-террористы,1,,,,
Г-н Петров,ftf,ИБТ,ru,1,1,ИБТ,1,,,,
Г-н Петров,regional,ОДКБ,ru,1,1,ОДКБ,1,,,,
",
    );
}

#[test]
fn terms_count_the_most_frequent_forms() {
    let wd = workdir();
    wd.create(
        "s.csv",
        "speaker,text\nA,FTFs and FTF; the FTFs. A foreign terrorist fighter.\n",
    );
    wd.stdout(&mut wd.analyze(&["s.csv", "-q", "--terms", "t.csv"]));
    assert_output(
        &wd.read("t.csv"),
        "\
speaker,theme,entry,language,hits,hits_all,form_1,form_1_hits,form_2,form_2_hits,form_3,form_3_hits
A,ftf,FTF,en,3,3,FTFs,2,FTF,1,,
A,ftf,foreign terrorist fighter,en,1,1,foreign terrorist fighter,1,,,,
",
    );
}

const INJECTION_CSV: &str = "\
speaker,text
\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",=1+1 foreign terrorist fighters
";

#[test]
fn formula_like_cells_are_inert_in_csv_and_workbook() {
    let wd = workdir();
    wd.create("s.csv", INJECTION_CSV);
    let out = wd.stdout(&mut wd.analyze(&[
        "s.csv",
        "-q",
        "--matches",
        "hits.csv",
        "--xlsx",
        "themes.xlsx",
    ]));
    assert_output(
        &out,
        "speaker,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1,5,0,1,0,0,1,0\n",
    );
    let hits = wd.read("hits.csv");
    assert!(
        hits.contains("\n2,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",ftf,"),
        "{hits}"
    );
    assert!(hits.contains(",'=1+1 ,"), "{hits}");

    // In the workbook the name is a text cell with Excel's quote prefix, never a formula.
    let mut zip = open_workbook(&wd.path("themes.xlsx"));
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let sheets: String = names
        .iter()
        .filter(|n| n.starts_with("xl/worksheets/") || *n == "xl/sharedStrings.xml")
        .map(|n| workbook_part(&mut zip, n))
        .collect();
    assert!(!sheets.contains("<f>"), "a formula in the workbook");
    assert!(
        sheets.contains(">=HYPERLINK(\"http://x\",\"y\")<"),
        "{sheets}"
    );
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");

    let raw = wd.stdout(&mut wd.analyze(&["s.csv", "-q", "--raw-cells"]));
    assert!(raw.contains("\n\"=HYPERLINK("), "{raw}");
}

#[test]
fn workbook_has_every_sheet() {
    let wd = workdir();
    wd.create("statements.csv", STATEMENTS_CSV);
    wd.stdout(&mut wd.analyze(&["statements.csv", "-q", "--xlsx", "w.xlsx"]));
    let mut zip = open_workbook(&wd.path("w.xlsx"));
    let book = workbook_part(&mut zip, "xl/workbook.xml");
    for sheet in ["summary", "hits", "long", "terms", "matches", "manifest"] {
        assert!(
            book.contains(&format!("name=\"{sheet}\"")),
            "{sheet} missing: {book}"
        );
    }
    let summary = workbook_part(&mut zip, "xl/worksheets/sheet1.xml");
    for part in ["ySplit=\"1\"", "<autoFilter ref=", "<colorScale>"] {
        assert!(summary.contains(part), "{part} missing: {summary}");
    }
}

#[test]
fn csv_for_excel_and_semicolons() {
    let wd = workdir();
    wd.create("s.csv", "speaker,text\nГ-н А,ИБТ\n");
    let out = wd.stdout(&mut wd.analyze(&["s.csv", "-q", "--excel", "--delimiter", ";"]));
    assert_output(
        &out,
        "\u{feff}speaker;statements;tokens;cells;ftf;regional;cells_all;ftf_all;regional_all\r\nГ-н А;1;1;0;1;0;0;1;0\r\n",
    );
    let long = wd.stdout(&mut wd.analyze(&[
        "s.csv",
        "-q",
        "--delimiter",
        ";",
        "--decimal-comma",
        "--format",
        "long",
    ]));
    assert!(
        long.contains("\nГ-н А;ftf;1;1;1;1000;1;1;25,317808;5571,643391;1;;;\n"),
        "{long}"
    );
    let stderr = wd.stderr(&mut wd.ctlex(&["analyze", "s.csv", "--delimiter", "ab"]), 1);
    assert!(stderr.contains("--delimiter"), "{stderr}");
}

#[test]
fn every_file_gets_a_manifest() {
    let wd = workdir();
    wd.create("statements.csv", STATEMENTS_CSV);
    wd.stdout(&mut wd.analyze(&[
        "statements.csv",
        "-q",
        "-o",
        "out.csv",
        "--report",
        "r.html",
        "--heatmap",
        "h.svg",
    ]));
    let manifest: serde_json::Value =
        serde_json::from_str(&wd.read("out.csv.manifest.json")).unwrap();
    assert_eq!(manifest["tool"], "ctlex");
    assert_eq!(manifest["counts"]["statements"], 4);
    assert_eq!(manifest["counts"]["tokens"], 32);
    assert_eq!(manifest["inputs"][0]["bytes"], STATEMENTS_CSV.len());
    assert_eq!(manifest["lexicon"]["themes"][1]["id"], "ftf");
    assert_eq!(
        manifest["lexicon"]["themes"][1]["hash"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
    assert_eq!(manifest["options"]["denominator"], "tokens");
    assert_eq!(
        manifest["outputs"],
        serde_json::json!(["out.csv", "r.html", "h.svg"])
    );
    for file in ["r.html.manifest.json", "h.svg.manifest.json"] {
        assert!(wd.path(file).exists(), "{file}");
    }
    let html = wd.read("r.html");
    assert!(html.contains("<table class=\"heat sortable\">") && html.contains("Г-н Петров"));
    let svg = wd.read("h.svg");
    assert!(svg.starts_with("<svg") && svg.contains("Mr. Smith"));
}

#[test]
fn a_failed_run_leaves_no_output() {
    let wd = workdir();
    wd.create("statements.csv", STATEMENTS_CSV);
    wd.stderr(
        &mut wd.analyze(&[
            "statements.csv",
            "--by",
            "delegation",
            "--matches",
            "hits.csv",
            "--xlsx",
            "w.xlsx",
            "-o",
            "out.csv",
        ]),
        1,
    );
    assert_eq!(wd.names(), ["lexicon.csv", "statements.csv"]);
}

#[test]
fn manifest_records_how_each_input_was_decoded() {
    let wd = workdir();
    wd.create("corpus/en.txt", "FTF");
    let (russian, _, _) =
        encoding_rs::WINDOWS_1251.encode("Иностранные боевики-террористы прибывают в страны ОДКБ.");
    wd.create("corpus/ru.txt", russian);
    let out = wd.stdout(&mut wd.analyze(&["-o", "themes.csv"]));
    assert_eq!(out, "");
    assert_output(
        &wd.read("themes.csv"),
        "speaker,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all\nen,1,1,0,1,0,0,1,0\nru,1,7,0,1,1,0,1,1\n",
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&wd.read("themes.csv.manifest.json")).unwrap();
    assert_eq!(
        manifest["encodings"],
        serde_json::json!({
            "decisions": { "UTF-8 (valid UTF-8)": 1, "windows-1251 (detected)": 1 },
            "other_than_utf8": [["corpus/ru.txt", "windows-1251 (detected)"]],
            "other_than_utf8_unlisted": 0
        })
    );
}

#[test]
fn context_unit_decides_which_hits_count() {
    let wd = Workdir::new();
    wd.create(
        "s.csv",
        "id,text\n\
         1,\"Afghanistan needs help. Counter-terrorism must reach it.\"\n\
         2,\"Afghanistan needs help. Trade grew.\n\nTerrorism is a threat.\"\n\
         3,\"Погода хорошая. Афганистан важен.\"\n",
    );
    let afghanistan = |unit: &str| {
        let out =
            wd.stdout(&mut wd.ctlex(&["analyze", "s.csv", "--by", "id", "-q", "--context", unit]));
        let header: Vec<&str> = out.lines().next().unwrap().split(',').collect();
        let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
        let (hits, all) = (column("afghanistan"), column("afghanistan_all"));
        out.lines()
            .skip(1)
            .map(|line| {
                let cells: Vec<&str> = line.split(',').collect();
                format!("{}:{}/{}", cells[0], cells[hits], cells[all])
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(afghanistan("sentence"), "1:0/1 2:0/1 3:0/1");
    assert_eq!(afghanistan("passage"), "1:1/1 2:0/1 3:0/1");
    assert_eq!(afghanistan("statement"), "1:1/1 2:1/1 3:0/1");
    assert_eq!(afghanistan("none"), "1:1/1 2:1/1 3:1/1");
}
