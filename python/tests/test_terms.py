"""The terms table of the package is that of ``ctlex analyze --terms``: per group, theme and
lexicon entry, its hits in context and wherever they stand, and the forms it caught most."""

from __future__ import annotations

import csv
import math
import subprocess

import pytest

import ctlex

from conftest import ROOT, sample_statements

pandas = pytest.importorskip("pandas")


def cell(value) -> str:
    """A frame's cell as the CLI's CSV writes it: an empty string where it has no value."""
    if value is None or value is pandas.NA:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def analyze_sample(**arguments):
    statements = sample_statements()
    return ctlex.Analyzer(**arguments).analyze(
        [s["text"] for s in statements],
        languages=[s["language"] for s in statements],
        groups=[s["delegation"] for s in statements],
        terms=True,
    )


@pytest.mark.parametrize("context", ["passage", "sentence"])
def test_terms_equal_the_cli_terms_file_on_the_sample_corpus(ctlex_bin, tmp_path, context):
    terms_file = tmp_path / "terms.csv"
    arguments = [
        "analyze", "-q", "corpus", "--by", "delegation", "--context", context,
        "--terms", str(terms_file), "-o", str(tmp_path / "main.csv"),
    ]
    subprocess.run([str(ctlex_bin), *arguments], cwd=ROOT, check=True)
    with open(terms_file, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        expected = list(reader)
    frame = analyze_sample(context=context).terms_to_pandas()
    assert ["delegation", *frame.columns[1:]] == header
    assert frame.columns[0] == "group"
    ours = [[cell(v) for v in row] for row in frame.itertuples(index=False)]
    assert len(ours) == len(expected) > 100
    assert ours == expected
    # Some entries caught three forms, so every form column is checked.
    assert (frame["form_3"] != "").any()


def test_terms_without_groups_add_up_the_groups():
    statements = sample_statements()
    analyzer = ctlex.Analyzer()
    whole = analyzer.analyze([s["text"] for s in statements], terms=True).terms_to_pandas()
    assert "group" not in whole.columns
    grouped = analyze_sample().terms_to_pandas()
    summed = grouped.groupby(["theme", "entry"])[["hits", "hits_all"]].sum()
    together = whole.set_index(["theme", "entry"])[["hits", "hits_all"]]
    assert together.sort_index().equals(summed.sort_index())


def test_terms_are_only_counted_when_asked():
    result = ctlex.Analyzer().analyze(["Foreign terrorist fighters."], groups=["a"])
    assert result.terms is None
    with pytest.raises(ValueError, match="terms=True"):
        result.terms_to_pandas()
