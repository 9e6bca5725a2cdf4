#!/usr/bin/env bash
# examples/archive/parallel.sh LIST OUT [GNU PARALLEL OPTION...]
#
# Builds every edition LIST names (one edition directory a line, '#'
# comment lines, as for `banmian build --batch`) with GNU parallel: LIST is
# cut into chunks of CHUNK editions (default 50) and each job is one
# `banmian build --batch -` process, which builds its chunk with the fonts
# opened once.  Relative paths in LIST are taken from the current directory.
#
#   on this machine, 2 jobs at once:
#       examples/archive/parallel.sh editions.txt out -j 2
#   on several hosts that see the same files (NFS and the like) at the same
#   paths, 4 jobs on each; banmian must be installed on every host:
#       examples/archive/parallel.sh editions.txt /archive/out \
#           --sshlogin 4/host1,4/host2
#
# OUT/parallel.log is GNU parallel's job log: one line per chunk, its
# Exitval the number of that chunk's editions that failed (banmian's exit
# status in a batch).  Each failure is on stderr, prefixed by its edition.
# Exits with the number of editions that failed (at most 125).
# Environment: BANMIAN (default: banmian on PATH), CHUNK.
set -u
[ $# -ge 2 ] || { sed -n '2,/^set/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
list=$1 out=$2
shift 2
command -v parallel >/dev/null || { echo "parallel.sh: GNU parallel is not installed (Debian: parallel)" >&2; exit 2; }
[ -r "$list" ] || { echo "parallel.sh: cannot read $list" >&2; exit 2; }
banmian=${BANMIAN:-banmian}
chunk=${CHUNK:-50}
mkdir -p "$out" || exit 3
out=$(cd "$out" && pwd)
case $banmian in */*) banmian=$(cd "$(dirname "$banmian")" && pwd)/$(basename "$banmian") ;; esac

# every edition an absolute path, so a job finds it on any host
sed -e '/^[[:space:]]*\(#.*\)\{0,1\}$/d' -e 's/^[[:space:]]*//' \
    -e "/^\//!s|^|$PWD/|" "$list" |
    parallel --pipe -N "$chunk" --halt never --joblog "$out/parallel.log" "$@" \
        "$banmian" build --batch - -o "$out" -q

# the failures, summed over the chunks (column 7 of the job log: Exitval)
failed=$(awk -F'\t' 'NR > 1 { n += $7 } END { print n + 0 }' "$out/parallel.log")
[ "$failed" -eq 0 ] || echo "parallel.sh: $failed edition$([ "$failed" -eq 1 ] || echo s) failed (see above; $out/parallel.log)" >&2
[ "$failed" -le 125 ] || failed=125
exit "$failed"
