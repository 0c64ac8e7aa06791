//! Nothing read is lost without a word: each input here is broken in one way that readers used
//! to pass over in silence (a quote never closed, a column named twice, the same file given
//! twice, a file in a folder that is not a statement), and the test checks that the rest is
//! counted and the broken part reported with its file and line.

mod common;

use common::{assert_output, kinds, lexicon_with, problems, Workdir};

fn lexicon() -> String {
    lexicon_with(&["foreign terrorist fighter"])
}

#[test]
fn an_unclosed_quote_skips_its_line_and_the_rows_after_it_are_counted() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create(
        "t.csv",
        "speaker,text\n\
         A,Foreign terrorist fighters return.\n\
         B,\"A field over\n\
         two lines about foreign terrorist fighters\"\n\
         C,\"Foreign terrorist fighters, a quote never closed\n\
         D,Foreign terrorist fighters again.\n\
         \n\
         E,foreign terrorist fighters and more.\n",
    );
    let (stdout, stderr) = wd.run(
        &mut wd.analyze(&["t.csv", "--by", "doc", "--errors", "errors.csv"]),
        2,
    );
    // Ids are line numbers, so the rows keep their ids whatever happens to the row above.
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\n2,1,4,1,1\n3,1,9,1,1\n6,1,4,1,1\n8,1,5,1,1\n",
    );
    let found = problems(&wd, "errors.csv");
    assert_eq!(kinds(&found), ["bad_row t.csv:5"], "{found:?}");
    assert!(
        found[0]
            .1
            .contains("quote opened on line 5 is never closed"),
        "{found:?}"
    );
    assert!(stderr.contains("t.csv:5: "), "{stderr}");
}

#[test]
fn a_quote_closed_only_in_a_later_row_does_not_swallow_that_row() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create(
        "t.csv",
        "speaker,text\n\
         A,\"She said \"\"enough\n\
         B,\"Foreign terrorist fighters\"\n\
         C,Foreign terrorist fighters\n",
    );
    let (stdout, _) = wd.run(
        &mut wd.analyze(&["t.csv", "--by", "doc", "--errors", "errors.csv"]),
        2,
    );
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\n3,1,3,1,1\n4,1,3,1,1\n",
    );
    let found = problems(&wd, "errors.csv");
    assert_eq!(kinds(&found), ["bad_row t.csv:2"], "{found:?}");
    assert!(found[0].1.contains("closes only on line 3"), "{found:?}");
}

#[test]
fn ids_are_line_numbers_so_a_bad_row_does_not_shift_them() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create(
        "t.csv",
        "speaker,text\nA,foreign terrorist fighters\nB,one,too many\nC,foreign terrorist fighters\n",
    );
    wd.create(
        "t.jsonl",
        "{\"text\": \"foreign terrorist fighters\"}\n\
         not json\n\
         {\"text\": \"foreign terrorist fighters\"}\n",
    );
    let (stdout, _) = wd.run(&mut wd.analyze(&["t.csv", "--by", "doc"]), 2);
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\n2,1,3,1,1\n4,1,3,1,1\n",
    );
    let (stdout, _) = wd.run(&mut wd.analyze(&["t.jsonl", "--by", "doc"]), 2);
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\n1,1,3,1,1\n3,1,3,1,1\n",
    );
    // Windows line ends and blank lines do not throw the count off.
    wd.create(
        "crlf.csv",
        "speaker,text\r\nA,foreign terrorist fighters\r\n\r\nB,one,too many\r\nC,foreign terrorist fighters\r\n",
    );
    let (stdout, stderr) = wd.run(&mut wd.analyze(&["crlf.csv", "--by", "doc"]), 2);
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\n2,1,3,1,1\n5,1,3,1,1\n",
    );
    assert!(stderr.contains("crlf.csv:4: row has 3 fields"), "{stderr}");
    // Nor do old Mac line ends, a carriage return alone.
    wd.create(
        "mac.tsv",
        "speaker\ttext\rA\tforeign terrorist fighters\r\rB\tforeign terrorist fighters\r",
    );
    let (stdout, _) = wd.run(&mut wd.analyze(&["mac.tsv", "--by", "doc"]), 0);
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\n2,1,3,1,1\n4,1,3,1,1\n",
    );
}

