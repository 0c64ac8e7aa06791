//! The main table is written row by row as it is made, never built whole first, so a table of
//! millions of rows (`--by doc`, `--format long`) takes the memory of the counts, not of the
//! table. Its bytes must stay those of the table built whole: the outputs of a small run, with
//! group names that sort numerically, as text, neutralised and repeated, are written out here as
//! a build that built its tables whole gave them.

mod common;

use common::{assert_output, Workdir, LEXICON};

const STATEMENTS: &str = "id,speaker,text\n\
    10,A,Foreign terrorist fighters return; the CSTO met.\n\
    2,B,The CSTO met. Sleeper cells were found.\n\
    =x,C,Nothing to count here.\n\
    b,A,FTF and FTF again.\n\
    2,C,Sleeper cells again\n\
    a,B,Спящие ячейки и ОДКБ.\n\
    ,A,Empty id: ИБТ.\n";

const LONG_BY_DOC: &str = "\
doc,theme,hits,hits_all,tokens,per_1000,share,content_tokens,per_1000_low,per_1000_high,rank,g2,p_value,log_ratio
2,cells,0,2,10,0,,7,0,368.887945,1,0,1,0
2,ftf,0,0,10,0,,7,0,368.887945,1,-2.997548,0.083391,-1.862496
2,regional,0,1,10,0,,7,0,368.887945,1,-0.749387,0.38667,0
8,cells,0,0,3,0,0,3,0,1229.626485,2,0,1,0
8,ftf,1,1,3,333.333333,1,3,8.439269,1857.214464,1,0.826207,0.363372,1.688056
8,regional,0,0,3,0,0,3,0,1229.626485,2,-0.19688,0.657251,0
10,cells,0,0,7,0,0,6,0,526.982779,3,0,1,0
10,ftf,1,1,7,142.857143,0.5,6,3.61683,795.949056,1,0.022131,0.88174,0.251539
10,regional,1,1,7,142.857143,0.5,6,3.61683,795.949056,1,3.039652,0.081253,2.836501
'=x,cells,0,0,4,0,,2,0,922.219864,1,0,1,0
'=x,ftf,0,0,4,0,,2,0,922.219864,1,-1.068251,0.301341,-0.192645
'=x,regional,0,0,4,0,,2,0,922.219864,1,-0.267063,0.605309,0
a,cells,0,1,4,0,,3,0,922.219864,1,0,1,0
a,ftf,0,0,4,0,,3,0,922.219864,1,-1.068251,0.301341,-0.192645
a,regional,0,1,4,0,,3,0,922.219864,1,-0.267063,0.605309,0
b,cells,0,0,4,0,0,2,0,922.219864,2,0,1,0
b,ftf,2,2,4,500,1,2,60.55232,1806.171917,1,3.306714,0.068997,2.807355
b,regional,0,0,4,0,0,2,0,922.219864,2,-0.267063,0.605309,0
";

const WIDE_BY_DOC: &str = "\
doc,statements,tokens,cells,ftf,regional,cells_all,ftf_all,regional_all
2,2,10,0,0,0,2,0,1
8,1,3,0,1,0,0,1,0
10,1,7,0,1,1,0,1,1
'=x,1,4,0,0,0,0,0,0
a,1,4,0,0,0,1,0,1
b,1,4,0,2,0,0,2,0
";

