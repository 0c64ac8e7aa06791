//! End-to-end tests of lexicons made elsewhere: files a spreadsheet or another tool wrote (in
//! any encoding ctlex reads, with `;` or tab between fields) are read as their author meant or
//! refused with a sentence naming the file and line; regular expressions that would count
//! phantom hits, or none, are refused or flagged; categories that would merge unseen are refused.

mod common;

use common::{assert_output, Workdir};
use encoding_rs::{Encoding, WINDOWS_1251};

/// A flat lexicon in both languages, with `delimiter` between its fields.
fn flat(delimiter: &str) -> String {
    [
        "theme,language,pattern,kind",
        "ftf,en,foreign terrorist fighter,entry",
        "ftf,ru,иностранные боевики-террористы,entry",
        "cells,ru,спящие ячейки,entry",
        "cells,ru,ячейки таблицы,exclude",
        "cells,en,sleeper cell,entry",
    ]
    .iter()
    .map(|line| line.replace(',', delimiter) + "\r\n")
    .collect()
}

fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot encode the lexicon", encoding.name());
    bytes.into_owned()
}

/// `text` in UTF-16, little- or big-endian, with or without a byte order mark.
fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom
        .then_some(0xFEFF_u16)
        .into_iter()
        .chain(text.encode_utf16());
    units
        .flat_map(|unit| match little_endian {
            true => unit.to_le_bytes(),
            false => unit.to_be_bytes(),
        })
        .collect()
}

/// Every line of a lexicon error: a sentence that names the file and line, never a dump of
/// Rust's debug formatting.
#[track_caller]
fn assert_sentence(stderr: &str, starts: &str, says: &str) {
    assert!(stderr.contains(starts), "not `{starts}`:\n{stderr}");
    assert!(stderr.contains(says), "not `{says}`:\n{stderr}");
    for dump in ["{", "Error", "Some(", "pos:"] {
        assert!(!stderr.contains(dump), "a debug dump (`{dump}`):\n{stderr}");
    }
}

/// Writes `contents` as the lexicon `name`, and the stderr of `ctlex lexicon list` refusing
/// it, which must be a sentence starting `starts` and saying `says`.
#[track_caller]
fn assert_refused(wd: &Workdir, name: &str, contents: impl AsRef<[u8]>, starts: &str, says: &str) {
    wd.create(name, contents);
    let err = wd.stderr(&mut wd.ctlex(&["lexicon", "list", "--lexicons", name]), 1);
    assert_sentence(&err, starts, says);
}

#[test]
fn a_flat_lexicon_reads_alike_in_every_encoding_and_delimiter_a_spreadsheet_writes() {
    let wd = Workdir::new();
    wd.create("utf8.csv", flat(","));
    let want = wd.stdout(&mut wd.ctlex(&["lexicon", "list", "--lexicons", "utf8.csv"]));
    assert!(want.contains("cells"), "{want}");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(flat(";").as_bytes());
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("cp1251-semicolon.csv", encode(&flat(";"), WINDOWS_1251)),
        ("cp1251-comma.csv", encode(&flat(","), WINDOWS_1251)),
        ("cp1251-tab.tsv", encode(&flat("\t"), WINDOWS_1251)),
        ("bom-semicolon.csv", bom),
        ("utf16le-tab.csv", utf16(&flat("\t"), true, false)),
        ("utf16be-semicolon.csv", utf16(&flat(";"), false, false)),
        ("utf16le-bom-tab.tsv", utf16(&flat("\t"), true, true)),
        ("tab-in-a-csv.csv", flat("\t").into_bytes()),
        (
            "excel-sep-line.csv",
            format!("sep=;\r\n{}", flat(";")).into_bytes(),
        ),
    ];
    for (name, bytes) in files {
        wd.create(name, bytes);
        let (got, notes) = wd.run(&mut wd.ctlex(&["lexicon", "list", "--lexicons", name]), 0);
        assert_eq!(got, want, "{name}");
        if name.starts_with("cp1251") {
            assert!(
                notes.contains(&format!("note: read {name} as windows-1251 (detected)")),
                "{name}: {notes}"
            );
        }
    }
    // The entries are read right, not only counted: the Russian exclusion and entry work.
    wd.create("s.csv", "speaker,text\nA,Спящие ячейки и ячейки таблицы.\n");
    let out = wd.stdout(&mut wd.ctlex(&[
        "analyze",
        "s.csv",
        "--lexicons",
        "cp1251-semicolon.csv",
        "-q",
    ]));
    assert_output(
        &out,
        "speaker,statements,tokens,cells,ftf,cells_all,ftf_all\nA,1,5,0,0,1,0\n",
    );
}

