#!/usr/bin/env python3
"""Throughput of the Spark example against the single-machine CLI, per core.

    python3 scripts/spark-scaling.py [UNGDC_FOLDER] [--runs 3] [--copies 1]

On the UN General Debate corpus (default ../shared/data/ungdc; skipped when absent), times
`ctlex analyze --by speaker` with 1 and 2 threads and examples/spark/theme_counts.py in local
mode with 1 and 2 cores (on a Parquet copy of the corpus, split in 16 MB pieces, two shuffle
partitions per core), each `--runs`
times, and prints the median wall time of the whole process, the Spark job's own time (session
started, from reading to the written CSV), MB of statement text per second, per core, and the
Spark job's cost per core relative to the CLI's. The Spark job is also timed on the 0.1 MB sample
debate in corpus/: that time is its fixed cost, and the rest gives the marginal throughput per core,
the figure to multiply by a cluster's cores for large inputs. `--copies N` reads the corpus N
times over (the CLI given the folder N times, Parquet with every row N times). Needs the Python package, pyspark,
pandas, pyarrow and Java.
"""

from __future__ import annotations

import argparse
import shutil
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "examples", "spark"))


def timed(command, allowed=(0,)):
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in allowed:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ungdc", nargs="?", default=os.path.join(ROOT, "..", "shared", "data", "ungdc"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copies", type=int, default=1)
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
    rows = list(speeches(args.ungdc)) * args.copies
    text_bytes = sum(len(r["text"].encode("utf-8")) for r in rows)
    parquet = os.path.join(work, "ungdc.parquet")
    pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows), parquet)
    sample = os.path.join(work, "sample.parquet")
    sys.path.insert(0, os.path.join(ROOT, "python", "tests"))
    from conftest import sample_statements

    pyarrow.parquet.write_table(pyarrow.Table.from_pylist(sample_statements()), sample)
    mb = text_bytes / 1e6
    statements = len(rows)
    del rows
    print(f"corpus: {args.copies} x {os.path.relpath(args.ungdc, ROOT)}: {statements} statements, {mb:.1f} MB of text; "
          f"load average {os.getloadavg()[0]:.1f}")

    results = []
    for threads in (1, 2):
        command = [ctlex_bin, "analyze", *[args.ungdc] * args.copies, "--by", "speaker", "-q",
                   "--threads", str(threads), "-o", os.path.join(work, "cli.csv")]
        # With copies, every statement id repeats: ctlex counts them and exits with 2 to say so.
        times = [timed(command, allowed=(0, 2) if args.copies > 1 else (0,))[0]
                 for _ in range(args.runs)]
        wall = statistics.median(times)
        results.append(("ctlex analyze", threads, wall, wall))
    job_time = re.compile(r"theme_counts: wrote .* in ([0-9.]+) s")
    fixed = {}
    for cores in (1, 2):
        def spark(statements):
            command = [sys.executable, "examples/spark/theme_counts.py", statements,
                       os.path.join(work, "spark-out"), "--by", "speaker",
                       "--master", f"local[{cores}]", "--split-mb", "16",
                       "--conf", f"spark.sql.shuffle.partitions={2 * cores}"]
            walls, jobs = [], []
            for _ in range(args.runs):
                wall, stderr = timed(command)
                walls.append(wall)
                jobs.append(float(job_time.search(stderr).group(1)))
            return statistics.median(walls), statistics.median(jobs)

        fixed[cores] = spark(sample)[1]
        wall, job = spark(parquet)
        results.append(("spark theme_counts.py", cores, wall, job))

    cli_per_core = {}
    print(f"{'engine':<22}{'cores':>6}{'wall s':>8}{'job s':>7}{'MB/s':>7}{'MB/s/core':>10}"
          f"{'cost/core':>10}{'fixed s':>8}{'marginal MB/s/core':>19}")
    for engine, cores, wall, job in results:
        per_core = mb / job / cores
        if engine.startswith("ctlex"):
            cli_per_core[cores] = per_core
        cost = cli_per_core[cores] / per_core
        if cores in fixed and not engine.startswith("ctlex"):
            extra = f"{fixed[cores]:>8.2f}{mb / (job - fixed[cores]) / cores:>19.1f}"
        else:
            extra = f"{'':>8}{'':>19}"
        print(f"{engine:<22}{cores:>6}{wall:>8.2f}{job:>7.2f}{mb / job:>7.1f}{per_core:>10.1f}"
              f"{cost:>9.1f}x{extra}")
    print(f"medians of {args.runs} runs; load average {os.getloadavg()[0]:.1f}")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
