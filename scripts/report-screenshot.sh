#!/usr/bin/env bash
# Renders the HTML report of the sample debate in headless Chromium, installing Debian's chromium
# package when it is missing, and runs the browser test. Skips with a message where no browser
# can be installed.
#
# Usage: scripts/report-screenshot.sh [PNG]   (PNG: also keep a screenshot there)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

if ! command -v chromium >/dev/null 2>&1; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "report-screenshot: installing chromium"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
            >/dev/null 2>&1 || true
    fi
fi
if ! command -v chromium >/dev/null 2>&1; then
    skip "chromium is not installed and cannot be installed here"
fi

cargo test --quiet --test report_browser
if [[ $# -gt 0 ]]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    "$(ctlex_bin)" analyze --by delegation -q --report "$work/report.html" \
        -o "$work/themes.csv"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1220 \
        --screenshot="$(realpath -m "$1")" "file://$work/report.html" 2>/dev/null
    echo "report-screenshot: wrote $1"
fi
