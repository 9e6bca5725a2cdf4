#!/usr/bin/env bash
# The command line itself: --help, --version, unknown commands, exit codes.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"

out=$("$BANMIAN" --help)
expect_contains "$out" "banmian build EDITION_DIR"
expect_contains "$out" "Exit status"
out=$("$BANMIAN" --version)
expect_contains "$out" "banmian 0."
expect_exit 2 "unknown command 'frobnicate'" "$BANMIAN" frobnicate
expect_exit 2 "Usage" "$BANMIAN"
