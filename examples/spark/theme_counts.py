"""Theme counts per speaker (or any other columns) of a corpus of statements, on Spark.

    spark-submit examples/spark/theme_counts.py statements.jsonl out/ --by speaker
    python examples/spark/theme_counts.py statements.parquet out/ --by delegation --master 'local[2]'
    python examples/spark/theme_counts.py ../shared/data/ungdc out/ --layout ungdc --by year

Reads JSON Lines (``.jsonl``/``.json``) or Parquet (anything else), one statement per row with its
text in ``text`` and metadata in other fields (a ``language`` field, when present, labels each
statement's language as it does for ``ctlex analyze``); or, with ``--layout``, the ``.txt`` files
of corpus folders, whose bytes the executors read as ``ctlex analyze --layout`` reads them.
Counts with the ``ctlex`` package on the executors, sums per group with Spark, and writes one CSV
(with a header) into the folder ``out/``: the ``--by`` columns, statements, tokens,
content_tokens, the hits of each theme, then each theme's rate per 1,000 tokens
(``<theme>_per_1000``). Exits with 2, as ``ctlex analyze`` does, when some file was skipped or
degraded (each problem is printed on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

#: Problems printed one by one before the rest are only counted.
PROBLEMS_SHOWN = 20

#: Spark settings of this job unless --conf gives them. Spark packs files into a task as if each
#: cost 4 MB more to read, which puts some 30 speeches in a task: at the price of 8 KB each, a
#: task holds up to --split-mb of text. And Arrow batches of 1,000 statements rather than 10,000
#: let Spark prepare the next batch while the Python worker counts one.
DEFAULTS = {
    "spark.sql.files.openCostInBytes": "8k",
    "spark.sql.execution.arrow.maxRecordsPerBatch": "1000",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "inputs", nargs="+", help="JSON Lines or Parquet file or folder; with --layout, corpus folders"
    )
    parser.add_argument("out", help="output folder (replaced)")
    parser.add_argument(
        "--layout",
        choices=["ungdc", "record"],
        help="read the .txt files of corpus folders in this layout (as ctlex analyze --layout)",
    )
    parser.add_argument("--encoding", help="with --layout: the files' encoding (as ctlex analyze)")
    parser.add_argument(
        "--read",
        choices=["auto", "bytes", "paths"],
        default="auto",
        help="with --layout: hand the executors each file's bytes, or its path on a file system "
        "they share (auto: paths for local inputs)",
    )
    parser.add_argument("--by", default="speaker", help="grouping columns, comma-separated")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--lexicons", help="lexicons every executor can read (default: bundled)")
    parser.add_argument("--denominator", choices=["tokens", "content"], default="tokens")
    parser.add_argument(
        "--context",
        choices=["sentence", "passage", "statement", "none"],
        default="passage",
        help="how near a counter-terrorism word puts a hit in context (as ctlex analyze)",
    )
    parser.add_argument(
        "--include-procedural",
        action="store_true",
        help="count the hits of procedural sentences too (as ctlex analyze)",
    )
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    parser.add_argument(
        "--split-mb",
        type=int,
        help="read input files in splits of this many MB (spark.sql.files.maxPartitionBytes)",
    )
    parser.add_argument("--partitions", type=int, help="repartition the statements first")
    parser.add_argument(
        "--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting"
    )
    args = parser.parse_args(argv)

    # Spark starts its Python workers with `python3` from PATH unless told otherwise: the Python
    # running this script is the one that has the ctlex package.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from ctlex.spark import Gathered, file_theme_counts, theme_counts

    builder = SparkSession.builder.appName("ctlex theme counts")
    if args.master:
        builder = builder.master(args.master)
    for setting in args.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    if args.split_mb:
        builder = builder.config("spark.sql.files.maxPartitionBytes", f"{args.split_mb}m")
    for key, value in DEFAULTS.items():
        if not any(setting.startswith(f"{key}=") for setting in args.conf):
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    started = time.perf_counter()
    skipped = spark.sparkContext.accumulator(0)
    reading = spark.sparkContext.accumulator([], Gathered())
    by = [c.strip() for c in args.by.split(",")]
    counting = dict(
        by=by,
        lexicons=args.lexicons,
        denominator=args.denominator,
        context=args.context,
        include_procedural=args.include_procedural,
    )
    if args.layout:
        table = file_theme_counts(
            spark, args.inputs, layout=args.layout, encoding=args.encoding, read=args.read,
            reading=reading, **counting,
        )
    else:
        if all(i.endswith((".jsonl", ".json", ".ndjson")) for i in args.inputs):
            statements = spark.read.json(args.inputs)
        else:
            statements = spark.read.parquet(*args.inputs)
        if args.partitions:
            statements = statements.repartition(args.partitions)
        table = theme_counts(statements, text=args.text_column, skipped=skipped, **counting)
    # RFC 4180 quoting (a quote inside a field doubled), as ctlex writes CSV.
    # One file, rows sorted by the groups. The table has one row per group, small next to the
    # statements, so one partition holds it.
    table = table.coalesce(1).sortWithinPartitions(*table.columns[: len(by)])
    table.write.mode("overwrite").csv(args.out, header=True, escape='"')
    seconds = time.perf_counter() - started
    problems = sorted({r[1:] for r in reading.value if r[0] == "problem"}, key=str)
    for path, line, kind, message in problems[:PROBLEMS_SHOWN]:
        where = f"{path}:{line}" if line else path
        print(f"theme_counts: {where}: {message} ({kind})", file=sys.stderr)
    for note in sorted({r[1] for r in reading.value if r[0] == "note"}):
        print(f"theme_counts: note: {note}", file=sys.stderr)
    more = f" (the first {PROBLEMS_SHOWN} above)" if len(problems) > PROBLEMS_SHOWN else ""
    print(
        f"theme_counts: wrote {args.out} in {seconds:.2f} s; "
        f"skipped {skipped.value} rows without text; {len(problems)} problems with files{more}",
        file=sys.stderr,
    )
    spark.stop()
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
