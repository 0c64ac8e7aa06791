//! Corpus layouts end to end: Security Council speech folders with their tables, General Debate
//! folders, and whole meeting records in English and Russian split into turns, all through the
//! real binary. Records and speeches here are written for these tests.

mod common;

use common::{assert_output, lexicon_with, shared_data, Workdir};

/// Both themes' long forms and abbreviations, one entry each per language.
fn lexicon() -> String {
    lexicon_with(&[
        "foreign terrorist fighter",
        "иностранные боевики-террористы",
        "CSTO",
        "ОДКБ",
    ])
}

/// An English record with a cover page, the disclaimer, page furniture in the middle of a turn,
/// wrapped lines, words hyphenated across lines, a turn with no country and a President who
/// changes language.
const ENGLISH_RECORD: &str = "\
United Nations                                                   S/PV.9950
Security Council
Eighty-first year
9950th meeting
Tuesday, 3 March 2026, 10 a.m.
New York

President:      Ms. Lindqvist . . . . . . . . . . . . . . . . . . (Sweden)

Members:        China . . . . . . . . . . . . . . . . . . . . Mr. Tao
                Russian Federation . . . . . . . . . . . . . . Mr. Karpov

Agenda

Threats to international peace and security caused by terrorist acts

This record contains the text of speeches delivered in English and of the
translation of speeches delivered in other languages. Corrections should be
submitted to the original languages only and sent under the signature of a
member of the delegation concerned to the verbatim reporting service.
Corrected records will be reissued electronically on the Official Document
System of the United Nations (http://documents.un.org).

26-04512 (E)
*2604512*

The meeting was called to order at 10.05 a.m.

Adoption of the agenda

The agenda was adopted.

Threats to international peace and security caused by terrorist acts

The President: I welcome the Under-Secretary-General, who will brief the
Council today.

Mr. Aldana: Foreign terrorist fighters continue to return from the conflict
zones, and their families need support. Sleeper cells remain a serious con-
cern for the countries of the region.

Mr. Karpov (Russian Federation) (spoke in Russian): The CSTO and its partners
have strengthened counter-terrorism cooperation along the borders. Counter-
terrorism must rest on international law.

S/PV.9950          Threats to international peace and security          03/03/2026

2/3                                                                  26-04512

We call on all States to act.

The President (spoke in French): I now give the floor to the representative
of China.

Mr. Tao (China) (spoke in Chinese): We support the efforts of the
Committee.

The President: There are no more names inscribed on the list of speakers.

The meeting rose at 11.20 a.m.
";

const ENGLISH_TURNS: &str = "\
meeting,turn,speaker,delegation,delegation_iso3,role,spoke_in,text
S/PV.9950,1,The President,,,President,English,\"I welcome the Under-Secretary-General, who will brief the Council today.\"
S/PV.9950,2,Mr. Aldana,,,,English,\"Foreign terrorist fighters continue to return from the conflict zones, and their families need support. Sleeper cells remain a serious concern for the countries of the region.\"
S/PV.9950,3,Mr. Karpov,Russian Federation,RUS,,Russian,\"The CSTO and its partners have strengthened counter-terrorism cooperation along the borders. Counter-terrorism must rest on international law.

We call on all States to act.\"
S/PV.9950,4,The President,,,President,French,I now give the floor to the representative of China.
S/PV.9950,5,Mr. Tao,China,CHN,,Chinese,We support the efforts of the Committee.
S/PV.9950,6,The President,,,President,English,There are no more names inscribed on the list of speakers.
";

/// The Russian counterpart: the cover page names the President with a colon, which is not a
/// turn; a running head and footer cut a turn; a compound word is hyphenated across lines.
const RUSSIAN_RECORD: &str = "\
Организация Объединенных Наций                                  S/PV.9951
Совет Безопасности
Восемьдесят первый год
9951-е заседание
Среда, 4 марта 2026 года, 15 ч. 00 м.
Нью-Йорк

Председатель:   г-жа Линдквист . . . . . . . . . . . . . . . . . . (Швеция)

Повестка дня

Угрозы международному миру и безопасности, создаваемые террористическими актами

В настоящем отчете содержатся тексты выступлений на русском языке и тексты
устного перевода выступлений на других языках. Поправки должны представляться
только к текстам выступлений на языках оригинала. Исправленные отчеты будут
переизданы в электронном виде в Системе официальной документации Организации
Объединенных Наций (http://documents.un.org).

26-04513 (R)
*2604513*

Заседание открывается в 15 ч. 05 м.

Утверждение повестки дня

Повестка дня утверждается.

Председатель (говорит по-английски): Я приветствую участников заседания.

Г-н Карпов (Российская Федерация): Иностранные боевики-террористы по-прежнему
представляют угрозу. Вербовка боевиков-террористов через Интернет продолжается.
ОДКБ укрепляет сотруд-
ничество, и спящие ячейки боевиков-
террористов выявляются вовремя.

S/PV.9951          Угрозы международному миру и безопасности          04.03.2026

26-04513                                                                   3/4

Г-жа Осмонова (Кыргызстан): Мы поддерживаем усилия Контртеррористического
комитета.

Председатель: Теперь я выступлю в своем национальном качестве.

Г-н Ренар (говорит по-французски): Благодарю вас.

Заседание закрывается в 16 ч. 10 м.
";

const RUSSIAN_TURNS: &str = "\
meeting,turn,speaker,delegation,delegation_iso3,role,spoke_in,text
S/PV.9951,1,Председатель,,,President,English,Я приветствую участников заседания.
S/PV.9951,2,Г-н Карпов,Russian Federation,RUS,,Russian,\"Иностранные боевики-террористы по-прежнему представляют угрозу. Вербовка боевиков-террористов через Интернет продолжается. ОДКБ укрепляет сотрудничество, и спящие ячейки боевиков-террористов выявляются вовремя.\"
S/PV.9951,3,Г-жа Осмонова,Kyrgyzstan,KGZ,,Russian,Мы поддерживаем усилия Контртеррористического комитета.
S/PV.9951,4,Председатель,,,President,Russian,Теперь я выступлю в своем национальном качестве.
S/PV.9951,5,Г-н Ренар,,,,French,Благодарю вас.
";

#[test]
fn split_english_record_into_its_turns() {
    let wd = Workdir::new();
    wd.create("S_PV.9950.txt", ENGLISH_RECORD);
    let (out, _) = wd.run(&mut wd.ctlex(&["split", "S_PV.9950.txt"]), 0);
    assert_output(&out, ENGLISH_TURNS);
}

#[test]
fn split_russian_record_into_its_turns() {
    let wd = Workdir::new();
    wd.create("S_PV.9951.txt", RUSSIAN_RECORD);
    let (out, _) = wd.run(
        &mut wd.ctlex(&["split", "S_PV.9951.txt", "-o", "turns.csv"]),
        0,
    );
    assert_eq!(out, "");
    assert_output(&wd.read("turns.csv"), RUSSIAN_TURNS);
}

#[test]
fn split_windows_line_ends_and_cp1251_like_utf8() {
    let wd = Workdir::new();
    let crlf = RUSSIAN_RECORD.replace('\n', "\r\n");
    let (cp1251, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&crlf);
    assert!(!unmappable);
    wd.create("record.txt", &*cp1251);
    let (out, _) = wd.run(&mut wd.ctlex(&["split", "record.txt"]), 0);
    assert_output(&out, RUSSIAN_TURNS);
}

#[test]
fn records_are_detected_and_analyzed_per_turn() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create("records/S_PV.9950.txt", ENGLISH_RECORD);
    wd.create("records/S_PV.9951.txt", RUSSIAN_RECORD);
    let (out, err) = wd.run(
        &mut wd.analyze(&["records", "--by", "delegation_iso3,spoke_in"]),
        0,
    );
    assert!(err.contains("records: layout record ("), "{err}");
    assert_output(
        &out,
        "\
delegation_iso3,spoke_in,statements,tokens,ftf,regional,ftf_all,regional_all
,English,4,54,1,0,1,0
,French,2,12,0,0,0,0
,Russian,1,7,0,0,0,0
CHN,Chinese,1,7,0,0,0,0
KGZ,Russian,1,5,0,0,0,0
RUS,Russian,2,50,1,2,1,2
",
    );
    let (by_turn, _) = wd.run(
        &mut wd.analyze(&[
            "records/S_PV.9951.txt",
            "--layout",
            "record",
            "--by",
            "meeting,turn,speaker",
        ]),
        0,
    );
    assert_output(
        &by_turn,
        "\
meeting,turn,speaker,statements,tokens,ftf,regional,ftf_all,regional_all
S/PV.9951,1,Председатель,1,4,0,0,0,0
S/PV.9951,2,Г-н Карпов,1,23,1,1,1,1
S/PV.9951,3,Г-жа Осмонова,1,5,0,0,0,0
S/PV.9951,4,Председатель,1,7,0,0,0,0
S/PV.9951,5,Г-н Ренар,1,2,0,0,0,0
",
    );
}

/// A Security Council speech folder with the corpus's older `speaker.tsv` variant (an unnamed
/// index column, `country`, `filename`; one row broken by a stray newline) and a `meta.tsv`.
fn unsc_folder(wd: &Workdir) {
    let meeting = "debates/UNSC_2014_SPV.7138";
    wd.create(&format!("{meeting}/UNSC_2014_SPV.7138_spch001.txt"),
        "The President (spoke in French): I give the floor to the\nrepresentative of the Russian Federation.\n",
    );
    wd.create(&format!("{meeting}/UNSC_2014_SPV.7138_spch002.txt"),
        "Mr. Karpov (Russian Federation) (spoke in Russian): The CSTO\nstands ready. Foreign terrorist fighters must be stopped.\n",
    );
    wd.create(
        &format!("{meeting}/UNSC_2014_SPV.7138_spch003.txt"),
        "Ms. Whitcombe (United States Of America): Foreign terrorist\nfighters travel with ease.\n",
    );
    wd.create(
        &format!("{meeting}/UNSC_2014_SPV.7138_spch004.txt"),
        "Mr. Aldana: The CSTO and the region.\n",
    );
    wd.create(
        "debates/UNSC_2020_SPV.2020_397/UNSC_2020_SPV.2020_397_spch001.txt",
        "I join others in condemning the attacks. Foreign terrorist fighters remain a threat.\n",
    );
    wd.create(
        "debates/UNSC_2003_SPV.4726Resumption1/UNSC_2003_SPV.4726Resumption1_spch002.txt",
        "Mr. Diab (Lebanon) (spoke in Arabic): We thank you.\n",
    );
    wd.create(
        "debates/speaker.tsv",
        "\tspeech\tcountry\tspeaker\tparticipanttype\tfilename\tyear\n\
         1\t1\tLuxembourg\tMs. Lucas\tThe President\tUNSC_2014_SPV.7138_spch001.txt\t2014\n\
         2\t2\tRussian\n\
         Federation\tMr. Karpov\tMentioned\tUNSC_2014_SPV.7138_spch002.txt\t2014\n\
         3\t4\tUN\tMr. Aldana\tGuest\tUNSC_2014_SPV.7138_spch004.txt\t2014\n",
    );
    wd.create(
        "debates/meta.tsv",
        "basename\tdate\ttopic\n\
         UNSC_2014_SPV.7138\t15 March 2014\tUkraine\n",
    );
}

#[test]
fn security_council_speeches_with_their_tables() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    unsc_folder(&wd);
    let (out, err) = wd.run(
        &mut wd.analyze(&[
            "debates",
            "--by",
            "meeting,speech,speaker,delegation,delegation_iso3,role,spoke_in,topic,participanttype",
        ]),
        0,
    );
    assert!(
        err.contains("debates: layout unsc (6 of 6 sampled .txt files named UNSC_YYYY_SPV.NNNN_spchNNN.txt; speaker.tsv and meta.tsv)"),
        "{err}"
    );
    assert!(
        err.contains("not in the delegation table, kept as written without delegation_iso3: UN"),
        "{err}"
    );
    assert_output(
        &out,
        "\
meeting,speech,speaker,delegation,delegation_iso3,role,spoke_in,topic,participanttype,statements,tokens,ftf,regional,ftf_all,regional_all
S/2020/397,1,,,,,,,,1,13,1,0,1,0
S/PV.4726 (Resumption 1),2,Mr. Diab,Lebanon,LBN,,Arabic,,,1,3,0,0,0,0
S/PV.7138,1,The President,Luxembourg,LUX,President,French,Ukraine,The President,1,11,0,0,0,0
S/PV.7138,2,Mr. Karpov,Russian Federation,RUS,,Russian,Ukraine,Mentioned,1,10,1,1,1,1
S/PV.7138,3,Ms. Whitcombe,United States,USA,,English,Ukraine,,1,6,1,0,1,0
S/PV.7138,4,Mr. Aldana,UN,,,English,Ukraine,Guest,1,5,0,0,0,1
",
    );
    let (by_country, _) = wd.run(
        &mut wd.analyze(&["debates", "--by", "delegation_iso3", "-q"]),
        0,
    );
    assert_output(
        &by_country,
        "\
delegation_iso3,statements,tokens,ftf,regional,ftf_all,regional_all
,2,18,1,0,1,1
LBN,1,3,0,0,0,0
LUX,1,11,0,0,0,0
RUS,1,10,1,1,1,1
USA,1,6,1,0,1,0
",
    );
}

