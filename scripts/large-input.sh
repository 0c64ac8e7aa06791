#!/usr/bin/env bash
# Generates large inputs from the sample debate in corpus/ and prints the time and peak memory
# of ctlex on each: one statement of 52 MB on a single line, one of 210 MB, a 300 MB file that
# is over the size limit (sparse, so it takes no room), and a CSV of a million one-line
# statements (each with a number of its own, so the word table grows with every row), counted by
# speaker (50 groups) and by statement (`--by doc --format long`: a row per statement and theme).
#
# Usage: scripts/large-input.sh [FOLDER]   (default: a new temporary folder; the files are kept)
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib.sh
ctlex=$(ctlex_bin)
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"

# The sample debate as one line, repeated to the size wanted.
cat corpus/*.txt | tr '\n\r' '  ' > "$dir/unit.txt"
one_line() { # NAME MEGABYTES
    local unit copies
    unit=$(stat -c %s "$dir/unit.txt")
    copies=$(( ($2 << 20) / unit ))
    for ((i = 0; i < copies; i++)); do cat "$dir/unit.txt"; done > "$dir/$1"
    echo >> "$dir/$1"
}
[[ -f $dir/fifty.txt ]] || one_line fifty.txt 52
[[ -f $dir/one-line.txt ]] || one_line one-line.txt 210
rm -f "$dir/over-limit.txt" && truncate -s 300M "$dir/over-limit.txt"
[[ -f $dir/million.csv ]] || awk 'BEGIN {
    print "id,speaker,text"
    for (i = 0; i < 1000000; i++)
        printf "%d,S%d,Foreign terrorist fighters and the CSTO met in statement %d.\n", i, i % 50, i
}' > "$dir/million.csv"

cd "$dir"
printf '%-16s %-6s %10s %10s  %s\n' input by MB seconds "peak MB, result"
for run in fifty.txt:doc one-line.txt:doc over-limit.txt:doc million.csv:speaker \
    million.csv:doc,long; do
    input=${run%%:*} by=${run#*:} format=wide
    [[ $by == *,long ]] && by=${by%,long} format=long
    /usr/bin/time -f "%e %M" -o time.txt "$ctlex" analyze -q "$input" --by "$by" \
        --format "$format" --errors errors.csv -o out.csv 2> stderr.txt && code=0 || code=$?
    read -r seconds kilobytes < <(tail -n 1 time.txt)
    result="exit $code, $(($(wc -l < out.csv) - 1)) rows"
    problem=$(tail -n +2 errors.csv | cut -d, -f3 | sort -u | tr '\n' ' ')
    [[ -n $problem ]] && result="$result, $problem"
    printf '%-16s %-6s %10.1f %10s  %s\n' "$input" "$by" "$(echo "$(stat -c %s "$input") / 1048576" | bc -l)" \
        "$seconds" "$((kilobytes / 1024)) MB, $result"
done