#[test]
fn a_column_named_twice_is_refused() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create(
        "twice.csv",
        "id,text,speaker,text\n1,foreign terrorist fighters,A,other words\n",
    );
    wd.create("good.csv", "id,text\n2,foreign terrorist fighters\n");
    let (stdout, stderr) = wd.run(
        &mut wd.analyze(&[
            "twice.csv",
            "good.csv",
            "--by",
            "doc",
            "--errors",
            "errors.csv",
        ]),
        2,
    );
    assert_output(&stdout, "doc,statements,tokens,ftf,ftf_all\n2,1,3,1,1\n");
    let found = problems(&wd, "errors.csv");
    assert_eq!(kinds(&found), ["duplicate_name twice.csv:1"], "{found:?}");
    assert!(
        stderr.contains("twice.csv:1: column `text` appears twice (columns 2 and 4)"),
        "{stderr}"
    );
}

#[test]
fn a_json_key_given_twice_is_reported() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create(
        "t.jsonl",
        "{\"id\": \"a\", \"text\": \"nothing here\", \"text\": \"foreign terrorist fighters\"}\n\
         {\"id\": \"b\", \"text\": \"foreign terrorist fighters\"}\n",
    );
    let (stdout, stderr) = wd.run(
        &mut wd.analyze(&["t.jsonl", "--by", "doc", "--errors", "errors.csv"]),
        2,
    );
    assert_output(&stdout, "doc,statements,tokens,ftf,ftf_all\nb,1,3,1,1\n");
    let found = problems(&wd, "errors.csv");
    assert_eq!(kinds(&found), ["duplicate_name t.jsonl:1"], "{found:?}");
    assert!(
        stderr.contains("t.jsonl:1: key `text` appears twice"),
        "{stderr}"
    );
}

#[test]
fn a_folder_given_twice_is_read_once() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create("corpus/a.txt", "Foreign terrorist fighters.");
    wd.create("corpus/sub/b.txt", "Foreign terrorist fighters again.");
    wd.create("t.csv", "text\nforeign terrorist fighters\n");
    let (stdout, stderr) = wd.run(
        &mut wd.analyze(&[
            "corpus",
            "./corpus",
            "corpus/sub",
            "t.csv",
            "./t.csv",
            "--by",
            "language",
        ]),
        0,
    );
    assert_output(
        &stdout,
        "language,statements,tokens,ftf,ftf_all\nen,3,10,3,3\n",
    );
    for note in [
        "note: ./corpus is the same folder as corpus, read once",
        "note: corpus/sub is inside corpus, read once as part of it",
        "note: ./t.csv is the same file as t.csv, read once",
    ] {
        assert!(stderr.contains(note), "{note}\n{stderr}");
    }
}

#[test]
fn a_folder_inside_an_earlier_input_is_read_once() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create("corpus/a.txt", "Foreign terrorist fighters.");
    wd.create("corpus/sub/b.txt", "Foreign terrorist fighters again.");
    let (stdout, stderr) = wd.run(
        &mut wd.analyze(&["corpus/sub", "corpus", "--by", "language"]),
        0,
    );
    assert_output(
        &stdout,
        "language,statements,tokens,ftf,ftf_all\nen,2,7,2,2\n",
    );
    assert!(
        stderr.contains("note: corpus/sub/b.txt is the same file as corpus/sub/b.txt, read once"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_file_already_read_is_read_once() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create("corpus/a.txt", "Foreign terrorist fighters.");
    wd.create("elsewhere/c.txt", "Foreign terrorist fighters.");
    std::os::unix::fs::symlink("a.txt", wd.path("corpus/link.txt")).unwrap();
    std::os::unix::fs::symlink("../elsewhere/c.txt", wd.path("corpus/c.txt")).unwrap();
    let (stdout, stderr) = wd.run(&mut wd.analyze(&["corpus", "--by", "doc"]), 0);
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\na.txt,1,3,1,1\nc.txt,1,3,1,1\n",
    );
    assert!(
        stderr.contains("note: corpus/link.txt is the same file as corpus/a.txt, read once"),
        "{stderr}"
    );
}

