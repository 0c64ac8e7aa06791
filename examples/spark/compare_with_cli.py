"""Compares the table of ``theme_counts.py`` with ``ctlex analyze`` for the same statements.

    python examples/spark/compare_with_cli.py SPARK_OUT CLI_WIDE.csv CLI_LONG.csv --by speaker

``CLI_WIDE.csv`` is ``ctlex analyze --by ...`` and ``CLI_LONG.csv`` the same with ``--format
long``. Statements, tokens, content tokens and the hits of every theme (``hits`` and
``hits_all``) must be equal, and every
rate, written as ctlex writes it (six decimals at most), must read the same. Prints the
differences (the first twenty) and exits with 1 when there are any.
"""

from __future__ import annotations

import argparse
import csv
import glob
import os
import sys
from typing import Dict, List, Sequence, Tuple

from ctlex.spark import decimal

Key = Tuple[str, ...]


def read_csv(path: str) -> List[Dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_spark(folder: str) -> List[Dict[str, str]]:
    """The rows of every part file Spark wrote into ``folder``."""
    parts = sorted(glob.glob(os.path.join(folder, "part-*.csv")))
    if not parts:
        raise FileNotFoundError(f"{folder}: no part-*.csv file")
    return [row for part in parts for row in read_csv(part)]


def differences(
    spark: List[Dict[str, str]],
    wide: List[Dict[str, str]],
    long: List[Dict[str, str]],
    by: Sequence[str],
) -> Tuple[List[str], int, int]:
    """What differs, and how many groups and themes were compared."""
    key = lambda row: tuple(row[c] for c in by)  # noqa: E731
    columns = [c for c in wide[0] if c not in (*by, "statements", "tokens")] if wide else []
    themes = [c for c in columns if f"{c}_all" in columns]
    spark_rows = {key(r): r for r in spark}
    wide_rows = {key(r): r for r in wide}
    long_rows = {(key(r), r["theme"]): r for r in long}
    found = []
    for missing in sorted(set(wide_rows) - set(spark_rows)):
        found.append(f"{missing}: in the CLI's table only")
    for extra in sorted(set(spark_rows) - set(wide_rows)):
        found.append(f"{extra}: in Spark's table only")
    for group in sorted(set(wide_rows) & set(spark_rows)):
        s, w = spark_rows[group], wide_rows[group]
        for column in ["statements", "tokens", *themes, *(f"{t}_all" for t in themes)]:
            if s[column] != w[column]:
                found.append(f"{group} {column}: Spark {s[column]}, CLI {w[column]}")
        for theme in themes:
            l = long_rows.get((group, theme))
            if l is None:
                found.append(f"{group} {theme}: not in the CLI's long table")
                continue
            if s["content_tokens"] != l["content_tokens"]:
                found.append(
                    f"{group} content_tokens: Spark {s['content_tokens']}, CLI {l['content_tokens']}"
                )
            rate = s[f"{theme}_per_1000"]
            written = decimal(float(rate)) if rate else ""
            if written != l["per_1000"]:
                found.append(f"{group} {theme} per_1000: Spark {written}, CLI {l['per_1000']}")
    return found, len(wide_rows), len(themes)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spark_out")
    parser.add_argument("cli_wide")
    parser.add_argument("cli_long")
    parser.add_argument("--by", default="speaker")
    args = parser.parse_args(argv)
    by = [c.strip() for c in args.by.split(",")]
    found, groups, themes = differences(
        read_spark(args.spark_out), read_csv(args.cli_wide), read_csv(args.cli_long), by
    )
    if found:
        print(f"{len(found)} differences between Spark and the CLI:", file=sys.stderr)
        for line in found[:20]:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(
        f"equal: {groups} groups by {','.join(by)} x {themes} themes "
        "(statements, tokens, content tokens, hits, hits_all, per_1000 as written)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
