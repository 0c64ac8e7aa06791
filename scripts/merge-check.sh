#!/usr/bin/env bash
# Partial counts add up on real data: the UN General Debate corpus is dealt out file by file to
# ten random slices, each slice is counted with `ctlex analyze --format partial`, the parts are
# merged in a random order with `ctlex merge`, and the wide, long and terms tables must equal
# those of one run over the whole corpus, byte for byte (`cmp`).
#
#   scripts/merge-check.sh                 # --by speaker and --by delegation_iso3
#   SEED=7 SLICES=25 scripts/merge-check.sh delegation_iso3,year
#
# Skips (exit 0) with a message when ../shared/data/ungdc is absent; exit 1 on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib.sh
data=${DATA:-$shared/data/ungdc}
skip_unless "$data"
slices=${SLICES:-10}
seed=${SEED:-$(date +%s)}
bys=("$@")
[ ${#bys[@]} -gt 0 ] || bys=(speaker delegation_iso3)

ctlex=$(ctlex_bin)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Deal every statement file (not the macOS `._*` companions) to a random slice.
RANDOM=$seed
total=0
while IFS= read -r -d '' file; do
    printf '%s\0' "$file" >>"$work/slice$((RANDOM % slices))"
    total=$((total + 1))
done < <(find "$data" -name '*.txt' ! -name '._*' -print0 | sort -z)
sizes=()
for ((i = 0; i < slices; i++)); do
    touch "$work/slice$i"
    sizes+=("$(tr -cd '\0' <"$work/slice$i" | wc -c)")
done
echo "merge-check: $data: $total files dealt to $slices random slices (SEED=$seed): ${sizes[*]} files"

# Seconds since $1 (an $EPOCHREALTIME).
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

status=0
for by in "${bys[@]}"; do
    started=$EPOCHREALTIME
    # One run over the whole corpus: the wide table with the terms, then the long table.
    "$ctlex" analyze "$data" --by "$by" -q -o "$work/whole.wide.csv" --terms "$work/whole.terms.csv"
    "$ctlex" analyze "$data" --by "$by" -q --format long -o "$work/whole.long.csv"
    whole_seconds=$(since "$started")

    # Each slice on its own: any engine that runs a program per chunk does the same.
    started=$EPOCHREALTIME
    parts=()
    for ((i = 0; i < slices; i++)); do
        mapfile -d '' files <"$work/slice$i"
        "$ctlex" analyze "${files[@]}" --by "$by" -q --format partial -o "$work/part$i.jsonl" \
            </dev/null
        parts+=("$work/part$i.jsonl")
    done
    mapfile -t parts < <(printf '%s\n' "${parts[@]}" | shuf --random-source=<(yes "$seed"))
    parts_seconds=$(since "$started")

    started=$EPOCHREALTIME
    "$ctlex" merge "${parts[@]}" -q -o "$work/merged.wide.csv" --terms "$work/merged.terms.csv"
    "$ctlex" merge "${parts[@]}" -q --format long -o "$work/merged.long.csv"
    merge_seconds=$(since "$started")

    results=""
    for table in wide long terms; do
        rows=$(($(wc -l <"$work/whole.$table.csv") - 1))
        if cmp "$work/whole.$table.csv" "$work/merged.$table.csv"; then
            results+="$table identical ($rows rows), "
        else
            results+="$table DIFFERENT, "
            status=1
        fi
    done
    echo "merge-check: --by $by: ${results%, }; two whole runs ${whole_seconds} s, $slices partial runs ${parts_seconds} s, two merges ${merge_seconds} s"
done
if [ "$status" -eq 0 ]; then
    echo "merge-check: merged partial counts equal one run over the whole corpus, byte for byte"
else
    echo "merge-check: FAILED: a merged table differs from one run over the whole corpus"
fi
exit "$status"
