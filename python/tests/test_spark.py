"""The Spark example in local mode: its per-speaker table equals ``ctlex analyze --by speaker``.

Skips, saying why, when Java or PySpark (with pandas and pyarrow) is not available.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli, sample_statements

SPARK = ROOT / "examples" / "spark"


def spark_unavailable() -> str:
    if shutil.which("java") is None:
        return "Java is not on PATH: Spark needs a Java runtime (17 or newer for PySpark 4)"
    for module in ("pyspark", "pandas", "pyarrow"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: pip install pyspark pandas pyarrow"
    return ""


pytestmark = pytest.mark.skipif(bool(spark_unavailable()), reason=spark_unavailable() or "-")


def write_statements(folder):
    """The sample debate as JSON Lines, each statement four times over with its copies spread
    across speakers' rows, so that groups span several Spark partitions."""
    path = folder / "statements.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for copy in range(4):
            for s in sample_statements():
                row = {k: s[k] for k in ("speaker", "delegation", "language", "text")}
                row["id"] = f"{copy}-{s['file']}"
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        # A row without text is not a statement, for Spark as for the CLI.
        f.write(json.dumps({"id": "no-text", "speaker": "Nobody", "text": None}) + "\n")
    return path


@pytest.mark.parametrize("by", ["speaker", "delegation,language"])
def test_spark_table_equals_the_cli(tmp_path, ctlex_bin, by):
    statements = write_statements(tmp_path)
    out = tmp_path / "spark-out"
    done = subprocess.run(
        [
            sys.executable, str(SPARK / "theme_counts.py"), str(statements), str(out),
            "--by", by, "--master", "local[2]", "--partitions", "3",
        ],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "skipped 1 rows without text" in done.stderr

    # The CLI reads the same file; it skips (and reports) the row without text.
    wide = tmp_path / "wide.csv"
    long = tmp_path / "long.csv"
    for path, extra in ((wide, []), (long, ["--format", "long"])):
        subprocess.run(
            [str(ctlex_bin), "analyze", "-q", str(statements), "--by", by, "-o", str(path), *extra],
            cwd=ROOT, capture_output=True,
        )
        assert path.exists(), path
    sys.path.insert(0, str(SPARK))
    try:
        import compare_with_cli
    finally:
        sys.path.remove(str(SPARK))
    columns = by.split(",")
    spark_rows = compare_with_cli.read_spark(str(out))
    found, groups, themes = compare_with_cli.differences(
        spark_rows,
        compare_with_cli.read_csv(str(wide)),
        compare_with_cli.read_csv(str(long)),
        columns,
    )
    assert found == []
    assert themes == 12
    if by == "speaker":
        assert groups == 19
        president = next(r for r in spark_rows if r["speaker"] == "The President")
        assert president["statements"] == "8"
    # The folder the statements came from gives the same counts as the JSON Lines (times four).
    folder = {tuple(r[c] for c in columns): r for r in run_cli(ctlex_bin, "analyze", "-q", "corpus", "--by", by)}
    for row in spark_rows:
        assert int(row["tokens"]) == 4 * int(folder[tuple(row[c] for c in columns)]["tokens"])
