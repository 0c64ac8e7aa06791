//! Dirty input end to end: a corpus generated here with every kind of bad input (binary, empty,
//! undecodable, rows with the wrong field count, a table without its text column, duplicate ids,
//! odd file names, deep folders, a symlink loop) runs through with the expected counts and the
//! expected report of each problem; and text in every supported encoding counts exactly like its
//! UTF-8 original.

mod common;

use std::path::Path;

use common::{assert_output, lexicon_with, sample_corpus, Workdir};
use encoding_rs::{Encoding, KOI8_R, WINDOWS_1251, WINDOWS_1252};

/// The two long forms of one theme.
fn lexicon() -> String {
    lexicon_with(&[
        "foreign terrorist fighter",
        "иностранные боевики-террористы",
    ])
}

/// Every bad case, beside good statements that must still be counted.
fn dirty_corpus(wd: &Workdir) {
    wd.create("lexicon.csv", lexicon());
    wd.create("bad/good.txt", "Foreign terrorist fighters return home.");
    wd.create(
        "bad/binary.txt",
        [0x7fu8, b'E', b'L', b'F', 0, 0, 0, 1, 2, 0, 0, 0],
    );
    wd.create("bad/empty.txt", "");
    wd.create(
        "bad/name with spaces ünïcödé.txt",
        "Иностранные боевики-террористы.",
    );
    let deep: String = (0..40).map(|i| format!("d{i}/")).collect();
    wd.create(&format!("bad/{deep}deep.txt"), "foreign terrorist fighters");
    let (cp1251, _, _) = WINDOWS_1251.encode("Иностранные боевики-террористы вернулись.");
    wd.create("bad/cp1251.txt", &*cp1251);
    wd.create(
        "bad/damaged.txt",
        b"Foreign terrorist fighters \xe2\x80\x94 \xff and more.",
    );
    wd.create("bad/notes.md", "not a statement file");
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", wd.path("bad/d0/loop")).unwrap();
    wd.create(
        "table.csv",
        "id,speaker,text\n\
         1,A,Foreign terrorist fighters\n\
         2,B,too,many,fields\n\
         1,C,foreign terrorist fighters again\n\
         3,D\n",
    );
    wd.create(
        "notext.csv",
        "id,speaker,body\n1,A,Foreign terrorist fighters\n",
    );
    wd.create(
        "lines.jsonl",
        "{\"id\": \"j1\", \"text\": \"Foreign terrorist fighters\"}\n\
         {not json\n\
         {\"id\": \"j2\", \"body\": \"no text field\"}\n",
    );
}

#[test]
fn every_bad_case_is_reported_and_the_rest_counted() {
    let wd = Workdir::new();
    dirty_corpus(&wd);
    let inputs = ["bad", "table.csv", "notext.csv", "lines.jsonl"];
    let mut args = vec!["--by", "doc"];
    args.extend(inputs);
    args.extend(["--errors", "errors.csv"]);
    let (stdout, stderr) = wd.run(&mut wd.analyze(&args), 2);
    let deep: String = (0..40).map(|i| format!("d{i}/")).collect();
    // The table's id `1` twice: both counted, under one group, and reported.
    let expected = format!(
        "\
doc,statements,tokens,ftf,ftf_all
1,2,7,2,2
bad/cp1251.txt,1,4,1,1
bad/{deep}deep.txt,1,3,1,1
bad/damaged.txt,1,5,1,1
bad/good.txt,1,5,1,1
bad/name with spaces ünïcödé.txt,1,3,1,1
j1,1,3,1,1
"
    );
    assert_output(&stdout, &expected);
    let errors = wd.read("errors.csv");
    let mut kinds: Vec<(String, String)> = csv::Reader::from_reader(errors.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            let file = Path::new(&r[0])
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (r[2].to_string(), format!("{file}:{}", &r[1]))
        })
        .collect();
    kinds.sort();
    let mut expected_kinds = vec![
        ("bad_row", "lines.jsonl:2"),
        ("binary", "binary.txt:"),
        ("degraded", "damaged.txt:1"),
        ("duplicate_id", "table.csv:4"),
        ("empty", "empty.txt:"),
        ("field_count", "table.csv:3"),
        ("field_count", "table.csv:5"),
        ("missing_text", "lines.jsonl:3"),
        ("missing_text", "notext.csv:"),
    ];
    if cfg!(unix) {
        expected_kinds.push(("unreadable", "loop:"));
    }
    let expected_kinds: Vec<(String, String)> = expected_kinds
        .into_iter()
        .map(|(k, f)| (k.to_string(), f.to_string()))
        .collect();
    assert_eq!(kinds, expected_kinds, "{errors}");
    let skipped = if cfg!(unix) { 8 } else { 7 };
    let summary = format!("read 8 statements from 7 files; skipped {skipped}: ");
    assert!(stderr.contains(&summary), "{stderr}");
    assert!(
        stderr.contains("counted with problems 2: 1 duplicate_id, 1 degraded"),
        "{stderr}"
    );
    assert!(
        stderr.contains("notext.csv: no column `text` (columns: id, speaker, body); file skipped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("table.csv:3: row has 5 fields, the header has 3"),
        "{stderr}"
    );
}

