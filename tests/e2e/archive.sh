#!/usr/bin/env bash
# The archive recipes of examples/archive/ (issue 18): GNU parallel on this
# machine (-j) and through --sshlogin (':' is GNU parallel's name for this
# machine, so no ssh server is needed), and the Slurm job array, its tasks
# run by a stand-in for sbatch that does what sbatch --array does.  Every
# edition comes out as it does built alone; a failed edition is counted.
set -u
source "$(dirname "$0")/lib.bash"
T="$TEST_TMP/archive"   # TEST_TMP is shared by every test of a run
mkdir -p "$T"
r="$BANMIAN_ROOT"
arch="$r/examples/archive"
command -v parallel >/dev/null \
    || fail "GNU parallel is not installed (Debian package parallel; make deps installs it)"
eds=(examples/tabloid-mini tests/editions/sparse tests/editions/tabloid-feature tests/editions/packed)
for e in "${eds[@]}"; do
    "$BANMIAN" build "$r/$e" -o "$T/alone" -q 2>/dev/null || fail "build $e failed"
done
[ "$(ls "$T/alone" | wc -l)" -eq 8 ] || fail "expected 8 files built alone"

same_as_alone() {  # DIR what
    local f
    for f in "$T/alone"/*; do
        cmp -s "$f" "$1/$(basename "$f")" || fail "$2: $(basename "$f") differs from its build alone"
    done
}

# the list as an archivist writes it: relative paths, a comment, a blank line
list="$T/editions.txt"
{ echo "# four editions"; printf '%s\n' "${eds[@]:0:2}"; echo; printf '%s\n' "${eds[@]:2}"; } >"$list"
export BANMIAN

# GNU parallel, two chunks of two editions, two jobs at once
(cd "$r" && CHUNK=2 "$arch/parallel.sh" "$list" "$T/par" -j 2) >"$T/par.out" 2>&1 \
    || fail "parallel.sh -j 2 exited $?: $(cat "$T/par.out")"
same_as_alone "$T/par" "parallel.sh -j 2"
jobs=$(awk -F'\t' 'NR > 1' "$T/par/parallel.log" | wc -l)
[ "$jobs" -eq 2 ] || fail "parallel.sh: expected 2 jobs of 2 editions, the log has $jobs"

# through --sshlogin, and one edition that is not there
cp "$list" "$T/editions2.txt"
echo "no/such/edition" >>"$T/editions2.txt"
rc=0
(cd "$r" && CHUNK=3 "$arch/parallel.sh" "$T/editions2.txt" "$T/ssh" --sshlogin 2/:) \
    >"$T/ssh.out" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "parallel.sh --sshlogin with one missing edition: exit $rc, expected 1: $(cat "$T/ssh.out")"
same_as_alone "$T/ssh" "parallel.sh --sshlogin"
expect_contains "$(cat "$T/ssh.out")" "$r/no/such/edition: <stdin>:2: error: no such edition directory"
expect_contains "$(cat "$T/ssh.out")" "parallel.sh: 1 edition failed"

# Slurm: --submit asks sbatch for one task per chunk; this sbatch runs them
mkdir -p "$T/bin"
cat >"$T/bin/sbatch" <<'SB'
#!/usr/bin/env bash
# a stand-in for sbatch --array: runs every task of the array here, one
# after the other, with the environment Slurm gives a task
set -u
echo "$*" >"$SBATCH_ARGS"
array= chdir=. output=/dev/null
while [ $# -gt 1 ]; do
    case $1 in
        --array=*) array=${1#--array=} ;;
        --chdir=*) chdir=${1#--chdir=} ;;
        --output=*) output=${1#--output=} ;;
        --export=ALL,*) IFS=, read -ra kv <<<"${1#--export=ALL,}"; for x in "${kv[@]}"; do export "$x"; done ;;
        --*) ;;
    esac
    shift
done
script=$1
rc=0
for t in $(seq "${array%-*}" "${array#*-}"); do
    log=${output//%A/4242}; log=${log//%a/$t}
    (cd "$chdir" && SLURM_ARRAY_TASK_ID=$t SLURM_CPUS_PER_TASK=2 bash "$script") >"$log" 2>&1 || rc=1
done
exit $rc
SB
chmod +x "$T/bin/sbatch"
(cd "$r" && PATH="$T/bin:$PATH" SBATCH_ARGS="$T/sbatch.args" CHUNK=3 \
    "$arch/slurm-array.sbatch" --submit "$list" "$T/slurm" --partition=test) \
    >"$T/slurm.out" 2>&1 || fail "slurm-array.sbatch --submit failed: $(cat "$T/slurm.out")"
expect_contains "$(cat "$T/sbatch.args")" "--array=0-1 "
expect_contains "$(cat "$T/sbatch.args")" "--partition=test"
expect_contains "$(cat "$T/slurm.out")" "4 editions in 2 tasks of up to 3"
same_as_alone "$T/slurm" "slurm-array.sbatch"
[ -f "$T/slurm/logs/banmian-4242_1.out" ] || fail "no log for task 1"
expect_exit 2 "runs as a Slurm array task" bash "$arch/slurm-array.sbatch"
echo "archive: GNU parallel (-j, --sshlogin) and a Slurm array build 4 editions as alone; a missing one counted"
