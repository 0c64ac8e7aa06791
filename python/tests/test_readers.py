"""``ctlex.read_corpus`` and the measures of ``Analysis.groups_to_long`` against the command line
tool: the same statements, metadata, problems and figures. Records, tables and groups files are
written here, in pytest's temporary folders."""

from __future__ import annotations

import csv
import subprocess

import pytest

import ctlex

from conftest import CORPUS, ROOT, run_cli, sample_statements

pd = pytest.importorskip("pandas", reason="pandas is not installed: read_corpus is untested")

#: A short English verbatim record of the Security Council, written for these tests: a cover
#: page, page furniture inside a turn, a word hyphenated across lines and five speaker turns.
RECORD = """\
United Nations                                                   S/PV.9990
Security Council
Eighty-first year
9990th meeting

The meeting was called to order at 3 p.m.

The President: I give the floor to the representative of France.

Mr. Moreau (France) (spoke in French): Foreign terrorist fighters who re-
turn home must face justice. The CSTO and the SCO have a part to play.

S/PV.9990          Threats to international peace and security          09/03/2026

2/3                                                                  26-09990

Terrorist financing is our second concern.

The President: I now give the floor to the representative of China.

Mr. Li (China) (spoke in Chinese): We support the Counter-Terrorism Committee and
its work against terrorist propaganda online.

The President: The meeting rose at 4 p.m.
"""


def floats(values):
    """Each value rounded to 6 decimals, ``None`` for a missing one (NaN or an empty cell)."""
    out = []
    for value in values:
        if value == "" or value is None or (isinstance(value, float) and value != value):
            out.append(None)
        else:
            out.append(round(float(value), 6))
    return out


def test_the_sample_corpus_reads_as_its_metadata_and_files():
    frame = ctlex.read_corpus(CORPUS)
    statements = sample_statements()
    assert list(frame.columns) == [
        "id", "file", "line", "speaker", "delegation", "language", "meeting", "date", "text"
    ]
    assert frame["file"].tolist() == [s["file"] for s in statements]
    assert frame["delegation"].tolist() == [s["delegation"] for s in statements]
    assert frame["text"].tolist() == [s["text"] for s in statements]
    assert frame.attrs["problems"] == []
    assert frame.attrs["layouts"] == [f"{CORPUS}: layout text (metadata.csv)"]
    assert frame.attrs["notes"] == [f"{CORPUS}: not read, as documentation: README.md"]


@pytest.mark.parametrize("denominator", ["tokens", "content"])
def test_long_measures_equal_the_cli_long_table_to_six_decimals(ctlex_bin, denominator):
    frame = ctlex.read_corpus(CORPUS)
    analyzer = ctlex.Analyzer(denominator=denominator)
    long = analyzer.analyze(
        frame["text"], languages=frame["language"], groups=frame["delegation"]
    ).groups_to_long()
    cli = run_cli(
        ctlex_bin, "analyze", "-q", "corpus", "--by", "delegation",
        "--format", "long", "--denominator", denominator,
    )
    assert list(long.columns) == ["group", *list(cli[0])[1:]]
    assert long["group"].tolist() == [row["delegation"] for row in cli]
    assert long["theme"].tolist() == [row["theme"] for row in cli]
    for column in ("hits", "hits_all", "tokens", "content_tokens", "rank"):
        assert long[column].astype(str).tolist() == [row[column] for row in cli], column
    for column in ("per_1000", "share", "per_1000_low", "per_1000_high", "g2", "p_value",
                   "log_ratio"):
        assert floats(long[column]) == floats(row[column] for row in cli), column
    # The keyness is against the other groups: some themes are key for some group.
    assert (long["p_value"] < 0.05).any()


def test_records_are_split_into_turns_without_their_speaker_headers(ctlex_bin, tmp_path):
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "S_PV.9990.txt").write_text(RECORD, encoding="utf-8")
    frame = ctlex.read_corpus(tmp_path / "records")
    assert frame.attrs["layouts"][0].startswith(f"{tmp_path / 'records'}: layout record (")
    assert frame["speaker"].tolist() == [
        "The President", "Mr. Moreau", "The President", "Mr. Li", "The President"
    ]
    assert frame["delegation_iso3"].tolist() == ["", "FRA", "", "CHN", ""]
    assert frame["spoke_in"].tolist()[1] == "French"
    moreau = frame["text"][1]
    assert moreau.startswith("Foreign terrorist fighters who return home")
    assert "S/PV.9990" not in moreau and "26-09990" not in moreau
    assert not any(t.startswith(("The President:", "Mr. ")) for t in frame["text"])
    assert frame["line"].isna().all()  # a line is a table row's

    # Counting the text column counts what the command line counts, turn by turn.
    cli = run_cli(
        ctlex_bin, "analyze", "-q", str(tmp_path / "records"), "--by", "doc", "--context", "none"
    )
    counted = ctlex.Analyzer(context="none").analyze(frame["text"]).texts
    assert [row["doc"] for row in cli] == sorted(frame["id"])
    by_id = {row["doc"]: row for row in cli}
    for statement_id, counts in zip(frame["id"], counted):
        assert str(counts["tokens"]) == by_id[statement_id]["tokens"]
        assert str(counts["hits"]["ftf"]) == by_id[statement_id]["ftf"]


