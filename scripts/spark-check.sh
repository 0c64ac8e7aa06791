#!/usr/bin/env bash
# Runs the Spark example (examples/spark/theme_counts.py) in local mode on the UN General Debate
# corpus (its folder, and as JSON Lines) and checks that its tables per speaker and per year
# equal those of `ctlex analyze` on the corpus folder: statements, tokens, content tokens and
# hits exactly, rates as ctlex writes them.
#
# Usage: scripts/spark-check.sh [UNGDC_FOLDER]   (default: ../shared/data/ungdc; skipped when absent)
# Needs the Python package (pip install ./python), pyspark, pandas, pyarrow and Java.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib.sh
ungdc=${1:-$shared/data/ungdc}
skip_unless "$ungdc"
if ! command -v java >/dev/null || ! python3 -c 'import ctlex, pyspark, pandas, pyarrow' 2>/dev/null; then
    skip "needs java, and pip install ./python pyspark pandas pyarrow"
fi
ctlex=$(ctlex_bin)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 examples/spark/ungdc_to_jsonl.py "$ungdc" >"$work/ungdc.jsonl"
echo "spark-check: $(wc -l <"$work/ungdc.jsonl") statements in $work/ungdc.jsonl"

status=0
# By speaker from the corpus folder itself (the executors read each file's bytes as ctlex reads
# the folder), by year from the JSON Lines.
for by in speaker year; do
    "$ctlex" analyze "$ungdc" --by "$by" -q -o "$work/wide-$by.csv"
    "$ctlex" analyze "$ungdc" --by "$by" -q --format long -o "$work/long-$by.csv"
    if [ "$by" = speaker ]; then
        input=("$ungdc" --layout ungdc)
    else
        input=("$work/ungdc.jsonl")
    fi
    python3 examples/spark/theme_counts.py "${input[@]}" "$work/spark-$by" \
        --by "$by" --master 'local[2]' --split-mb 16 2>"$work/spark.log" \
        || { tail -20 "$work/spark.log"; exit 1; }
    grep -o 'theme_counts: .*' "$work/spark.log" || true
    python3 examples/spark/compare_with_cli.py "$work/spark-$by" \
        "$work/wide-$by.csv" "$work/long-$by.csv" --by "$by" || status=1
done
exit $status
