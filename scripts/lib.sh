# Shell functions shared by scripts/*.sh and bench/*.sh (sourced, not run, from the project's
# root): where ../shared is, skipping without what a script needs, and the ctlex binary to run.

shared=../shared
# The running script's name, which starts its messages.
script=${0##*/}
script=${script%.sh}

# True when each FILE named (relative to ../shared) is there.
have_shared() {
    local file
    for file in "$@"; do
        [ -e "$shared/$file" ] || return 1
    done
}

# Ends the script, successfully, saying on stderr why it did nothing.
skip() {
    echo "$script: skipped: $*" >&2
    exit 0
}

# Skips the script, naming the first PATH that is absent: the corpora in ../shared are not part
# of this repository, and the tests do not need them.
skip_unless() {
    local path
    for path in "$@"; do
        [ -e "$path" ] || skip "$path is absent"
    done
}

# skip_unless for FILEs named relative to ../shared.
require_shared() {
    skip_unless "${@/#/$shared/}"
}

# Prints the absolute path of the ctlex binary to run: $CTLEX when it is set, otherwise the
# release build, which cargo first brings up to date (its messages go to stderr).
ctlex_bin() {
    if [ -n "${CTLEX:-}" ]; then
        [ -x "$CTLEX" ] || {
            echo "$script: CTLEX=$CTLEX is not an executable" >&2
            return 1
        }
        realpath "$CTLEX"
        return
    fi
    cargo build --release --quiet >&2 || return 1
    realpath "${CARGO_TARGET_DIR:-target}/release/ctlex"
}