#[test]
fn yaml_liwc_and_theme_files_read_in_windows_1251_and_utf16() {
    let wd = Workdir::new();
    let yaml = "cells:\n  - спящие ячейки\n  - sleeper cell\n";
    let liwc = "%\n1\tcells\n%\nспящие ячейки\t1\nsleeper cell\t1\n";
    let toml = "id = \"cells\"\nlabel = \"Ячейки\"\n[en]\nentries = [\"sleeper cell\"]\n\
                [ru]\nentries = [\"спящие ячейки\"]\n";
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("d.yml", encode(yaml, WINDOWS_1251)),
        ("d16.yaml", utf16(yaml, true, false)),
        ("d.dic", encode(liwc, WINDOWS_1251)),
        ("d16.dic", utf16(liwc, false, true)),
        ("cells.toml", encode(toml, WINDOWS_1251)),
        ("cells16.toml", utf16(toml, true, false)),
    ];
    for (name, bytes) in files {
        wd.create(name, bytes);
        let got = wd.stdout(&mut wd.ctlex(&["lexicon", "list", "--lexicons", name]));
        let row = got.lines().nth(1).unwrap_or("");
        // One English and one Russian entry: a Russian pattern misread would be Latin letters,
        // and counted as English.
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[..3], ["cells", "1", "1"], "{name}:\n{got}");
        if name.ends_with(".toml") {
            assert!(row.ends_with("Ячейки"), "{name}:\n{got}");
        }
    }
}

#[test]
fn a_lexicon_that_cannot_be_read_is_refused_with_a_sentence_naming_file_and_line() {
    let wd = Workdir::new();
    // UTF-8 damaged on line 3 (a byte that never starts a character).
    let mut damaged = flat(",").into_bytes();
    let line3 = damaged
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(1)
        .map(|(at, _)| at + 5)
        .unwrap();
    damaged.insert(line3, 0xFF);
    assert_refused(
        &wd,
        "damaged.csv",
        damaged,
        "damaged.csv:3: ",
        "not valid UTF-8",
    );
    // Bytes that are no text.
    assert_refused(
        &wd,
        "binary.csv",
        [0u8, 1, 2, 0, 0, 0, 7, 0, 0, 9, 0, 0],
        "binary.csv",
        "not text",
    );
    // A quote left open swallows the rest of the file into one field.
    assert_refused(
        &wd,
        "quote.csv",
        "theme;language;pattern\nftf;en;\"foreign fighter\nftf;ru;боевик\n",
        "quote.csv:2: ",
        "quote",
    );
    // A file with a header and no row says so, with its name.
    assert_refused(
        &wd,
        "header.csv",
        "theme;language;pattern\r\n",
        "header.csv: ",
        "the lexicon has no entries",
    );
    // A header without the columns names the columns it found, split at the right delimiter.
    assert_refused(
        &wd,
        "cols.csv",
        "thema;sprache;muster\nftf;en;x\n",
        "cols.csv:1: ",
        "found: thema, sprache, muster",
    );
}

