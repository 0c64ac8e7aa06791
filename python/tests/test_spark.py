"""The Spark example in local mode: its per-speaker table equals ``ctlex analyze --by speaker``,
both measures, in the default context unit and (through :func:`ctlex.spark.theme_counts`) in
sentences.

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


# theme_counts with a context unit, as examples/spark/theme_counts.py runs it with the default.
DRIVER = """
import sys
from pyspark.sql import SparkSession
from ctlex.spark import theme_counts

statements_path, out, by, context = sys.argv[1:]
spark = SparkSession.builder.master("local[2]").appName("ctlex test").getOrCreate()
statements = spark.read.json(statements_path).repartition(3)
skipped = spark.sparkContext.accumulator(0)
by = by.split(",")
table = theme_counts(statements, by=by, context=context, skipped=skipped)
table = table.coalesce(1).sortWithinPartitions(*by)
table.write.mode("overwrite").csv(out, header=True, escape='"')
print(f"skipped {skipped.value} rows without text", file=sys.stderr)
spark.stop()
"""


def compare_with_cli():
    sys.path.insert(0, str(SPARK))
    try:
        import compare_with_cli
    finally:
        sys.path.remove(str(SPARK))
    return compare_with_cli


@pytest.mark.parametrize(
    "by, context",
    [("speaker", None), ("delegation,language", None), ("speaker", "sentence")],
)
def test_spark_table_equals_the_cli(tmp_path, ctlex_bin, by, context):
    statements = write_statements(tmp_path)
    out = tmp_path / "spark-out"
    if context is None:
        command = [
            str(SPARK / "theme_counts.py"), str(statements), str(out),
            "--by", by, "--master", "local[2]", "--partitions", "3",
        ]
        options = []
    else:
        command = ["-c", DRIVER, str(statements), str(out), by, context]
        options = ["--context", context]
    done = subprocess.run([sys.executable, *command], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "skipped 1 rows without text" in done.stderr

    # The CLI reads the same file; it skips (and reports) the row without text.
    wide = tmp_path / "wide.csv"
    long = tmp_path / "long.csv"
    for path, extra in ((wide, []), (long, ["--format", "long"])):
        subprocess.run(
            [str(ctlex_bin), "analyze", "-q", str(statements), "--by", by, "-o", str(path),
             *options, *extra],
            cwd=ROOT, capture_output=True,
        )
        assert path.exists(), path
    compare = compare_with_cli()
    columns = by.split(",")
    spark_rows = compare.read_spark(str(out))
    wide_rows = compare.read_csv(str(wide))
    themes = [c for c in wide_rows[0] if f"{c}_all" in wide_rows[0]]
    assert len(themes) == 12
    all_columns = [f"{t}_all" for t in themes]
    assert list(spark_rows[0]) == [
        *columns, "statements", "tokens", "content_tokens", *themes, *all_columns,
        *(f"{t}_per_1000" for t in themes),
    ]
    # Statements, tokens, content tokens, both measures and the rates.
    found, groups, compared = compare.differences(
        spark_rows, wide_rows, compare.read_csv(str(long)), columns
    )
    assert found == []
    assert compared == 12
    assert any(r[t] != r[f"{t}_all"] for r in spark_rows for t in themes)
    if by == "speaker":
        assert groups == 19
        president = next(r for r in spark_rows if r["speaker"] == "The President")
        assert president["statements"] == "8"
    # The folder the statements came from gives the same counts as the JSON Lines (times four).
    folder = {
        tuple(r[c] for c in columns): r
        for r in run_cli(ctlex_bin, "analyze", "-q", "corpus", "--by", by, *options)
    }
    for row in spark_rows:
        counted = folder[tuple(row[c] for c in columns)]
        for column in ["tokens", *themes, *all_columns]:
            assert int(row[column]) == 4 * int(counted[column]), column


@pytest.mark.parametrize("read", ["bytes", "paths"])
def test_spark_reads_a_corpus_folder_as_the_cli_reads_it(tmp_path, ctlex_bin, read):
    from test_arrow import write_general_debate

    root = tmp_path / "gd"
    files = write_general_debate(root)
    # Listed by the CLI's walk when read by path, and reported as not read, as the CLI does.
    (root / "Session 70 - 2015" / "minutes.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "spark-out"
    command = [
        str(SPARK / "theme_counts.py"), str(root), str(out), "--layout", "ungdc", "--read", read,
        "--by", "delegation,year", "--master", "local[2]",
    ]
    done = subprocess.run([sys.executable, *command], capture_output=True, text=True)
    # The binary file is reported, and the job ends with 2, as the CLI does.
    assert done.returncode == 2, done.stderr[-3000:]
    problem = f"{root}/Session 71 - 2016/ESP_71_2016.txt: binary file (NUL bytes), skipped (binary)"
    assert f"theme_counts: {problem}" in done.stderr
    assert "delegation table, kept as written without delegation_iso3: XXK" in done.stderr
    if read == "paths":
        assert "minutes.pdf: a PDF: convert it to text first" in done.stderr
    assert f"{1 + (read == 'paths')} problems with files" in done.stderr

    wide, long = tmp_path / "wide.csv", tmp_path / "long.csv"
    for path, extra in ((wide, []), (long, ["--format", "long"])):
        cli = subprocess.run(
            [str(ctlex_bin), "analyze", "-q", str(root), "--by", "delegation,year", "-o", str(path),
             *extra],
            cwd=ROOT, capture_output=True, text=True,
        )
        assert cli.returncode == 2, cli.stderr
    compare = compare_with_cli()
    spark_rows = compare.read_spark(str(out))
    found, groups, compared = compare.differences(
        spark_rows, compare.read_csv(str(wide)), compare.read_csv(str(long)), ["delegation", "year"]
    )
    assert found == []
    assert groups == len(files) - 1
    assert compared == 12