#[test]
fn security_council_speeches_without_tables_use_name_and_header() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    unsc_folder(&wd);
    std::fs::remove_file(wd.path("debates/speaker.tsv")).unwrap();
    std::fs::remove_file(wd.path("debates/meta.tsv")).unwrap();
    let (out, err) = wd.run(
        &mut wd.analyze(&[
            "debates/UNSC_2014_SPV.7138",
            "--by",
            "file,year,speaker,delegation_iso3,has_header",
        ]),
        0,
    );
    assert!(err.contains("no speaker.tsv or meta.tsv"), "{err}");
    assert_output(
        &out,
        "\
file,year,speaker,delegation_iso3,has_header,statements,tokens,ftf,regional,ftf_all,regional_all
UNSC_2014_SPV.7138_spch001.txt,2014,The President,,yes,1,11,0,0,0,0
UNSC_2014_SPV.7138_spch002.txt,2014,Mr. Karpov,RUS,yes,1,10,1,1,1,1
UNSC_2014_SPV.7138_spch003.txt,2014,Ms. Whitcombe,USA,yes,1,6,1,0,1,0
UNSC_2014_SPV.7138_spch004.txt,2014,Mr. Aldana,,yes,1,5,0,0,0,1
",
    );
}

#[test]
fn general_debate_folder() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    wd.create(
        "gd/Session 70 - 2015/RUS_70_2015.txt",
        "The CSTO works with partners. Foreign terrorist fighters.",
    );
    wd.create(
        "gd/Session 70 - 2015/USA_70_2015.txt",
        "Foreign terrorist fighters.",
    );
    wd.create("gd/Session 71 - 2016/RUS_71_2016.txt", "The CSTO again.");
    wd.create("gd/Session 71 - 2016/EU_71_2016.txt", "Partners.");
    wd.create("gd/readme.txt", "Partners.");
    wd.create("gd/notes.txt", "Partners.");
    wd.create(
        "gd/Session 71 - 2016/._RUS_71_2016.txt",
        [0u8, 5, 22, 7, 0, 0],
    );
    let (out, err) = wd.run(
        &mut wd.analyze(&["gd", "--by", "delegation_iso3,delegation,session,year"]),
        0,
    );
    assert!(
        err.contains("gd: layout ungdc (4 of 6 sampled .txt files named ISO3_NN_YYYY.txt)"),
        "{err}"
    );
    assert!(
        err.contains("skipped 1 macOS `._*` companion file(s)"),
        "{err}"
    );
    assert_output(
        &out,
        "\
delegation_iso3,delegation,session,year,statements,tokens,ftf,regional,ftf_all,regional_all
,,,,2,2,0,0,0,0
EU,European Union,71,2016,1,1,0,0,0,0
RUS,Russian Federation,70,2015,1,8,1,1,1,1
RUS,Russian Federation,71,2016,1,3,0,0,0,1
USA,United States,70,2015,1,3,1,0,1,0
",
    );
}

