#!/usr/bin/env python3
"""Throughput of the Spark job per executor core, once started, against the CLI on one thread.

    python3 scripts/spark-scaling.py [UNGDC_FOLDER] [--runs 5] [--cores 1]

On the UN General Debate corpus (default ../shared/data/ungdc; skipped when absent), times
`ctlex analyze -q --threads 1` on the folder (before the Spark jobs and after), then the job of examples/spark/theme_counts.py
(counts by speaker, one CSV written) in a SparkSession in local mode on `--cores` cores, three
ways: on the folder read by the executors by path (`--layout ungdc`, the default for local
folders), on the folder with the files' bytes travelling in Spark's `binaryFile` column
(`--read bytes`, as from HDFS or S3), and on a Parquet table of the same speeches (one row
each, read in 16 MB splits). Each runs on two sizes of the corpus, the first half of its session
folders and all of them, `--runs` times each in turn, in one SparkSession started and warmed by one
job beforehand, so that what is timed is the job once Spark is up.

The difference between the two sizes gives the marginal throughput per core: MB of text files
per second and core once the job is under way, the figure to multiply by a cluster's cores for
large inputs; here against the CLI's on one thread. Prints medians, and what starting the
SparkSession and its first job took. Needs the Python package, pyspark, pyarrow and Java.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "examples", "spark"))
SIZES = ("half", "all")


def megabytes(folders):
    """MB of the `.txt` files below `folders`."""
    return sum(
        os.path.getsize(os.path.join(folder, name)) / 1e6
        for top in folders
        for folder, _, names in os.walk(top)
        for name in names
        if name.endswith(".txt")
    )


def job(plan: dict) -> dict:
    """Runs in a process of its own: starts a SparkSession, warms it with one job on the smaller
    input, then times the job on each size in turn; returns the times."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from ctlex.spark import file_theme_counts, theme_counts

    started = time.perf_counter()
    cores = plan["cores"]
    from theme_counts import DEFAULTS

    builder = (
        SparkSession.builder.master(f"local[{cores}]").appName("ctlex scaling")
        .config("spark.sql.shuffle.partitions", str(2 * cores))
        .config("spark.ui.enabled", "false")
    )
    # As examples/spark/theme_counts.py runs, with --split-mb 16 for Parquet.
    for key, value in DEFAULTS.items():
        builder = builder.config(key, value)
    if plan["read"] == "parquet":
        builder = builder.config("spark.sql.files.maxPartitionBytes", "16m")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - started

    def run(inputs) -> float:
        started = time.perf_counter()
        if plan["read"] == "parquet":
            table = theme_counts(spark.read.parquet(*inputs), by=["speaker"])
        else:
            table = file_theme_counts(spark, inputs, by=["speaker"], read=plan["read"])
        table = table.coalesce(1).sortWithinPartitions("speaker")
        table.write.mode("overwrite").csv(plan["out"], header=True, escape='"')
        return time.perf_counter() - started

    first = run(plan["inputs"]["half"])
    times = {size: [] for size in SIZES}
    for _ in range(plan["runs"]):
        for size in SIZES:
            times[size].append(run(plan["inputs"][size]))
    spark.stop()
    return {"startup": startup, "first": first, "times": times}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ungdc", nargs="?", default=os.path.join(ROOT, "..", "shared", "data", "ungdc"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cores", type=int, default=1, help="Spark's local[N]")
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        print(json.dumps(job(json.loads(args.job))))
        return 0
    if not os.path.isdir(args.ungdc):
        print(f"spark-scaling: skipped: {args.ungdc} is absent")
        return 0
    try:
        import pyarrow
        import pyarrow.parquet
        import pyspark  # noqa: F401
        import ctlex  # noqa: F401
    except ImportError as e:
        print(f"spark-scaling: skipped: {e.name} is not installed")
        return 0
    from ungdc_to_jsonl import speeches

    ctlex_bin = os.environ.get("CTLEX", os.path.join(ROOT, "target", "release", "ctlex"))
    if not os.path.exists(ctlex_bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="ctlex-scaling-")
    sessions = sorted(
        os.path.join(args.ungdc, d) for d in os.listdir(args.ungdc)
        if os.path.isdir(os.path.join(args.ungdc, d))
    )
    folders = {"half": sessions[: len(sessions) // 2], "all": sessions}
    mb = {size: megabytes(f) for size, f in folders.items()}
    parquet = {}
    for size, chosen in folders.items():
        parquet[size] = [os.path.join(work, f"{size}.parquet")]
        rows = [row for folder in chosen for row in speeches(folder)]
        pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows), parquet[size][0])
    print(f"corpus: {os.path.relpath(args.ungdc, ROOT)}: {len(sessions)} sessions, "
          f"{mb['all']:.1f} MB of .txt files; half: {len(folders['half'])} sessions, "
          f"{mb['half']:.1f} MB; load average {os.getloadavg()[0]:.1f}")

    command = [ctlex_bin, "analyze", "-q", "--threads", "1", args.ungdc,
               "-o", os.path.join(work, "cli.csv")]
    cli_times = []

    def cli():
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            cli_times.append(time.perf_counter() - started)

    # Before the Spark jobs and after them, so that a change of load on a shared machine
    # weighs on both sides.
    cli()
    spark_lines = []
    for label, read, inputs in [
        ("spark --layout ungdc (by path)", "paths", folders),
        ("spark --layout ungdc --read bytes", "bytes", folders),
        ("spark on Parquet", "parquet", parquet),
    ]:
        plan = {"cores": args.cores, "runs": args.runs, "read": read, "inputs": inputs,
                "out": os.path.join(work, "spark-out")}
        done = subprocess.run([sys.executable, os.path.abspath(__file__), "--job", json.dumps(plan)],
                              cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"the Spark job ({label}) failed:\n{done.stderr[-2000:]}")
        spark_lines.append((label, json.loads(done.stdout.strip().splitlines()[-1])))
    cli()
    cli_rate = mb["all"] / statistics.median(cli_times)

    print(f"{'engine':<36}{'MB':>6}{'s':>7}{'MB/s':>7}{'marginal MB/s/core':>20}{'of CLI':>8}"
          f"{'start s':>8}{'1st job s':>10}")
    print(f"{'ctlex analyze --threads 1':<36}{mb['all']:>6.1f}{statistics.median(cli_times):>7.2f}"
          f"{cli_rate:>7.1f}{cli_rate:>20.1f}{'100%':>8}")
    for label, result in spark_lines:
        seconds = {size: statistics.median(result["times"][size]) for size in SIZES}
        marginal = (mb["all"] - mb["half"]) / (seconds["all"] - seconds["half"]) / args.cores
        for size in SIZES:
            line = f"{label + ' (' + size + ')':<36}{mb[size]:>6.1f}{seconds[size]:>7.2f}{mb[size] / seconds[size]:>7.1f}"
            if size == "all":
                line += (f"{marginal:>20.1f}{marginal / cli_rate:>8.0%}"
                         f"{result['startup']:>8.2f}{result['first']:>10.2f}")
            print(line)
    print(f"local[{args.cores}]; medians of {args.runs} runs ({2 * args.runs} of the CLI, before "
          f"and after Spark); load average {os.getloadavg()[0]:.1f}")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
