#!/usr/bin/env bash
# Two ctlex builds counted in instructions: runs each once under `valgrind --tool=callgrind` on
# the same slices (two General Debate sessions, about 5.5 MB of English; Bryusov's prose in
# ruslit, about 5 MB of Russian), with the flat lexicon and one analysis thread, and prints the
# instructions of each whole process and their ratio. Instructions do not depend on what else
# the machine runs, so this compares builds on a busy machine where bench/ab.sh cannot; the
# profiles are kept for `callgrind_annotate --inclusive=yes`.
#
#   bench/instructions.sh OLD NEW [OUT]   # OUT: where the profiles go, default a new temp folder
#
# Needs ../shared and valgrind (skips with a message otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
    echo "usage: bench/instructions.sh OLD NEW [OUT]" >&2
    exit 1
fi
old=$1 new=$2
. bench/common.sh
require_shared "data/ungdc/Session 70 - 2015" "data/ungdc/Session 71 - 2016" \
    data/ruslit/prose/Bryusov bench/lexicon-flat.csv
command -v valgrind >/dev/null || skip "valgrind is absent"
out=${3:-$(mktemp -d)}
mkdir -p "$out/slices/ungdc" "$out/slices/ruslit"
data=$(cd "$shared/data" && pwd)
ln -sfn "$data/ungdc/Session 70 - 2015" "$out/slices/ungdc/Session 70 - 2015"
ln -sfn "$data/ungdc/Session 71 - 2016" "$out/slices/ungdc/Session 71 - 2016"
ln -sfn "$data/ruslit/prose/Bryusov" "$out/slices/ruslit/Bryusov"

# Prints the instructions callgrind counted in one run of a build on a slice.
instructions() {
    local build=$1 bin=$2 slice=$3 status=0
    valgrind --tool=callgrind --callgrind-out-file="$out/$build-$slice.callgrind" \
        "$bin" analyze -q --threads 1 --lexicons "$lexicon" "$out/slices/$slice" \
        -o "$out/$build-$slice.csv" >/dev/null 2>"$out/$build-$slice.stderr" || status=$?
    # Exit code 2: ruslit's info.csv is reported and skipped; the run is whole.
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
        cat "$out/$build-$slice.stderr" >&2
        return 1
    fi
    awk '/^(summary|totals):/ { print $2; exit }' "$out/$build-$slice.callgrind"
}

printf '%-7s %15s %15s %7s\n' slice "old instr" "new instr" "old/new"
for slice in ungdc ruslit; do
    a=$(instructions old "$old" "$slice")
    b=$(instructions new "$new" "$slice")
    printf '%-7s %15s %15s %7s\n' "$slice" "$a" "$b" "$(div "$a" "$b")"
done
echo "profiles: $out" >&2