def test_skipped_rows_are_returned_as_the_cli_reports_them(ctlex_bin, tmp_path):
    table = tmp_path / "statements.csv"
    table.write_text(
        'id,delegation,text\n'
        'a,France,Foreign terrorist fighters.\n'
        'b,China,\n'
        'c,Chile,"a quote never closed\n',
        encoding="utf-8",
    )
    frame = ctlex.read_corpus(table)
    assert frame["id"].tolist() == ["a", "b"]
    assert frame["line"].tolist() == [2, 3]
    errors = tmp_path / "errors.csv"
    subprocess.run(
        [str(ctlex_bin), "analyze", "-q", str(table), "--by", "delegation", "--errors",
         str(errors)],
        cwd=ROOT, capture_output=True, check=False,
    )
    with open(errors, newline="", encoding="utf-8") as f:
        reported = list(csv.DictReader(f))
    assert [(p["line"], p["kind"], p["message"]) for p in frame.attrs["problems"]] == [
        (int(r["line"]), r["kind"], r["message"]) for r in reported
    ]
    assert frame.attrs["problems"][0]["file"] == str(table)
    assert frame.attrs["problems"][0]["kind"] == "bad_row"


def test_where_keeps_the_statements_the_cli_keeps(ctlex_bin):
    kept = ctlex.read_corpus(CORPUS, where=["delegation=China,France", "language=en"])
    cli = run_cli(
        ctlex_bin, "analyze", "-q", "corpus", "--by", "delegation",
        "--where", "delegation=China,France", "--where", "language=en",
    )
    assert sorted(set(kept["delegation"])) == [row["delegation"] for row in cli]
    assert len(kept) == sum(int(row["statements"]) for row in cli)
    assert ctlex.read_corpus(CORPUS, where="delegation!=China")["delegation"].ne("China").all()


def test_an_invalid_where_raises_the_cli_message(ctlex_bin):
    with pytest.raises(ValueError) as raised:
        ctlex.read_corpus(CORPUS, where="year>>2015")
    done = subprocess.run(
        [str(ctlex_bin), "analyze", "-q", "corpus", "--where", "year>>2015"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode != 0
    assert str(raised.value) in done.stderr
    assert str(raised.value).startswith("--where `year>>2015`: ")


def test_groups_leave_out_the_ungrouped_and_label_the_rest(ctlex_bin, tmp_path):
    blocs = tmp_path / "blocs.csv"
    blocs.write_text(
        "column,value,group\n"
        "delegation,France,P5\n"
        "delegation,China,P5\n"
        "delegation,Russian Federation,P5\n"
        "delegation,Russian Federation,CSTO\n",
        encoding="utf-8",
    )
    frame = ctlex.read_corpus(CORPUS, groups=blocs)
    assert dict(zip(frame["delegation"], frame["delegation_group"])) == {
        "Russian Federation": "P5; CSTO", "China": "P5", "France": "P5"
    }
    assert f"17 statements in no group of {blocs} (left out)" in frame.attrs["notes"]
    cli = run_cli(
        ctlex_bin, "analyze", "-q", "corpus", "--by", "delegation", "--groups", str(blocs)
    )
    assert {row["delegation"]: int(row["statements"]) for row in cli} == {
        group: int(frame["delegation_group"].str.split("; ").map(lambda g: group in g).sum())
        for group in ("CSTO", "P5")
    }


def test_bad_arguments_raise_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing"):
        ctlex.read_corpus(tmp_path / "missing")
    with pytest.raises(ValueError, match="unknown layout `pdf`; use one of: auto, "):
        ctlex.read_corpus(CORPUS, layout="pdf")
    with pytest.raises(ValueError, match="unknown encoding `ebcdic`"):
        ctlex.read_corpus(CORPUS, encoding="ebcdic")
    with pytest.raises(ValueError, match="no such file, and not a bundled group file"):
        ctlex.read_corpus(CORPUS, groups=tmp_path / "none.csv")


#: A small gold standard with its texts inline, written for these tests.
GOLD = (
    "id,language,themes,ct_themes,text\n"
    "g1,en,ftf,ftf,Foreign terrorist fighters are returning to their countries.\n"
    "g2,en,regional_orgs,,The CSTO met in Moscow to discuss trade.\n"
    "g3,en,,,We thank the presidency for convening this debate.\n"
    "g4,ru,ftf,ftf,Иностранные боевики-террористы возвращаются домой.\n"
    "g5,ru,financing,financing,Финансирование терроризма необходимо пресечь.\n"
)


def test_validate_scores_as_the_cli_does(ctlex_bin, tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD, encoding="utf-8")
    frame = ctlex.validate(gold)
    assert frame.attrs["items"] == {"en": 3, "ru": 2}
    assert frame.attrs["stale"] == []
    scores = tmp_path / "scores.csv"
    subprocess.run(
        [str(ctlex_bin), "validate", str(gold), "-o", str(scores)],
        cwd=ROOT, capture_output=True, check=True,
    )
    with open(scores, newline="", encoding="utf-8") as f:
        cli = list(csv.DictReader(f))
    assert list(frame.columns) == list(cli[0])
    assert len(frame) == len(cli)
    for column in ("measure", "language", "theme", "positives", "predicted", "true_positives"):
        assert frame[column].astype(str).tolist() == [row[column] for row in cli], column
    for column in ("precision", "recall", "f1"):
        ours = ["-" if v != v else f"{v:.2f}" for v in frame[column]]
        assert ours == [row[column] for row in cli], column
    ftf = frame.query("measure == 'topic' and language == 'all' and theme == 'micro'")
    assert len(ftf) == 1


def test_validate_names_the_gold_line_at_fault(tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD + "g6,en,no_such_theme,,Some text.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.csv:7: item `g6` is coded `no_such_theme`"):
        ctlex.validate(gold)
    with pytest.raises(ValueError, match="context must be one of"):
        ctlex.validate(gold, context="page")
