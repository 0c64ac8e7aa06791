"""The package's numbers are those of ``ctlex analyze`` on the sample corpus."""

from __future__ import annotations

import pytest

import ctlex
from ctlex.spark import decimal

from conftest import run_cli, sample_statements


@pytest.mark.parametrize("denominator", ["tokens", "content"])
def test_groups_equal_the_cli_on_the_sample_corpus(ctlex_bin, denominator):
    statements = sample_statements()
    analyzer = ctlex.Analyzer(denominator=denominator)
    result = analyzer.analyze(
        [s["text"] for s in statements],
        languages=[s["language"] for s in statements],
        groups=[s["delegation"] for s in statements],
    )
    wide = run_cli(ctlex_bin, "analyze", "-q", "corpus", "--by", "delegation")
    long = run_cli(
        ctlex_bin, "analyze", "-q", "corpus", "--by", "delegation",
        "--format", "long", "--denominator", denominator,
    )
    assert [g["group"] for g in result.groups] == [row["delegation"] for row in wide]
    for group, row in zip(result.groups, wide):
        assert str(group["statements"]) == row["statements"]
        assert str(group["tokens"]) == row["tokens"]
        assert {t: str(n) for t, n in group["hits"].items()} == {t: row[t] for t in analyzer.themes}
    rates = {(row["delegation"], row["theme"]): row for row in long}
    for group in result.groups:
        for theme in analyzer.themes:
            row = rates[(group["group"], theme)]
            assert str(group["content_tokens"]) == row["content_tokens"]
            assert decimal(group["per_1000"][theme]) == row["per_1000"], (group["group"], theme)


def test_texts_equal_the_cli_statement_by_statement(ctlex_bin):
    statements = sample_statements()
    analyzer = ctlex.Analyzer()
    result = analyzer.analyze([s["text"] for s in statements])
    rows = run_cli(ctlex_bin, "analyze", "-q", "corpus", "--by", "file,language")
    cli = {row["file"]: row for row in rows}
    assert len(cli) == len(statements)
    for statement, counts in zip(statements, result.texts):
        row = cli[statement["file"]]
        assert counts["language"] == row["language"] == statement["language"]
        assert str(counts["tokens"]) == row["tokens"]
        assert {t: str(n) for t, n in counts["hits"].items()} == {t: row[t] for t in analyzer.themes}