/// A folder with one statement and every other kind of file a corpus folder may hold.
fn mixed_folder(wd: &Workdir, root: &str) {
    wd.create(&format!("{root}/a.txt"), "Foreign terrorist fighters.");
    wd.create(&format!("{root}/report.pdf"), "%PDF-1.4\n%\u{e2}\n");
    wd.create(&format!("{root}/letter.docx"), "PK\u{3}\u{4}");
    wd.create(
        &format!("{root}/more/table.csv"),
        "text\nforeign terrorist fighters\n",
    );
    wd.create(&format!("{root}/notes.xml"), "<notes/>");
    wd.create(&format!("{root}/README.md"), "What this folder holds.");
    wd.create(&format!("{root}/.DS_Store"), "\0\0\0\u{1}Bud1");
    wd.create(&format!("{root}/.git/HEAD"), "ref: refs/heads/main\n");
    #[cfg(unix)]
    wd.fifo(&format!("{root}/pipe.txt"));
}

#[test]
fn every_file_a_folder_walk_skips_is_reported_with_a_reason() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    mixed_folder(&wd, "in");
    let (stdout, stderr) = wd.run(
        &mut wd.analyze(&["in", "--by", "doc", "--errors", "errors.csv"]),
        2,
    );
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\na.txt,1,3,1,1\n",
    );
    let found = problems(&wd, "errors.csv");
    let mut expected = vec![
        "not_read in/letter.docx:",
        "not_read in/more/table.csv:",
        "not_read in/notes.xml:",
        "not_read in/report.pdf:",
    ];
    if cfg!(unix) {
        expected.push("not_read in/pipe.txt:");
        expected.sort();
    }
    assert_eq!(kinds(&found), expected, "{found:?}");
    for reason in [
        "in/report.pdf: a PDF: convert it to text first",
        "in/letter.docx: a word-processor document",
        "in/more/table.csv: a table in a folder is not read",
        "in/notes.xml: not a .txt file",
    ] {
        assert!(stderr.contains(reason), "{reason}\n{stderr}");
    }
    if cfg!(unix) {
        assert!(
            stderr.contains("in/pipe.txt: not a regular file (a named pipe)"),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains("note: in: not read, as documentation: README.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: in: skipped 2 hidden file(s) or folder(s)"),
        "{stderr}"
    );
    let skipped = if cfg!(unix) { 5 } else { 4 };
    assert!(
        stderr.contains(&format!("skipped {skipped}: {skipped} not_read")),
        "{stderr}"
    );
}

#[test]
fn a_layout_folder_reports_what_it_skips_too() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    mixed_folder(&wd, "gd");
    wd.create(
        "gd/Session 70 - 2015/USA_70_2015.txt",
        "Foreign terrorist fighters.",
    );
    wd.create(
        "gd/Session 70 - 2015/FRA_70_2015.txt",
        "Foreign terrorist fighters.",
    );
    let (_, stderr) = wd.run(
        &mut wd.analyze(&["gd", "--layout", "ungdc", "--errors", "errors.csv"]),
        2,
    );
    let found = problems(&wd, "errors.csv");
    assert!(
        kinds(&found).contains(&"not_read gd/report.pdf:"),
        "{found:?}\n{stderr}"
    );
}

#[test]
fn metadata_is_decoded_like_statements_and_its_rows_and_files_are_matched() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    let (metadata, _, _) = encoding_rs::WINDOWS_1251.encode(
        "file,speaker\n\
         a.txt,Небензя Василий Алексеевич\n\
         missing.txt,Кто-то другой\n\
         B.TXT,Председатель Совета Безопасности\n",
    );
    wd.create("m/metadata.csv", &*metadata);
    wd.create("m/a.txt", "Foreign terrorist fighters.");
    wd.create("m/b.txt", "Foreign terrorist fighters.");
    wd.create("m/sub/c.txt", "Foreign terrorist fighters.");
    let (stdout, stderr) = wd.run(
        &mut wd.analyze(&["m", "--by", "speaker", "--errors", "errors.csv"]),
        2,
    );
    assert_output(
        &stdout,
        "speaker,statements,tokens,ftf,ftf_all\nb,1,3,1,1\nc,1,3,1,1\nНебензя Василий Алексеевич,1,3,1,1\n",
    );
    let found = problems(&wd, "errors.csv");
    assert_eq!(
        kinds(&found),
        ["metadata m/b.txt:", "metadata m/sub/c.txt:"],
        "{found:?}"
    );
    assert!(
        found[0]
            .1
            .contains("no row of m/metadata.csv names this file"),
        "{found:?}"
    );
    assert!(
        stderr.contains(
            "note: m/metadata.csv: 2 row(s) name no file read: line 3 `missing.txt`; \
             line 4 `B.TXT` (the file `b.txt` differs only in case)"
        ),
        "{stderr}"
    );
}

