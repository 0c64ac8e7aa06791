#!/usr/bin/env bash
# Where a run's CPU time goes, thread by thread, with one analysis thread and with one per core,
# and the most that more analysis threads can gain on this machine given that CPU time.
#
#   bench/threads.sh [RUNS]             # RUNS runs per configuration (medians), default 5
#   bench/threads.sh --scaling [RUNS] [ARGS...]
#                                       # CPU seconds per MB and peak memory by thread count,
#                                       # ARGS passed to `ctlex analyze` (e.g. --lexicons FILE)
#
# Threads are told apart by name (`worker N`, `reader`, `input hashing`; `ctlex` is the main
# thread: lexicon, start-up, writing the output), sampled with `perf record -e cpu-clock`.
# With one analysis thread the reader and the hashing run beside it on another core, so the
# run takes about as long as its worker; with a thread per core, every thread shares the cores,
# so the run takes at least all its CPU time divided by the cores. The ratio of the two is the
# bound printed: the speed-up the threads cannot exceed however well they split the work.
# Needs ../shared and perf (Debian: linux-perf); skips with a message otherwise.
#
# With --scaling, each corpus is analyzed with the bundled lexicons on 1, 2, 4 and 8 analysis
# threads (taking turns), and the medians printed are the wall time, MB/s, the CPU time of the
# whole process (user + sys, from /usr/bin/time) and that per MB of input, and the peak resident
# memory, with what each thread past the first added to it. No perf needed.
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
require_shared data bench/lexicon-flat.csv
scaling=false
if [ "${1:-}" = --scaling ]; then
    scaling=true
    shift
fi
runs=${1:-5}
shift $(($# > 0 ? 1 : 0))
args=("$@")
ctlex=$(ctlex_bin)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs a command, its output thrown away and its errors kept in $out/stderr; exit code 2 (input
# read with problems, such as the `info.csv` tables beside ruslit's texts) is a whole run too.
whole_run() {
    local status=0
    "$@" >/dev/null 2>"$out/stderr" || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
        cat "$out/stderr" >&2
        return 1
    fi
}

# The median of each column.
medians() {
    local rows columns i
    rows=$(cat)
    columns=$(head -1 <<<"$rows" | wc -w)
    for i in $(seq "$columns"); do
        cut -d' ' -f"$i" <<<"$rows" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
    done | paste -sd' '
}

if $scaling; then
    printf '%-7s %7s %7s %7s %7s %9s %8s %12s\n' corpus threads "wall s" "MB/s" "CPU s" "CPU s/MB" "peak MB" "MB/thread"
    for corpus in ungdc ruslit; do
        input=$shared/data/$corpus
        mb=$(mb_of "$input")
        rm -f "$out"/*.run
        for _ in $(seq "$runs"); do
            for threads in 1 2 4 8; do
                whole_run /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$ctlex" analyze -q \
                    --threads "$threads" "${args[@]}" "$input" -o "$out/ctlex.csv" || exit 1
                tail -n 1 "$out/time" | awk '{ print $1, $2 + $3, $4 / 1024 }' >>"$out/$threads.run"
            done
        done
        for threads in 1 2 4 8; do
            set -- $(medians <"$out/$threads.run")
            [ "$threads" -eq 1 ] && first=$3
            per_mb=$(awk -v cpu="$2" -v mb="$mb" 'BEGIN { printf "%.4f", cpu / mb }')
            added=-
            [ "$threads" -gt 1 ] && added=$(div "$(awk -v p="$3" -v f="$first" 'BEGIN { print p - f }')" $((threads - 1)))
            printf '%-7s %7s %7.2f %7.1f %7.2f %9s %8.0f %12s\n' "$corpus" "$threads" "$1" \
                "$(div "$mb" "$1")" "$2" "$per_mb" "$3" "$added"
        done
    done
    exit 0
fi

if ! perf record -q -e cpu-clock -o /dev/null true 2>/dev/null; then
    skip "perf cannot sample here (install linux-perf, or lower kernel.perf_event_paranoid)"
fi
cores=$(nproc)
hz=2000

# Prints "wall workers reader hashing main total" (seconds) of one run with $1 analysis threads.
profile() {
    whole_run perf record -q -e cpu-clock -F "$hz" -o "$out/perf.data" -- \
        /usr/bin/time -f %e -o "$out/time" "$ctlex" analyze -q --threads "$1" \
        --lexicons "$lexicon" "$input" -o "$out/ctlex.csv" || return 1
    # GNU time puts "Command exited with non-zero status 2" before the figure.
    perf report -i "$out/perf.data" --sort comm -F sample,comm --stdio -g none 2>/dev/null |
        awk -v hz="$hz" -v wall="$(tail -n 1 "$out/time")" '
            /^#/ || NF < 2 { next }
            { samples = $1; $1 = ""; sub(/^ +/, "") }
            /^worker / { t["workers"] += samples; next }
            /^reader$/ { t["reader"] += samples; next }
            /^input hashing$/ { t["hashing"] += samples; next }
            /^(ctlex|signals)$/ { t["main"] += samples }
            END {
                total = t["workers"] + t["reader"] + t["hashing"] + t["main"]
                printf "%s %.3f %.3f %.3f %.3f %.3f\n", wall, t["workers"] / hz, t["reader"] / hz,
                    t["hashing"] / hz, t["main"] / hz, total / hz
            }'
}

printf '%-7s %7s %7s %8s %7s %8s %6s %10s\n' corpus threads "wall s" workers reader hashing main "CPU s"
configs=(1)
[ "$cores" -gt 1 ] && configs+=("$cores")
for corpus in ungdc ruslit; do
    input=$shared/data/$corpus
    rm -f "$out"/*.cpu
    # The configurations run in turn, as in compare.sh.
    for _ in $(seq "$runs"); do
        for threads in "${configs[@]}"; do
            profile "$threads" >>"$out/$threads.cpu"
        done
    done
    declare -A wall=() total=()
    for threads in "${configs[@]}"; do
        set -- $(medians <"$out/$threads.cpu")
        wall[$threads]=$1 total[$threads]=$6
        printf '%-7s %7s %7.2f %8.2f %7.2f %8.2f %6.2f %10.2f\n' "$corpus" "$threads" "$@"
    done
    if [ "$cores" -gt 1 ]; then
        printf '%-7s %s threads / 1 thread: %.2fx measured; at most %.2fx (1-thread wall %.2f s / (%.2f s of CPU / %s cores))\n' \
            "$corpus" "$cores" "$(div "${wall[1]}" "${wall[$cores]}")" \
            "$(div "${wall[1]}" "$(div "${total[$cores]}" "$cores")")" \
            "${wall[1]}" "${total[$cores]}" "$cores"
    fi
    unset wall total
done