#[test]
fn regexes_that_match_nothing_or_the_empty_string_are_refused_or_flagged() {
    let wd = Workdir::new();
    // A regex that matches the empty string would count a hit at every position: refused
    // where the lexicon is compiled, with the file and line, by every command.
    for regex in ["/(terror)?/", r"/\b/", "/x*|fighter/"] {
        wd.create(
            "empty.csv",
            format!("theme,language,pattern\nftf,en,fighter\nftf,en,{regex}\n"),
        );
        wd.create("s.txt", "The fighter left.");
        let err = wd.stderr(
            &mut wd.ctlex(&["analyze", "s.txt", "--lexicons", "empty.csv", "-q"]),
            1,
        );
        assert_sentence(&err, "empty.csv:3: entry `", "empty");
        let (out, _) = wd.run(&mut wd.ctlex(&["lexicon", "lint", "empty.csv"]), 1);
        assert!(out.contains("empty.csv:3: error: "), "{regex}: {out}");
    }
    // A regex after NEAR/n is no word: refused with where regexes may stand.
    for entry in [
        "cell NEAR/5 /terror.*/",
        "/terror/ NEAR/5 cell",
        "sleeper /cells?/",
    ] {
        wd.create(
            "near.csv",
            format!("theme,language,pattern\ncells,en,{entry}\n"),
        );
        let (out, _) = wd.run(&mut wd.ctlex(&["lexicon", "lint", "near.csv"]), 1);
        assert!(
            out.contains("near.csv:2: error: entry `")
                && out.contains("a regular expression is a whole entry"),
            "{entry}: {out}"
        );
    }
    // Regexes run over the normalized text, which is lowercase with `ё` as `е`: one that needs
    // a capital or `ё` never matches, and lint says so; one that can match only spaces and
    // punctuation counts hits that stand on no word.
    wd.create(
        "dead.csv",
        "theme,language,pattern\n\
         ftf,en,/Taliban/\n\
         ftf,ru,/боевик[а-яё]*|ИГИЛ/\n\
         ftf,ru,/[А-ЯЁ]+ов/\n\
         ftf,en,/(isil|ISIL)/\n\
         ftf,en,/[.;]+/\n\
         ftf,en,/fighters?/\n",
    );
    let (out, _) = wd.run(&mut wd.ctlex(&["lexicon", "lint", "dead.csv"]), 1);
    for want in [
        "dead.csv:2: error: regex `/Taliban/` can never match: the normalized text has no `T`",
        "dead.csv:3: warning: regex `/боевик[а-яё]*|ИГИЛ/`: the part `ИГИЛ` can never match",
        "dead.csv:4: error: regex `/[А-ЯЁ]+ов/` can never match",
        "dead.csv:5: warning: regex `/(isil|ISIL)/`: the part `ISIL` can never match",
        "dead.csv:6: error: regex `/[.;]+/` can match no word",
    ] {
        assert!(out.contains(want), "not `{want}`:\n{out}");
    }
    assert!(!out.contains("dead.csv:7: error"), "{out}");
}

#[test]
fn categories_that_would_merge_unseen_are_refused_naming_both() {
    let wd = Workdir::new();
    assert_refused(
        &wd,
        "case.yml",
        "FTF:\n  - foreign fighter\ncells:\n  - sleeper cell\nftf:\n  - иностранные боевики\n",
        "case.yml:5: ",
        "`FTF` (line 1) and `ftf`",
    );
    assert_refused(
        &wd,
        "case.dic",
        "%\n1\tFTF\n2\tftf\n%\nforeign fighter\t1\nиностранные боевики\t2\n",
        "case.dic:3: ",
        "`FTF` (line 2) and `ftf`",
    );
    assert_refused(
        &wd,
        "twice.dic",
        "%\n1\tftf\n1\tcells\n%\nforeign fighter\t1\nsleeper cell\t1\n",
        "twice.dic:3: ",
        "category 1 is declared twice: `ftf` (line 2) and `cells`",
    );
}
