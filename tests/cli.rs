//! End-to-end tests: the real binary on corpora written to a temporary folder, in every input
//! format, with whole outputs compared.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary working folder in which the binary runs (after xsv's `Workdir`).
struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    fn new() -> Workdir {
        let workdir = Workdir {
            dir: tempfile::tempdir().unwrap(),
        };
        workdir.create("lexicon.csv", LEXICON);
        workdir
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn create(&self, name: &str, contents: &str) {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ctlex"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    /// Runs and returns stdout, failing with stderr unless the exit code is `code`.
    fn stdout_with(&self, code: i32, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "ctlex {}\nstderr:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn stdout(&self, args: &[&str]) -> String {
        self.stdout_with(0, args)
    }

    fn stderr(&self, args: &[&str], code: i32) -> String {
        let output = self.run(args);
        assert_eq!(output.status.code(), Some(code), "ctlex {}", args.join(" "));
        String::from_utf8(output.stderr).unwrap()
    }
}

/// Shows expected and actual side by side on a mismatch.
#[track_caller]
fn assert_output(actual: &str, expected: &str) {
    if actual != expected {
        let width = expected
            .lines()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        let mut table = format!("{:width$} | actual\n", "expected");
        let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
        for i in 0..e.len().max(a.len()) {
            let (el, al) = (e.get(i).unwrap_or(&""), a.get(i).unwrap_or(&""));
            let mark = if el == al { ' ' } else { '≠' };
            table.push_str(&format!("{el:width$} {mark} {al}\n"));
        }
        panic!("output differs:\n{table}");
    }
}

/// A small fixed lexicon, so the expected outputs do not move when the bundled lexicons grow.
const LEXICON: &str = "\
theme,language,pattern,kind
ftf,en,foreign terrorist fighter,entry
ftf,en,FTF,entry
ftf,ru,иностранные боевики-террористы,entry
ftf,ru,ИБТ,entry
cells,en,sleeper cell,entry
cells,en,cell NEAR/4 terrorist,entry
cells,en,stem cell,exclude
cells,ru,спящ* ячейк*,entry
regional,en,CSTO,entry
regional,ru,ОДКБ,entry
regional,ru,Организация Договора о коллективной безопасности,entry
";

const STATEMENTS_CSV: &str = "\
id,speaker,language,text
1,Mr. Smith,en,\"Foreign terrorist fighters and their FTF networks: a terrorist cell, not a stem cell.\"
2,Г-н Петров,ru,Иностранные боевики-террористы (ИБТ) и спящие ячейки — угроза для ОДКБ.
3,Mr. Smith,en,The CSTO and the Collective Security Treaty Organization.
4,Ms. Empty,en,
";

#[test]
fn csv_by_id_long() {
    let wd = Workdir::new();
    wd.create("statements.csv", STATEMENTS_CSV);
    let out = wd.stdout(&[
        "analyze",
        "statements.csv",
        "--lexicons",
        "lexicon.csv",
        "--by",
        "id",
        "--format",
        "long",
    ]);
    assert_output(
        &out,
        "\
id,theme,hits,tokens,per_1000,share
1,cells,1,14,71.428571,0.333333
1,ftf,2,14,142.857143,0.666667
1,regional,0,14,0,0
2,cells,1,10,100,0.25
2,ftf,2,10,200,0.5
2,regional,1,10,100,0.25
3,cells,0,8,0,0
3,ftf,0,8,0,0
3,regional,1,8,125,1
4,cells,0,0,,
4,ftf,0,0,,
4,regional,0,0,,
",
    );
}

#[test]
fn csv_by_speaker_wide() {
    let wd = Workdir::new();
    wd.create("statements.csv", STATEMENTS_CSV);
    let out = wd.stdout(&["analyze", "statements.csv", "--lexicons", "lexicon.csv"]);
    assert_output(
        &out,
        "\
speaker,statements,tokens,cells,ftf,regional
Mr. Smith,2,22,1,2,1
Ms. Empty,1,0,0,0,0
Г-н Петров,1,10,1,2,1
",
    );
}

#[test]
fn tsv_input() {
    let wd = Workdir::new();
    wd.create(
        "statements.tsv",
        "speaker\ttext\nA\t\"Sleeper cells\" of the CSTO\nB\tspeech without themes\n",
    );
    let out = wd.stdout(&["analyze", "statements.tsv", "--lexicons", "lexicon.csv"]);
    assert_output(
        &out,
        "\
speaker,statements,tokens,cells,ftf,regional
A,1,5,1,0,1
B,1,3,0,0,0
",
    );
}

#[test]
fn text_folder_with_metadata() {
    let wd = Workdir::new();
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
    let out = wd.stdout(&[
        "analyze",
        "debate",
        "--lexicons",
        "lexicon.csv",
        "--by",
        "delegation,language",
    ]);
    assert_output(
        &out,
        "\
delegation,language,statements,tokens,cells,ftf,regional
France,en,2,10,1,2,0
Russian Federation,ru,1,5,0,1,1
",
    );
}

#[test]
fn text_folder_without_metadata_uses_file_stems() {
    let wd = Workdir::new();
    wd.create("speeches/France.txt", "FTF");
    wd.create("speeches/nested/Russia.txt", "ИБТ и ОДКБ");
    wd.create("speeches/notes.md", "FTF FTF");
    let out = wd.stdout(&[
        "analyze",
        "speeches",
        "--lexicons",
        "lexicon.csv",
        "--by",
        "doc,speaker,language",
    ]);
    assert_output(
        &out,
        "\
doc,speaker,language,statements,tokens,cells,ftf,regional
France.txt,France,en,1,1,0,1,0
nested/Russia.txt,Russia,ru,1,3,0,1,1
",
    );
}

#[test]
fn jsonl_input_with_another_text_field() {
    let wd = Workdir::new();
    wd.create(
        "posts.jsonl",
        "{\"id\": \"p1\", \"channel\": \"news\", \"body\": \"спящие ячейки ИБТ\"}\n\n{\"id\": \"p2\", \"channel\": \"news\", \"body\": \"CSTO\", \"views\": 12}\n",
    );
    let out = wd.stdout(&[
        "analyze",
        "posts.jsonl",
        "--lexicons",
        "lexicon.csv",
        "--text-column",
        "body",
        "--by",
        "channel",
    ]);
    assert_output(
        &out,
        "\
channel,statements,tokens,cells,ftf,regional
news,2,4,1,1,1
",
    );
}

#[test]
fn several_inputs_in_one_run_keep_ids_apart() {
    let wd = Workdir::new();
    wd.create("a.csv", "speaker,text\nX,FTF\n");
    wd.create("b.jsonl", "{\"speaker\": \"Y\", \"text\": \"ОДКБ\"}\n");
    wd.create("c/one.txt", "CSTO");
    let out = wd.stdout(&[
        "analyze",
        "a.csv",
        "b.jsonl",
        "c",
        "--lexicons",
        "lexicon.csv",
        "--by",
        "doc",
    ]);
    assert_output(
        &out,
        "\
doc,statements,tokens,cells,ftf,regional
a.csv:1,1,1,0,1,0
b.jsonl:1,1,1,0,0,1
c/one.txt,1,1,0,0,1
",
    );
}

#[test]
fn default_input_is_the_corpus_folder() {
    let wd = Workdir::new();
    wd.create("corpus/a.txt", "FTF");
    let out = wd.stdout(&["analyze", "--lexicons", "lexicon.csv"]);
    assert_output(
        &out,
        "speaker,statements,tokens,cells,ftf,regional\na,1,1,0,1,0\n",
    );
}

#[test]
fn output_file_is_written_whole() {
    let wd = Workdir::new();
    wd.create("corpus/a.txt", "FTF");
    assert_eq!(
        wd.stdout(&["analyze", "--lexicons", "lexicon.csv", "-o", "themes.csv"]),
        ""
    );
    assert_output(
        &std::fs::read_to_string(wd.path("themes.csv")).unwrap(),
        "speaker,statements,tokens,cells,ftf,regional\na,1,1,0,1,0\n",
    );
    let stderr = wd.stderr(
        &[
            "analyze",
            "--lexicons",
            "lexicon.csv",
            "-o",
            "missing/themes.csv",
        ],
        1,
    );
    assert!(stderr.contains("missing"), "{stderr}");
    let mut left: Vec<String> = std::fs::read_dir(wd.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["corpus", "lexicon.csv", "themes.csv"]);
}

#[test]
fn bad_rows_are_reported_and_the_rest_counted() {
    let wd = Workdir::new();
    wd.create("s.csv", "speaker,text\nA,FTF\nB,FTF,extra\nC,ОДКБ\n");
    let output = wd.run(&["analyze", "s.csv", "--lexicons", "lexicon.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert_output(
        &String::from_utf8(output.stdout).unwrap(),
        "speaker,statements,tokens,cells,ftf,regional\nA,1,1,0,1,0\nC,1,1,0,0,1\n",
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("s.csv:3: row has 3 fields, the header has 2; row skipped"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_is_counted_and_reported() {
    let wd = Workdir::new();
    std::fs::create_dir_all(wd.path("corpus")).unwrap();
    std::fs::write(wd.path("corpus/a.txt"), b"FTF \xe2\x80\x94 \xff FTF").unwrap();
    let output = wd.run(&["analyze", "--lexicons", "lexicon.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stdout)
        .unwrap()
        .ends_with("a,1,2,0,2,0\n"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("a.txt: 1 byte sequence(s) not valid UTF-8 replaced with U+FFFD"),
        "{stderr}"
    );
}

#[test]
fn missing_by_column_is_an_error_listing_the_columns() {
    let wd = Workdir::new();
    wd.create("statements.csv", STATEMENTS_CSV);
    let stderr = wd.stderr(
        &[
            "analyze",
            "statements.csv",
            "--lexicons",
            "lexicon.csv",
            "--by",
            "delegation",
        ],
        1,
    );
    assert_eq!(
        stderr,
        "ctlex: error: statements.csv: no column `delegation` (columns: id, speaker, language, text)\n"
    );
}

#[test]
fn missing_text_column_skips_the_input_listing_the_columns() {
    let wd = Workdir::new();
    wd.create("s.csv", "speaker,body\nA,FTF\n");
    let stderr = wd.stderr(&["analyze", "s.csv", "--lexicons", "lexicon.csv"], 2);
    assert!(
        stderr.contains("s.csv: no column `text` (columns: speaker, body); file skipped"),
        "{stderr}"
    );
}

#[test]
fn missing_input_is_an_error_naming_it() {
    let wd = Workdir::new();
    let stderr = wd.stderr(&["analyze", "nowhere", "--lexicons", "lexicon.csv"], 1);
    assert!(stderr.starts_with("ctlex: error: nowhere: "), "{stderr}");
}

#[test]
fn invalid_lexicon_names_file_line_and_entry() {
    let wd = Workdir::new();
    wd.create(
        "bad.csv",
        "theme,language,pattern\nftf,en,FTF\ncells,en,cell NEAR/five terrorist\n",
    );
    wd.create("corpus/a.txt", "FTF");
    let stderr = wd.stderr(&["analyze", "--lexicons", "bad.csv"], 1);
    assert_eq!(
        stderr,
        "ctlex: error: bad.csv:3: entry `cell NEAR/five terrorist`: NEAR needs a distance from 1 to 1000: NEAR/5\n"
    );
}

#[test]
fn usage_errors_exit_1() {
    let wd = Workdir::new();
    wd.stderr(&["analyze", "--format", "tall"], 1);
    wd.stderr(&["frobnicate"], 1);
    assert!(wd.stdout(&["--help"]).contains("Exit codes"));
}

#[test]
fn lexicon_export_round_trips_through_analyze() {
    let wd = Workdir::new();
    let exported = wd.stdout(&[
        "lexicon",
        "export",
        "--lexicons",
        "lexicon.csv",
        "--format",
        "flat-csv",
    ]);
    wd.create("exported.csv", &exported);
    assert_eq!(
        wd.stdout(&["lexicon", "export", "--lexicons", "exported.csv"]),
        exported
    );
    assert_eq!(exported.lines().count(), LEXICON.lines().count());
}

#[test]
fn lexicon_list_counts_entries_per_language() {
    let wd = Workdir::new();
    let out = wd.stdout(&["lexicon", "list", "--lexicons", "lexicon.csv"]);
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
    let wd = Workdir::new();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let out = wd.stdout(&[
        "analyze",
        corpus.to_str().unwrap(),
        "--by",
        "delegation",
        "--threads",
        "2",
    ]);
    let header = out.lines().next().unwrap();
    assert_eq!(
        header,
        "delegation,statements,tokens,afghanistan,cells,crime_nexus,financing,ftf,human_rights,\
         law_enforcement,prevention,propaganda_online,regional_orgs,un_framework,weapons"
    );
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(rows.len() >= 10, "{out}");
    let statements: u64 = rows
        .iter()
        .map(|r| r.split(',').nth(1).unwrap().parse::<u64>().unwrap())
        .sum();
    let files = std::fs::read_dir(&corpus)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count() as u64;
    assert_eq!(statements, files);
}
