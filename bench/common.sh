# Shell functions shared by the benchmark scripts (sourced, not run, from the project's root),
# on top of those every script shares. The benchmarks measure on ../shared's corpora with its
# flat lexicon: each starts with `require_shared data bench/lexicon-flat.csv`.

. scripts/lib.sh
lexicon=$shared/bench/lexicon-flat.csv

# Prints "seconds peak_kb" of one run of the command; `$out` is a scratch folder. Exit code 2
# (input read with problems, such as the `info.csv` tables beside ruslit's texts, which a folder
# walk reports and skips) still times a whole run.
measure() {
    local status=0
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
        cat "$out/stderr" >&2
        return 1
    fi
    # GNU time puts "Command exited with non-zero status 2" before the figures.
    tail -n 1 "$out/time"
}

# Median of the first column, with the peak memory of that run.
median() {
    sort -n | awk '{ t[NR] = $1; m[NR] = $2 } END { i = int((NR + 1) / 2); print t[i], m[i] }'
}

mb_of() { du -sbL "$1" | awk '{ printf "%.1f", $1 / 1e6 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