const LONG_BY_DOC_AND_SPEAKER_FOR_EXCEL: &str = "\u{feff}\
doc,speaker,theme,hits,hits_all,tokens,per_1000,share,content_tokens,per_1000_low,per_1000_high,rank,g2,p_value,log_ratio\r
2,B,cells,0,1,7,0,,5,0,737.775891,1,0,1,0\r
2,B,ftf,0,0,7,0,,5,0,737.775891,1,-1.96098,0.161409,-1.152003\r
2,B,regional,0,1,7,0,,5,0,737.775891,1,-0.490245,0.483818,0\r
2,C,cells,0,1,3,0,,2,0,1844.439727,1,0,1,0\r
2,C,ftf,0,0,3,0,,2,0,1844.439727,1,-0.727774,0.393606,0\r
2,C,regional,0,0,3,0,,2,0,1844.439727,1,-0.181944,0.669708,0\r
8,A,cells,0,0,3,0,0,3,0,1229.626485,2,0,1,0\r
8,A,ftf,1,1,3,333.333333,1,3,8.439269,1857.214464,1,0.413654,0.520121,1.152003\r
8,A,regional,0,0,3,0,0,3,0,1229.626485,2,-0.279524,0.597013,0\r
10,A,cells,0,0,7,0,0,6,0,614.813242,3,0,1,0\r
10,A,ftf,1,1,7,166.666667,0.5,6,4.219635,928.607232,1,-0.002474,0.960334,-0.082462\r
10,A,regional,1,1,7,166.666667,0.5,6,4.219635,928.607232,1,2.687469,0.10114,2.5025\r
'=x,C,cells,0,0,4,0,,2,0,1844.439727,1,0,1,0\r
'=x,C,ftf,0,0,4,0,,2,0,1844.439727,1,-0.727774,0.393606,0\r
'=x,C,regional,0,0,4,0,,2,0,1844.439727,1,-0.181944,0.669708,0\r
a,B,cells,0,1,4,0,,3,0,1229.626485,1,0,1,0\r
a,B,ftf,0,0,4,0,,3,0,1229.626485,1,-1.118096,0.290329,-0.263034\r
a,B,regional,0,1,4,0,,3,0,1229.626485,1,-0.279524,0.597013,0\r
b,A,cells,0,0,4,0,0,2,0,1844.439727,2,0,1,0\r
b,A,ftf,2,2,4,1000,1,2,121.104639,3612.343834,1,4.588098,0.032195,3.392317\r
b,A,regional,0,0,4,0,0,2,0,1844.439727,2,-0.181944,0.669708,0\r
";

/// The main table of `ctlex analyze t.csv ARGS… -o out.csv`, written to a file (through a
/// temporary one) and to standard output, which must be the same.
fn table(args: &[&str]) -> String {
    let wd = Workdir::new();
    wd.create("lexicon.csv", LEXICON);
    wd.create("t.csv", STATEMENTS);
    let mut to_file = vec!["t.csv", "-q", "-o", "out.csv"];
    to_file.extend(args);
    wd.run(&mut wd.analyze(&to_file), 2);
    let mut to_stdout = vec!["t.csv", "-q"];
    to_stdout.extend(args);
    let (stdout, _) = wd.run(&mut wd.analyze(&to_stdout), 2);
    let written = wd.read("out.csv");
    assert_eq!(written, stdout, "the file and standard output differ");
    written
}

#[test]
fn the_long_table_by_doc_streamed_is_the_table_built_whole() {
    assert_output(&table(&["--by", "doc", "--format", "long"]), LONG_BY_DOC);
}

#[test]
fn the_wide_table_by_doc_streamed_is_the_table_built_whole() {
    assert_output(&table(&["--by", "doc"]), WIDE_BY_DOC);
}

#[test]
fn a_long_table_for_excel_streamed_is_the_table_built_whole() {
    let args = [
        "--by",
        "doc,speaker",
        "--format",
        "long",
        "--excel",
        "--denominator",
        "content",
    ];
    assert_output(&table(&args), LONG_BY_DOC_AND_SPEAKER_FOR_EXCEL);
}

#[test]
fn merged_partial_counts_stream_the_same_long_table() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", LEXICON);
    wd.create("t.csv", STATEMENTS);
    wd.run(
        &mut wd.analyze(&[
            "t.csv", "-q", "--by", "doc", "--format", "partial", "-o", "p.jsonl",
        ]),
        2,
    );
    wd.run(
        &mut wd.ctlex(&[
            "merge",
            "p.jsonl",
            "-q",
            "--lexicons",
            "lexicon.csv",
            "--format",
            "long",
            "-o",
            "merged.csv",
        ]),
        2,
    );
    assert_output(&wd.read("merged.csv"), LONG_BY_DOC);
}
