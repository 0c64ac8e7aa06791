#!/usr/bin/env bash
# Are two ctlex builds' outputs byte for byte the same? Runs every command and output format of
# both builds on the same inputs and compares each file they write, and their standard output and
# error. Run it before and after a change that must not change behaviour.
#
#   scripts/ident.sh OLD NEW          # two ctlex binaries
#
# Build the older one from a commit with, for example:
#   git worktree add /tmp/old COMMIT && cargo build --release --manifest-path /tmp/old/Cargo.toml
#
# The bundled sample corpus is always checked; ../shared's real corpora (ungdc, ruslit,
# unsc-sample, the UN parallel devset) and flat lexicon are checked when they are there.
# What may differ between two runs of one build is taken out before comparing: elapsed times
# on stderr, the folder a run writes into, and the manifest's time stamp, command line and
# options (which record paths and how the options are spelled, not what was counted). Workbooks are compared sheet by sheet,
# without the time stamps in their document properties and manifest sheet, and without the
# manifest sheet's options, as in the manifest.
# Exits 1 and names each difference when there is one.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 2 ]; then
    echo "usage: scripts/ident.sh OLD NEW" >&2
    exit 1
fi
old=$(realpath "$1") new=$(realpath "$2")
. scripts/lib.sh
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
differences=0 checks=0

