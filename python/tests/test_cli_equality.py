"""The package's numbers are those of ``ctlex analyze`` on the sample corpus: both measures
(``hits`` in counter-terrorism context, ``hits_all``), in every way of counting."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

import ctlex
from ctlex.spark import decimal, hit_columns

from conftest import run_cli, sample_statements

# Ways of counting: the Analyzer's arguments and the same for ``ctlex analyze``.
COUNTINGS = {
    "passage": ({}, []),
    "sentence": ({"context": "sentence"}, ["--context", "sentence"]),
    "statement-procedural": (
        {"context": "statement", "include_procedural": True},
        ["--context", "statement", "--include-procedural"],
    ),
    "none": ({"context": "none"}, ["--context", "none"]),
}


def cli_hits(row: dict, themes: list) -> dict:
    """The hit columns of a wide row: ``hits`` and ``hits_all`` per theme."""
    return {
        "hits": {t: row[t] for t in themes},
        "hits_all": {t: row[f"{t}_all"] for t in themes},
    }


def our_hits(counted: dict) -> dict:
    return {key: {t: str(n) for t, n in counted[key].items()} for key in ("hits", "hits_all")}


@pytest.mark.parametrize(
    "denominator, counting",
    [("tokens", "passage"), ("content", "passage"), ("tokens", "sentence"),
     ("content", "statement-procedural")],
)
def test_groups_equal_the_cli_on_the_sample_corpus(ctlex_bin, denominator, counting):
    arguments, options = COUNTINGS[counting]
    statements = sample_statements()
    analyzer = ctlex.Analyzer(denominator=denominator, **arguments)
    result = analyzer.analyze(
        [s["text"] for s in statements],
        languages=[s["language"] for s in statements],
        groups=[s["delegation"] for s in statements],
    )
    wide = run_cli(ctlex_bin, "analyze", "-q", "corpus", "--by", "delegation", *options)
    long = run_cli(
        ctlex_bin, "analyze", "-q", "corpus", "--by", "delegation",
        "--format", "long", "--denominator", denominator, *options,
    )
    assert [g["group"] for g in result.groups] == [row["delegation"] for row in wide]
    for group, row in zip(result.groups, wide):
        assert str(group["statements"]) == row["statements"]
        assert str(group["tokens"]) == row["tokens"]
        assert our_hits(group) == cli_hits(row, analyzer.themes)
    rates = {(row["delegation"], row["theme"]): row for row in long}
    for group in result.groups:
        for theme in analyzer.themes:
            row = rates[(group["group"], theme)]
            assert str(group["content_tokens"]) == row["content_tokens"]
            assert str(group["hits"][theme]) == row["hits"]
            assert str(group["hits_all"][theme]) == row["hits_all"]
            assert decimal(group["per_1000"][theme]) == row["per_1000"], (group["group"], theme)
            # The interval and the keyness against the other groups, as the CLI writes them
            # (p-values, which it writes in significant digits, to 6 decimals).
            for measure in ("per_1000_low", "per_1000_high", "g2", "log_ratio"):
                assert decimal(group[measure][theme]) == row[measure], (group["group"], measure)
            p_value = round(float(row["p_value"]), 6)
            assert round(group["p_value"][theme], 6) == p_value, (group["group"], theme)
    # Some hits are out of context in every unit: out of their sentence or passage, and for a
    # theme whose rule is `sentence` out of their own sentence, though every statement of this
    # debate names terrorism somewhere.
    differ = any(g["hits"] != g["hits_all"] for g in result.groups)
    assert differ


@pytest.mark.parametrize("counting", ["passage", "sentence"])
def test_texts_equal_the_cli_statement_by_statement(ctlex_bin, counting):
    arguments, options = COUNTINGS[counting]
    statements = sample_statements()
    analyzer = ctlex.Analyzer(**arguments)
    result = analyzer.analyze([s["text"] for s in statements])
    rows = run_cli(ctlex_bin, "analyze", "-q", "corpus", "--by", "file,language", *options)
    cli = {row["file"]: row for row in rows}
    assert len(cli) == len(statements)
    for statement, counts in zip(statements, result.texts):
        row = cli[statement["file"]]
        assert counts["language"] == row["language"] == statement["language"]
        assert str(counts["tokens"]) == row["tokens"]
        assert our_hits(counts) == cli_hits(row, analyzer.themes)


@pytest.mark.parametrize("counting", ["passage", "sentence", "none"])
def test_matches_equal_the_cli_hits_file(ctlex_bin, tmp_path, counting):
    arguments, options = COUNTINGS[counting]
    hits = tmp_path / "hits.csv"
    run_cli(ctlex_bin, "analyze", "-q", "corpus", "--by", "file", "--matches", str(hits), *options)
    cli = defaultdict(list)
    for row in read_csv(hits):
        cli[row["file"]].append(
            (row["theme"], row["entry"], int(row["start"]), int(row["end"]),
             row["in_context"], row["context"])
        )
    analyzer = ctlex.Analyzer(**arguments)
    statements = sample_statements()
    for statement in statements:
        ours = [
            (m["theme"], m["entry"], m["start"], m["end"],
             "true" if m["in_context"] else "false", m["context"] or "")
            for m in analyzer.matches(statement["text"], statement["language"])
        ]
        assert ours == cli[statement["file"]], statement["file"]
    found = [m for rows in cli.values() for m in rows]
    assert {m[4] for m in found} == ({"true"} if counting == "none" else {"true", "false"})


@pytest.mark.parametrize("counting", ["passage", "sentence"])
def test_pandas_tables_equal_the_cli_wide_table(ctlex_bin, counting):
    pytest.importorskip("pandas", reason="pandas is not installed: the DataFrame views are untested")
    arguments, options = COUNTINGS[counting]
    statements = sample_statements()
    analyzer = ctlex.Analyzer(**arguments)
    wide = run_cli(ctlex_bin, "analyze", "-q", "corpus", "--by", "delegation", *options)
    expected = [list(wide[0])] + [list(row.values()) for row in wide]

    # The Analysis view: the CLI's columns, in its order, with content_tokens besides.
    frame = analyzer.analyze(
        [s["text"] for s in statements], groups=[s["delegation"] for s in statements]
    ).groups_to_pandas().drop(columns="content_tokens").rename(columns={"group": "delegation"})
    assert as_rows(frame) == expected

    # The Spark step on Arrow batches, summed per group as Spark sums them.
    pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed: the Spark step is untested")
    import pandas as pd

    from ctlex.arrow import count_texts

    table = pa.Table.from_pylist(statements)
    batches = [b for part in (table.slice(0, 5), table.slice(5)) for b in part.to_batches()]
    counted = pd.concat(
        count_texts(batch, analyzer, ["delegation"], "text", "language").to_pandas()
        for batch in batches
    )
    assert list(counted.columns) == [
        "delegation", "statements", "tokens", "content_tokens", *hit_columns(analyzer.themes)
    ]
    sums = counted.groupby("delegation", sort=False).sum().reset_index()
    sums = sums.drop(columns="content_tokens")
    sums = sums.set_index("delegation").loc[[r["delegation"] for r in wide]].reset_index()
    assert as_rows(sums) == expected


def read_csv(path) -> list:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def as_rows(frame) -> list:
    """A DataFrame as the CLI's CSV reads: its header, then each row's cells as text."""
    return [list(frame.columns)] + [[str(v) for v in row] for row in frame.itertuples(index=False)]
