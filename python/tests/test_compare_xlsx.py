"""``ctlex compare … --xlsx``: the workbook opened with openpyxl shows the comparison sheet."""

from __future__ import annotations

import subprocess

import pytest

from conftest import CORPUS

openpyxl = pytest.importorskip("openpyxl")


def test_the_workbook_of_a_comparison_opens_on_its_compare_sheet(ctlex_bin, tmp_path):
    workbook = tmp_path / "compare.xlsx"
    subprocess.run(
        [
            str(ctlex_bin),
            "compare",
            "Russian Federation",
            "United States",
            str(CORPUS),
            "--by",
            "delegation",
            "--xlsx",
            str(workbook),
            "-q",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    book = openpyxl.load_workbook(workbook, read_only=True)
    assert book.sheetnames[0] == "compare"
    rows = list(book["compare"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("theme", "Russian Federation_hits", "Russian Federation_hits_all")
    assert "United States_per_1000" in header
    assert header[-3:] == ("log_ratio", "g2", "p_value")
    assert all(isinstance(row[1], (int, float)) for row in rows[1:])
    assert len(rows) > 5