#[test]
fn strict_stops_at_the_first_problem() {
    let wd = Workdir::new();
    dirty_corpus(&wd);
    let (stdout, stderr) = wd.run(
        &mut wd.analyze(&["table.csv", "--strict", "--errors", "e.csv"]),
        1,
    );
    assert!(
        stderr.contains(
            "table.csv:3: row has 5 fields, the header has 3; row skipped (stopped by --strict)"
        ),
        "{stderr}"
    );
    assert_eq!(stdout, "");
    let errors = wd.read("e.csv");
    assert_eq!(errors.lines().count(), 2, "{errors}");
}

#[test]
fn a_forced_wrong_encoding_makes_a_file_undecodable() {
    let wd = Workdir::new();
    dirty_corpus(&wd);
    let (_, stderr) = wd.run(
        &mut wd.analyze(&["bad/cp1251.txt", "--encoding", "utf-8"]),
        2,
    );
    assert!(stderr.contains("cp1251.txt: not UTF-8: "), "{stderr}");
    assert!(stderr.contains("skipped 1: 1 undecodable"), "{stderr}");
}

/// The sample debate's statements, in UTF-8 and in every encoding that can hold them.
#[test]
fn every_supported_encoding_counts_like_utf8() {
    let corpus = sample_corpus();
    let english = std::fs::read_to_string(corpus.join("09_united-states.txt")).unwrap();
    // KOI8-R has no typographic quotes or dashes: those become ASCII in every version.
    let russian: String = std::fs::read_to_string(corpus.join("08_russian-federation.txt"))
        .unwrap()
        .chars()
        .map(|c| match c {
            '«' | '»' | '„' | '“' | '”' => '"',
            '—' | '–' => '-',
            '’' => '\'',
            other => other,
        })
        .collect();
    let wd = Workdir::new();
    let single_byte = |encoding: &'static Encoding, text: &str| {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{} cannot hold the sample", encoding.name());
        bytes.into_owned()
    };
    let utf16 = |text: &str, little: bool| {
        let mut bytes = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    };
    let with_bom = |text: &str| [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
    let mut encodings: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        (
            "utf-8",
            english.clone().into_bytes(),
            russian.clone().into_bytes(),
        ),
        ("utf-8-bom", with_bom(&english), with_bom(&russian)),
        ("utf-16le", utf16(&english, true), utf16(&russian, true)),
        ("utf-16be", utf16(&english, false), utf16(&russian, false)),
    ];
    encodings.push((
        "windows-1252",
        single_byte(WINDOWS_1252, &english),
        russian.clone().into_bytes(),
    ));
    encodings.push((
        "windows-1251",
        english.clone().into_bytes(),
        single_byte(WINDOWS_1251, &russian),
    ));
    encodings.push((
        "koi8-r",
        english.clone().into_bytes(),
        single_byte(KOI8_R, &russian),
    ));
    let run = |folder: &str| {
        wd.run(
            &mut wd.ctlex(&["analyze", folder, "--by", "doc", "-q", "-v"]),
            0,
        )
    };
    for (name, english_bytes, russian_bytes) in &encodings {
        wd.create(&format!("{name}/en.txt"), english_bytes);
        wd.create(&format!("{name}/ru.txt"), russian_bytes);
    }
    let (original, _) = run("utf-8");
    assert!(original.lines().count() == 3, "{original}");
    for (name, _, _) in &encodings {
        let (counted, stderr) = run(name);
        assert_eq!(counted, original, "{name}");
        let told = match *name {
            "utf-8-bom" => "UTF-8 (byte order mark)",
            "utf-16le" => "UTF-16LE (byte order mark)",
            "utf-16be" => "UTF-16BE (byte order mark)",
            "windows-1252" => "windows-1252 (detected)",
            "windows-1251" => "windows-1251 (detected)",
            "koi8-r" => "KOI8-R (detected)",
            _ => "UTF-8 (valid UTF-8)",
        };
        assert!(stderr.contains(told), "{name}: {stderr}");
    }
    // Tables too: a CSV in Windows-1251 and in UTF-16 counts like the UTF-8 one.
    let table = format!("id,text\nru,\"{}\"\n", russian.replace('"', "\"\""));
    wd.create("t-utf8.csv", &table);
    wd.create("t-1251.csv", single_byte(WINDOWS_1251, &table));
    wd.create("t-utf16.csv", utf16(&table, true));
    let (utf8_table, _) = run("t-utf8.csv");
    assert_eq!(run("t-1251.csv").0, utf8_table);
    assert_eq!(run("t-utf16.csv").0, utf8_table);
}

