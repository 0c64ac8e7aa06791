#!/usr/bin/env bash
# Compares the two denominators on a line-aligned English/Russian parallel text: the same content
# in both languages, so a fair denominator gives Russian and English rates in a ratio near 1.
# Prints, per denominator, each language's denominator, the ratio of the two, and the RU/EN ratio
# of per-1,000 rates over all themes and per theme.
#
# Usage: scripts/denominator-check.sh [EN_FILE RU_FILE]
#   (default: ../shared/data/unv1-devset/UNv1.0.devset.en and .ru; skipped when absent)
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib.sh
en=${1:-$shared/data/unv1-devset/UNv1.0.devset.en}
ru=${2:-$shared/data/unv1-devset/UNv1.0.devset.ru}
skip_unless "$en" "$ru"
ctlex=$(ctlex_bin)

# Each line its own statement, as a table row with its language: the lines of a parallel corpus
# come from unrelated documents, so the context of a hit must not reach into the lines around it.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
as_table() {
    awk -v language="$1" 'BEGIN { print "id,language,text" }
        NF { gsub(/\r$/, ""); gsub(/"/, "\"\""); printf "%s-%d,%s,\"%s\"\n", language, NR, language, $0 }' "$2"
}
as_table en "$en" >"$work/en.csv"
as_table ru "$ru" >"$work/ru.csv"

for denominator in tokens content; do
    "$ctlex" compare ru en "$work/en.csv" "$work/ru.csv" --by language -q \
        --denominator "$denominator" -o "$work/$denominator.csv"
    # The four columns read below, found by name (the table also has hits_all and intervals):
    # theme, ru hits, ru denominator, en hits, en denominator.
    base=tokens
    [ "$denominator" = content ] && base=content_tokens
    awk -F, -v OFS=, -v base="$base" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
        { print $1, $col["ru_hits"], $col["ru_" base], $col["en_hits"], $col["en_" base] }' \
        "$work/$denominator.csv" >"$work/$denominator-read.csv"
    # Per theme with hits in both languages: the RU/EN ratio of rates, sorted.
    ratios=$(awk -F, 'NR > 1 && $2 > 0 && $4 > 0 { print ($2 / $3) / ($4 / $5) }' \
        "$work/$denominator-read.csv" | sort -g)
    themes=$(wc -l <<<"$ratios")
    median=$(awk -v n="$themes" '{ r[NR] = $1 }
        END { print n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2 }' <<<"$ratios")
    awk -F, -v d="$denominator" -v n="$themes" -v median="$median" '
        NR == 1 { next }
        { ru_hits += $2; ru_base = $3; en_hits += $4; en_base = $5 }
        END {
            printf "%-8s ru %6d  en %6d  ru/en %.3f   rate ratio ru/en: all themes %.3f, median of %d themes %.3f\n",
                d, ru_base, en_base, ru_base / en_base,
                (ru_hits / ru_base) / (en_hits / en_base), n, median
        }' "$work/$denominator-read.csv"
done
