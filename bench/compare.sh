#!/usr/bin/env bash
# Side-by-side throughput and peak memory of ctlex and the Python peer pipeline
# (../shared/bench/peer.py, with NLTK's and PyStemmer's Snowball stemmers), on the same
# corpora with the same flat lexicon, one thread and all cores.
#
#   bench/compare.sh [RUNS]     # RUNS ctlex runs per configuration (median), default 5
#
# The peer is slow (minutes per corpus with NLTK), so it runs once per configuration.
# Needs ../shared (skips with a message otherwise); installs nltk and PyStemmer with pip if
# they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-5}
shared=../shared
if [ ! -d "$shared/data" ] || [ ! -f "$shared/bench/peer.py" ]; then
    echo "skipped: $shared/data or $shared/bench/peer.py is absent" >&2
    exit 0
fi
lexicon=$shared/bench/lexicon-flat.csv
python3 -c "import nltk, Stemmer" 2>/dev/null || python3 -m pip install --quiet nltk PyStemmer
cargo build --release --quiet
ctlex=target/release/ctlex
cores=$(nproc)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

. bench/common.sh

printf '%-7s %-24s %7s %9s %9s %9s\n' corpus tool threads seconds "MB/s" "peak MB"
for corpus in ungdc ruslit; do
    input=$shared/data/$corpus
    mb=$(mb_of "$input")
    declare -A seconds=()
    for threads in 1 "$cores"; do
        result=$(for _ in $(seq "$runs"); do
            measure "$ctlex" analyze -q --threads "$threads" --lexicons "$lexicon" "$input" -o "$out/ctlex.csv"
        done | median)
        set -- $result
        seconds[ctlex-$threads]=$1
        printf '%-7s %-24s %7s %9s %9.1f %9.1f\n' "$corpus" ctlex "$threads" "$1" "$(div "$mb" "$1")" "$(div "$2" 1024)"
        for stemmer in pystemmer nltk; do
            set -- $(measure python3 "$shared/bench/peer.py" --lexicon "$lexicon" --stemmer "$stemmer" \
                --jobs "$threads" "$input")
            seconds[$stemmer-$threads]=$1
            printf '%-7s %-24s %7s %9s %9.2f %9.1f\n' "$corpus" "peer.py ($stemmer)" "$threads" "$1" "$(div "$mb" "$1")" "$(div "$2" 1024)"
        done
    done
    # One analysis thread still reads ahead on a second core; pinned to one core, the whole
    # process shows what one core does alone.
    result=$(for _ in $(seq "$runs"); do
        measure taskset -c 0 "$ctlex" analyze -q --threads 1 --lexicons "$lexicon" "$input" -o "$out/ctlex.csv"
    done | median)
    set -- $result
    seconds[ctlex-core]=$1
    printf '%-7s %-24s %7s %9s %9.1f %9.1f\n' "$corpus" "ctlex (one core)" 1 "$1" "$(div "$mb" "$1")" "$(div "$2" 1024)"
    for threads in 1 "$cores"; do
        printf '%-7s ratios at %s thread(s): %.0fx the NLTK peer, %.0fx the PyStemmer peer\n' "$corpus" "$threads" \
            "$(div "${seconds[nltk-$threads]}" "${seconds[ctlex-$threads]}")" \
            "$(div "${seconds[pystemmer-$threads]}" "${seconds[ctlex-$threads]}")"
    done
    printf '%-7s ctlex %s threads / 1 thread: %.2fx; / one core: %.2fx\n' "$corpus" "$cores" \
        "$(div "${seconds[ctlex-1]}" "${seconds[ctlex-$cores]}")" \
        "$(div "${seconds[ctlex-core]}" "${seconds[ctlex-$cores]}")"
    unset seconds
done