# Takes out of a run's files what differs between two runs of one build.
scrub() {
    local dir=$1 file
    for file in "$dir"/*; do
        [ "${file%.xlsx}" != "$file" ] || sed -i "s|$dir|@|g" "$file"
        case "$file" in
        *.manifest.json)
            python3 - "$file" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)
for key in ("command", "options", "seconds", "finished_unix"):
    manifest.pop(key, None)
with open(path, "w", encoding="utf-8") as f:
    json.dump(manifest, f, indent=1, sort_keys=True, ensure_ascii=False)
EOF
            ;;
        *.xlsx)
            mkdir "$file.d" && (cd "$file.d" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall()' "$file")
            rm -f "$file" "$file.d/docProps/core.xml"
            # The manifest sheet: the run's folder, its seconds and the time it finished.
            sed -i -E "s|$dir|@|g; s#<t>[0-9]+\.[0-9]{5,}</t>#<t>_</t>#g; s#(finished_unix</t></si><si><t>)[0-9]+#\1_#" \
                "$file.d/xl/sharedStrings.xml"
            # The manifest sheet holds the manifest's options too: left out as in the manifest.
            python3 - "$file.d/xl" <<'EOF'
import os, re, sys
xl = sys.argv[1]
workbook = open(f"{xl}/workbook.xml", encoding="utf-8").read()
rels = open(f"{xl}/_rels/workbook.xml.rels", encoding="utf-8").read()
rid = re.search(r'<sheet name="manifest" sheetId="\d+" r:id="(rId\d+)"', workbook).group(1)
sheet = f"{xl}/" + re.search(rf'Id="{rid}" Type="[^"]*" Target="([^"]+)"', rels).group(1)
strings = re.findall(r"<si>.*?</si>", open(f"{xl}/sharedStrings.xml", encoding="utf-8").read(), re.S)
def value(attrs, inner):
    v = re.search(r"<v>(.*?)</v>", inner or "")
    v = v.group(1) if v else ""
    if 't="s"' in attrs:
        return "".join(re.findall(r"<t[^>]*>(.*?)</t>", strings[int(v)], re.S))
    return v
rows = []
for row in re.findall(r"<row [^>]*>(.*?)</row>", open(sheet, encoding="utf-8").read(), re.S):
    cells = [value(a, i) for a, i in re.findall(r"<c ([^>/]*)(?:/>|>(.*?)</c>)", row, re.S)]
    if not (cells and cells[0].startswith("options.")):
        rows.append("\t".join(cells))
open(sheet + ".txt", "w", encoding="utf-8").write("\n".join(rows) + "\n")
os.remove(sheet)
used = [int(i) for name in os.listdir(f"{xl}/worksheets") if name.endswith(".xml")
        for i in re.findall(r'<c [^>]*t="s"[^>]*><v>(\d+)</v>', open(f"{xl}/worksheets/{name}", encoding="utf-8").read())]
open(f"{xl}/sharedStrings.xml", "w", encoding="utf-8").write("\n".join(strings[: max(used, default=-1) + 1]) + "\n")
open(f"{xl}/workbook.xml", "w", encoding="utf-8").write(re.sub(r"manifest!\$A\$1:\$B\$\d+", "manifest", workbook))
EOF
            ;;
        *stderr)
            sed -i -E 's/ in [0-9.]+ s/ in _ s/g; s/[0-9.]+ MB\/s/_ MB\/s/g' "$file"
            ;;
        esac
    done
}

# One check: NAME, then the arguments both builds run with; `@` in them stands for the folder
# the run writes into.
check() {
    local name=$1 build dir
    shift
    checks=$((checks + 1))
    for build in old new; do
        dir=$work/$build/$name
        mkdir -p "$dir"
        # Both builds run by one name, which the help and the manifest's command line show.
        ln -sfn "${!build}" "$work/ctlex"
        "$work/ctlex" "${@//@/$dir}" >"$dir/stdout" 2>"$dir/stderr"
        echo "exit $?" >>"$dir/stdout"
        scrub "$dir"
    done
    if ! diff -r -q "$work/old/$name" "$work/new/$name" >"$work/diff"; then
        differences=$((differences + 1))
        echo "DIFFERENT: $name"
        sed 's/^/  /' "$work/diff"
    fi
}

# Every output of `analyze` for one corpus and lexicon.
analyze_all() {
    local name=$1 input=$2 lexicon=$3 by=$4
    local lex=()
    [ "$lexicon" = bundled ] || lex=(--lexicons "$lexicon")
    check "$name-wide" analyze "$input" "${lex[@]}" --by "$by" -o @/wide.csv \
        --matches @/matches.csv --terms @/terms.csv --report @/report.html --heatmap @/heatmap.svg \
        --xlsx @/workbook.xlsx --errors @/errors.csv
    check "$name-long" analyze "$input" "${lex[@]}" --by "$by" --format long -o @/long.csv
    check "$name-content" analyze "$input" "${lex[@]}" --by "$by",language --denominator content \
        --excel --delimiter ';' --decimal-comma -o @/content.csv
    check "$name-doc" analyze "$input" "${lex[@]}" --by doc --format long -o @/doc.csv
    check "$name-partial" analyze "$input" "${lex[@]}" --by "$by" --format partial -o @/part.jsonl
    check "$name-stdout" analyze "$input" "${lex[@]}" --by "$by" -v --threads 1
    check "$name-coverage" lexicon coverage "$input" "${lex[@]}" -o @/coverage.csv
}

analyze_all sample corpus bundled speaker
check sample-compare compare "Russian Federation" "United States" corpus --by delegation -o @/compare.csv
check sample-merge-parts analyze corpus --by delegation --format partial -o @/a.jsonl
for format in wide long partial; do
    check "sample-merge-$format" merge "$work/old/sample-merge-parts/a.jsonl" --format "$format" -o @/merged
done
check lexicon-list lexicon list
check lexicon-lint lexicon lint
for format in flat-csv yaml; do
    check "lexicon-export-$format" lexicon export --format "$format" -o @/export
done
check help --help
check analyze-help analyze --help

if have_shared data bench/lexicon-flat.csv; then
    flat=$(realpath "$shared/bench/lexicon-flat.csv")
    for lexicon in bundled "$flat"; do
        tag=bundled
        [ "$lexicon" = bundled ] || tag=flat
        analyze_all "ungdc-$tag" "$shared/data/ungdc" "$lexicon" delegation_iso3,year
        analyze_all "ruslit-$tag" "$shared/data/ruslit" "$lexicon" speaker
        analyze_all "unsc-$tag" "$shared/data/unsc-sample" "$lexicon" delegation
    done
    check ungdc-compare compare RUS USA "$shared/data/ungdc" --by delegation_iso3 -o @/compare.csv
    check unsc-compare compare "Russian Federation" "United States" "$shared/data/unsc-sample" \
        --by delegation -o @/compare.csv
    devset=$shared/data/unv1-devset/UNv1.0.devset
    check parity parity "$devset.en" "$devset.ru" --disagreements
    records=$(find "$shared/data/unsc-sample" -name '*.txt' | sort | head -20)
    # shellcheck disable=SC2086
    check split split $records -o @/turns.csv
else
    echo "note: $shared/data is absent; checked the bundled sample corpus only" >&2
fi

if [ "$differences" -eq 0 ]; then
    echo "identical: $checks checks"
else
    echo "$differences of $checks checks differ"
    exit 1
fi
