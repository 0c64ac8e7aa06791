#!/usr/bin/env bash
# Side-by-side throughput and peak memory of ctlex and the Python peer pipeline
# (../shared/bench/peer.py, with NLTK's and PyStemmer's Snowball stemmers), on the same
# corpora with the same flat lexicon, one thread and all cores.
#
#   bench/compare.sh [RUNS]     # RUNS ctlex runs per configuration (median), default 5
#   STEMMERS=pystemmer bench/compare.sh   # the PyStemmer peer alone (NLTK's takes minutes)
#
# The peer is slow (minutes per corpus with NLTK), so it runs once per configuration.
# Needs ../shared (skips with a message otherwise); installs nltk and PyStemmer with pip if
# they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
require_shared data bench/lexicon-flat.csv bench/peer.py
runs=${1:-5}
read -r -a stemmers <<<"${STEMMERS:-pystemmer nltk}"
python3 -c "import nltk, Stemmer" 2>/dev/null || python3 -m pip install --quiet nltk PyStemmer
ctlex=$(ctlex_bin)
cores=$(nproc)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

printf '%-7s %-24s %7s %9s %9s %9s\n' corpus tool threads seconds "MB/s" "peak MB"
# ctlex's configurations: one analysis thread, one per core, and the whole process pinned to
# one core (one analysis thread still reads ahead on a second core; pinned, the figure shows
# what one core does alone).
configs=(1)
[ "$cores" -gt 1 ] && configs+=("$cores")
configs+=(core)
for corpus in ungdc ruslit; do
    input=$shared/data/$corpus
    mb=$(mb_of "$input")
    declare -A seconds=() peak=()
    # The configurations run in turn, so their ratios come from one stretch of the machine's
    # drifting speed rather than from runs minutes apart.
    rm -f "$out"/*.times
    for _ in $(seq "$runs"); do
        for config in "${configs[@]}"; do
            case $config in
                core) run=(taskset -c 0 "$ctlex" analyze -q --threads 1) ;;
                *) run=("$ctlex" analyze -q --threads "$config") ;;
            esac
            measure "${run[@]}" --lexicons "$lexicon" "$input" -o "$out/ctlex.csv" >>"$out/$config.times"
        done
    done
    for config in "${configs[@]}"; do
        set -- $(median <"$out/$config.times")
        seconds[ctlex-$config]=$1
        peak[$config]=$2
    done
    for threads in 1 "$cores"; do
        printf '%-7s %-24s %7s %9s %9.1f %9.1f\n' "$corpus" ctlex "$threads" "${seconds[ctlex-$threads]}" \
            "$(div "$mb" "${seconds[ctlex-$threads]}")" "$(div "${peak[$threads]}" 1024)"
        for stemmer in "${stemmers[@]}"; do
            set -- $(measure python3 "$shared/bench/peer.py" --lexicon "$lexicon" --stemmer "$stemmer" \
                --jobs "$threads" "$input")
            seconds[$stemmer-$threads]=$1
            printf '%-7s %-24s %7s %9s %9.2f %9.1f\n' "$corpus" "peer.py ($stemmer)" "$threads" "$1" "$(div "$mb" "$1")" "$(div "$2" 1024)"
        done
    done
    printf '%-7s %-24s %7s %9s %9.1f %9.1f\n' "$corpus" "ctlex (one core)" 1 "${seconds[ctlex-core]}" \
        "$(div "$mb" "${seconds[ctlex-core]}")" "$(div "${peak[core]}" 1024)"
    declare -A peer=([nltk]=NLTK [pystemmer]=PyStemmer)
    for threads in 1 "$cores"; do
        ratios=()
        for stemmer in "${stemmers[@]}"; do
            ratios+=("$(printf '%.0fx the %s peer' \
                "$(div "${seconds[$stemmer-$threads]}" "${seconds[ctlex-$threads]}")" "${peer[$stemmer]}")")
        done
        printf '%-7s ratios at %s thread(s): %s\n' "$corpus" "$threads" "$(IFS=,; echo "${ratios[*]}" | sed 's/,/, /g')"
    done
    printf '%-7s ctlex %s threads / 1 thread: %.2fx; / one core: %.2fx\n' "$corpus" "$cores" \
        "$(div "${seconds[ctlex-1]}" "${seconds[ctlex-$cores]}")" \
        "$(div "${seconds[ctlex-core]}" "${seconds[ctlex-$cores]}")"
    unset seconds peak
done