#[test]
fn two_metadata_rows_for_one_file_are_refused_with_both_lines() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create(
        "m/metadata.csv",
        "file,speaker\na.txt,One\nb.txt,Two\na.txt,Three\n",
    );
    wd.create("m/a.txt", "Foreign terrorist fighters.");
    wd.create("m/b.txt", "Foreign terrorist fighters.");
    let (_, stderr) = wd.run(&mut wd.analyze(&["m"]), 1);
    assert!(
        stderr.contains("m/metadata.csv:4: file `a.txt` has two rows, lines 2 and 4"),
        "{stderr}"
    );
    wd.create(
        "m/metadata.csv",
        "file,speaker,speaker
a.txt,One,Two
b.txt,Three,Four
",
    );
    let (_, stderr) = wd.run(&mut wd.analyze(&["m"]), 1);
    assert!(
        stderr.contains("m/metadata.csv:1: column `speaker` appears twice (columns 2 and 3)"),
        "{stderr}"
    );
}

/// A record as pdftotext gives it: a vote whose list of names runs straight into the next
/// turn, and page furniture in the shapes pdftotext leaves (a symbol with a space, a job number
/// run into the page number).
const VOTE_RECORD: &str = "\
United Nations                                                   S/PV. 9960
Security Council
9960th meeting

The meeting was called to order at 3 p.m.

The President: I shall now put the draft resolution to the vote.

A vote was taken by show of hands.
In favour:
Algeria, Denmark, France, Greece, Guyana, Japan, Pakistan, Panama,
Republic of Korea, Russian Federation, Sierra Leone, Slovenia, Somalia,
Saint Vincent and
the Grenadines, United Kingdom of Great Britain and Northern Ireland,
United States of America
Against:
None
The President: The draft resolution has received 15 votes in favour. It
has been adopted unanimously as resolution 2799 (2026).
S/PV.8699
20-006763/65
Mr. Lefort (France) (spoke in French): We welcome this text, which
addresses foreign terrorist
S/PV. 9960
24-12345 3/29
fighters.

The meeting rose at 4 p.m.
";

#[test]
fn the_turn_after_a_vote_is_kept_and_page_furniture_left_out() {
    let wd = Workdir::new();
    wd.create("S_PV.9960.txt", VOTE_RECORD);
    let (stdout, _) = wd.run(&mut wd.ctlex(&["split", "S_PV.9960.txt"]), 0);
    assert_output(
        &stdout,
        "\
meeting,turn,speaker,delegation,delegation_iso3,role,spoke_in,text
S/PV.9960,1,The President,,,President,English,I shall now put the draft resolution to the vote.
S/PV.9960,2,The President,,,President,English,The draft resolution has received 15 votes in favour. It has been adopted unanimously as resolution 2799 (2026).
S/PV.9960,3,Mr. Lefort,France,FRA,,French,\"We welcome this text, which addresses foreign terrorist fighters.\"
",
    );
}

#[test]
fn speaker_lines_alone_do_not_make_a_meeting_record() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    let notes = "\
Mr. Dupont (France): We discussed foreign terrorist fighters.
Mr. Smith (United Kingdom): We agree.
Mr. Tanaka (Japan): So do we.
";
    wd.create("notes.txt", notes);
    wd.create("record.txt", format!("S/PV.9961\n\n{notes}"));
    let (stdout, stderr) = wd.run(&mut wd.analyze(&["notes.txt", "--by", "doc"]), 0);
    assert!(stderr.contains("notes.txt: layout text"), "{stderr}");
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\nnotes.txt,1,20,1,1\n",
    );
    let (_, stderr) = wd.run(&mut wd.analyze(&["record.txt"]), 0);
    assert!(stderr.contains("record.txt: layout record"), "{stderr}");
}

#[test]
fn an_empty_metadata_file_stops_the_run_saying_why() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create("m/metadata.csv", "");
    wd.create("m/a.txt", "Foreign terrorist fighters.");
    let (_, stderr) = wd.run(&mut wd.analyze(&["m"]), 1);
    assert!(
        stderr.contains("m/metadata.csv: cannot be read as metadata: empty file"),
        "{stderr}"
    );
}