/// The report does not depend on the order in which inputs are given, nor on the thread count.
#[test]
fn input_order_and_threads_do_not_change_the_report() {
    let wd = Workdir::new();
    dirty_corpus(&wd);
    let report = |args: &[&str]| {
        let output = wd.output(wd.analyze(&["--by", "language", "-q"]).args(args));
        String::from_utf8(output.stdout).unwrap()
    };
    let forward = report(&["bad", "table.csv", "lines.jsonl", "-j", "1"]);
    assert!(forward.lines().count() == 3, "{forward}");
    assert_eq!(
        report(&["lines.jsonl", "table.csv", "bad", "-j", "2"]),
        forward
    );
    assert_eq!(
        report(&["table.csv", "bad", "lines.jsonl", "-j", "3"]),
        forward
    );
}

/// A `.txt` file over the size limit is reported as `too_large` from its size alone, without
/// being read: the file here is sparse, so it takes no room on disk and no time to make.
#[test]
fn a_text_file_over_the_size_limit_is_reported_without_being_read() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create("in/small.txt", "Foreign terrorist fighters.");
    let huge = std::fs::File::create(wd.path("in/huge.txt")).unwrap();
    huge.set_len(ctlex::corpus::decode::MAX_FILE_BYTES + 1)
        .unwrap();
    let (stdout, stderr) = wd.run(
        &mut wd.analyze(&["--by", "doc", "in", "--errors", "errors.csv"]),
        2,
    );
    assert_output(
        &stdout,
        "doc,statements,tokens,ftf,ftf_all\nsmall.txt,1,3,1,1\n",
    );
    let errors = wd.read("errors.csv");
    let limit = ctlex::corpus::decode::MAX_FILE_BYTES >> 20;
    assert!(
        errors.contains(&format!(
            "too_large,\"256 MB, more than the {limit} MB a text file may have"
        )),
        "{errors}"
    );
    assert!(stderr.contains("skipped 1: 1 too_large"), "{stderr}");
}
