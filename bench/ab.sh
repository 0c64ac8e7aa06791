#!/usr/bin/env bash
# Two ctlex builds side by side: runs them in turn on the same corpora with the same flat lexicon,
# one analysis thread (or $THREADS), and prints the median time of each and their ratio. Alternating the runs
# spreads the noise of a shared machine over both builds alike.
#
#   bench/ab.sh OLD NEW [RUNS]     # two ctlex binaries; RUNS runs of each per corpus, default 9
#   BUNDLED=1 bench/ab.sh OLD NEW  # with the bundled lexicons instead of the flat one
#   THREADS=2 bench/ab.sh OLD NEW  # the same with two analysis threads
#
# Build the older one from a commit with, for example:
#   git worktree add /tmp/old COMMIT && cargo build --release --manifest-path /tmp/old/Cargo.toml
# Needs ../shared (skips with a message otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
    echo "usage: bench/ab.sh OLD NEW [RUNS]" >&2
    exit 1
fi
old=$1 new=$2 runs=${3:-9} threads=${THREADS:-1}
. bench/common.sh
require_shared data bench/lexicon-flat.csv
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
lexicons=(--lexicons "$lexicon")
[ -n "${BUNDLED:-}" ] && lexicons=()

printf '%-7s %9s %9s %9s %9s %7s\n' corpus "old s" "old MB/s" "new s" "new MB/s" "speed-up"
for corpus in ungdc ruslit; do
    input=$shared/data/$corpus
    mb=$(mb_of "$input")
    for _ in $(seq "$runs"); do
        for build in old new; do
            set -- $(measure "${!build}" analyze -q --threads "$threads" "${lexicons[@]}" "$input" -o "$out/$build.csv")
            echo "$1 $2" >>"$out/$build.times"
        done
    done
    set -- $(median <"$out/old.times") $(median <"$out/new.times")
    printf '%-7s %9s %9.1f %9s %9.1f %7s\n' "$corpus" "$1" "$(div "$mb" "$1")" "$3" "$(div "$mb" "$3")" \
        "$(div "$1" "$3")x"
    cmp -s "$out/old.csv" "$out/new.csv" || echo "$corpus: the two builds wrote different counts" >&2
    rm -f "$out"/*.times
done
