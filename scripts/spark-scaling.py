#!/usr/bin/env python3
"""Throughput of the Spark example per executor core, against the CLI on one thread.

    python3 scripts/spark-scaling.py [UNGDC_FOLDER] [--runs 3] [--cores 1]

On the UN General Debate corpus (default ../shared/data/ungdc; skipped when absent), times
`ctlex analyze --threads 1` on the folder, then examples/spark/theme_counts.py in local mode on
`--cores` cores (by speaker, two shuffle partitions per core) on two sizes of the same corpus:
the first half of its session folders, and all of them; each `--runs` times. The Spark job is
run on the folders themselves (`--layout ungdc`: the executors read the files' bytes) and on a
Parquet table of the same speeches (one row each, the text in a column, read in 16 MB splits).

The job's time (from the started session to the written CSV) grows with the data by what
counting costs; its difference between the two sizes gives the marginal throughput per core,
MB of text files per second once the job is under way: the figure to multiply by a cluster's
cores for large inputs, here against the CLI's on one core. What remains of the job's time at
the smaller size is its fixed cost. Prints the medians. Needs the Python package, pyspark,
pyarrow and Java.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "examples", "spark"))
JOB_TIME = re.compile(r"theme_counts: wrote .* in ([0-9.]+) s")


def timed(command):
    """The wall time of `command` and its stderr; stops the script if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stderr


def megabytes(folders):
    """MB of the `.txt` files below `folders`."""
    return sum(
        os.path.getsize(os.path.join(folder, name)) / 1e6
        for top in folders
        for folder, _, names in os.walk(top)
        for name in names
        if name.endswith(".txt")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ungdc", nargs="?", default=os.path.join(ROOT, "..", "shared", "data", "ungdc"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cores", type=int, default=1, help="Spark's local[N]")
    args = parser.parse_args()
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
    sizes = {"half": sessions[: len(sessions) // 2], "all": sessions}
    mb = {size: megabytes(folders) for size, folders in sizes.items()}
    parquet = {}
    for size, folders in sizes.items():
        parquet[size] = os.path.join(work, f"{size}.parquet")
        rows = [row for folder in folders for row in speeches(folder)]
        pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows), parquet[size])
    print(f"corpus: {os.path.relpath(args.ungdc, ROOT)}: {len(sessions)} sessions, "
          f"{mb['all']:.1f} MB of .txt files; half: {len(sizes['half'])} sessions, {mb['half']:.1f} MB; "
          f"load average {os.getloadavg()[0]:.1f}")

    cli = [ctlex_bin, "analyze", "-q", "--threads", "1", args.ungdc, "--by", "speaker",
           "-o", os.path.join(work, "cli.csv")]
    cli_seconds = statistics.median(timed(cli)[0] for _ in range(args.runs))
    cli_rate = mb["all"] / cli_seconds

    def spark(inputs, *options):
        command = [sys.executable, "examples/spark/theme_counts.py", *inputs,
                   os.path.join(work, "spark-out"), "--by", "speaker",
                   "--master", f"local[{args.cores}]",
                   "--conf", f"spark.sql.shuffle.partitions={2 * args.cores}", *options]
        jobs = [float(JOB_TIME.search(timed(command)[1]).group(1)) for _ in range(args.runs)]
        return statistics.median(jobs)

    print(f"{'engine':<34}{'cores':>6}{'MB':>7}{'job s':>7}{'MB/s':>7}"
          f"{'marginal MB/s/core':>19}{'of CLI':>8}{'fixed s':>8}")
    print(f"{'ctlex analyze --threads 1':<34}{1:>6}{mb['all']:>7.1f}{cli_seconds:>7.2f}"
          f"{cli_rate:>7.1f}{cli_rate:>19.1f}{'100%':>8}")
    for label, inputs, options in [
        ("spark theme_counts.py --layout", sizes, ["--layout", "ungdc"]),
        ("spark theme_counts.py (Parquet)", {s: [p] for s, p in parquet.items()}, ["--split-mb", "16"]),
    ]:
        job = {size: spark(inputs[size], *options) for size in sizes}
        marginal = (mb["all"] - mb["half"]) / (job["all"] - job["half"]) / args.cores
        fixed = job["half"] - mb["half"] / (marginal * args.cores)
        for size in sizes:
            print(f"{label + ' (' + size + ')':<34}{args.cores:>6}{mb[size]:>7.1f}{job[size]:>7.2f}"
                  f"{mb[size] / job[size]:>7.1f}"
                  + (f"{marginal:>19.1f}{marginal / cli_rate:>8.0%}{fixed:>8.2f}" if size == "all" else ""))
    print(f"medians of {args.runs} runs; load average {os.getloadavg()[0]:.1f}")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