#[test]
fn a_layout_that_does_not_exist_is_a_usage_error() {
    let wd = Workdir::new();
    wd.create("a.txt", "text");
    let (_, err) = wd.run(&mut wd.ctlex(&["analyze", "a.txt", "--layout", "pdf"]), 1);
    assert!(
        err.contains("unknown layout `pdf`; use one of: auto, text, unsc, ungdc, record"),
        "{err}"
    );
}

/// The real samples in ../shared/data, when present: every Security Council speech with a
/// header yields its speaker, and a General Debate session groups by country and year (the
/// whole corpus is checked with the release build, see the README).
#[test]
fn real_samples_when_present() {
    let Some(shared) = shared_data(&["unsc-sample", "ungdc"]) else {
        return;
    };
    let (unsc, ungdc) = (shared.join("unsc-sample"), shared.join("ungdc"));
    let wd = Workdir::new();
    let (out, _) = wd.run(
        &mut wd.ctlex(&[
            "analyze",
            unsc.to_str().unwrap(),
            "--by",
            "file,has_header,speaker,delegation,spoke_in",
            "-q",
        ]),
        0,
    );
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let (mut with_header, mut files) = (0, 0);
    for row in rows.records() {
        let row = row.unwrap();
        files += 1;
        if &row[1] == "yes" {
            with_header += 1;
            assert!(!row[2].is_empty() && !row[4].is_empty(), "{row:?}");
        } else {
            assert!(row[2].is_empty() && row[4].is_empty(), "{row:?}");
        }
    }
    assert_eq!(files, 512);
    assert!(with_header >= 490, "{with_header} speeches with a header");
    let session = ungdc.join("Session 79 - 2024");
    let (out, _) = wd.run(
        &mut wd.ctlex(&[
            "analyze",
            session.to_str().unwrap(),
            "--by",
            "delegation_iso3,year",
            "-q",
        ]),
        0,
    );
    assert!(out.lines().count() > 150, "{} rows", out.lines().count());
    assert!(
        out.lines().all(|l| l.len() > 3 && !l.starts_with(',')),
        "{out}"
    );
}

#[test]
fn split_keeps_the_text_of_a_speech_without_header() {
    let wd = Workdir::new();
    let name = "UNSC_2020_SPV.2020_397_spch001.txt";
    wd.create(name, "I join others in condemning\nthe attacks.\n");
    let (out, err) = wd.run(&mut wd.ctlex(&["split", name]), 2);
    assert_output(
        &out,
        "\
meeting,turn,speaker,delegation,delegation_iso3,role,spoke_in,text
S/2020/397,1,,,,,,I join others in condemning the attacks.
",
    );
    assert!(err.contains("no speaker header found"), "{err}");
}

#[test]
fn split_a_speech_file_with_ocr_noise_in_the_name() {
    let wd = Workdir::new();
    let name = "UNSC_2014_SPV.7138_spch014.txt";
    wd.create(
        name,
        "Mrs. ngu (Nigeria): Nigeria voted in favour of\nthe draft.\n",
    );
    let (out, _) = wd.run(&mut wd.ctlex(&["split", name]), 0);
    assert_output(
        &out,
        "\
meeting,turn,speaker,delegation,delegation_iso3,role,spoke_in,text
S/PV.7138,1,Mrs. ngu,Nigeria,NGA,,English,Nigeria voted in favour of the draft.
",
    );
}
