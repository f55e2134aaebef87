#!/bin/sh
# Model-checks model/gc.pml with SPIN: the base model (two writers, two gc runs, the
# clock) and the touch-first variant with its commit deadline must pass with an
# exhaustive search; the sanity check and every mutation must produce a
# counterexample. Exits non-zero otherwise. See model/README.md.
#
#   MODEL_FULL=1 ./check.sh   also runs every mutation with two gc runs (slower;
#                             the default runs them with one, which is enough:
#                             README.md, "Mutations with one gc run")
set -u
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
all_start=$(date +%s)
# run NAME EXPECT(pass|fail) OPT -- SPIN defines...
# OPT is the C optimisation: -O2 for the big exhaustive searches, -O0 (compiles in a
# tenth of the time) for the searches that stop at their first counterexample.
# Prints one line: "ok   NAME: ..." or "FAIL NAME: ...". Each run has its own directory.
run() {
    name=$1 expect=$2 opt=$3; shift 3
    start=$(date +%s)
    dir=$(mktemp -d "$work/run.XXXXXX") && cp "$here/gc.pml" "$dir/" && cd "$dir" || { echo "FAIL $name: setup"; return; }
    spin "$@" -a gc.pml >spin.out 2>&1 || { echo "FAIL $name: spin: $(tail -1 spin.out)"; return; }
    # -DCOLLAPSE: lossless state compression (exhaustive); never -DHC or -DBITSTATE.
    gcc "$opt" -DSAFETY -DCOLLAPSE -DNOBOUNDCHECK -o pan pan.c >gcc.out 2>&1 ||
        { echo "FAIL $name: gcc: $(grep -m1 error gcc.out)"; return; }
    timeout 100 ./pan -m100000 -w23 >pan.out 2>&1
    took=$(( $(date +%s) - start ))
    errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' pan.out)
    states=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' pan.out)
    mem=$(sed -n 's/^ *\([0-9.]*\).*total actual memory usage.*/\1/p' pan.out)
    search=$(sed -n 's/^pan: elapsed time \([0-9.e+]*\) seconds.*/\1/p' pan.out)
    info="${states:-?} states, ${mem:-?} MB, search ${search:-?} s, ${took} s with compile"
    if [ -z "$errors" ]; then echo "FAIL $name: pan did not finish ($info)"; return; fi
    if [ "$expect" = pass ]; then
        # Vacuity: every statement of the gc run must have been reached.
        if ! grep -A1 "unreached in proctype Gc" pan.out | grep -q "(0 of"; then
            echo "FAIL $name: part of the gc run is never reached ($info)"
        elif [ "$errors" = 0 ] && ! grep -q "Search not completed\|max search depth too small" pan.out; then
            echo "ok   $name: no counterexample, exhaustive search complete, every gc statement reached ($info)"
        else echo "FAIL $name: expected to pass, $errors error(s) ($info)"; fi
    else
        if [ "$errors" != 0 ]; then echo "ok   $name: counterexample found, as it must be ($info)"
        else echo "FAIL $name: must produce a counterexample but passed ($info)"; fi
    fi
}
spin -V | head -1
# The largest search runs in the background (two cores: it then costs no wall time);
# everything else runs one after the other next to it.
run base pass -O2 >"$work/base.res" 2>&1 &
base_pid=$!
{
run touch-first-atomic-deadline pass -O2 -DTOUCH_FIRST -DATOMIC_DEADLINE
run sanity-reach fail -O0 -DREACH
gcs="-DONE_GC" label=", one gc run"
[ "${MODEL_FULL:-0}" = 1 ] && gcs="" label=", two gc runs"
for m in NO_TOUCH TOUCH_KEEPS_ETAG UNCONDITIONAL_DELETE SHORT_GRACE NO_PENDING BOTTOM_UP TOUCH_FIRST; do
    # shellcheck disable=SC2086 # $gcs is empty or one flag
    run "$m$label" fail -O0 $gcs "-D$m"
done
# shellcheck disable=SC2086
run "TOUCH_FIRST+ATOMIC_DEADLINE+SHORT_GRACE$label" fail -O0 $gcs -DTOUCH_FIRST -DATOMIC_DEADLINE -DSHORT_GRACE
} >"$work/rest.res" 2>&1
wait "$base_pid"
cat "$work/base.res" "$work/rest.res"
fail=0
# 11 runs, every one "ok": a run that printed nothing (killed, crashed) also fails.
[ "$(grep -c '^ok   ' "$work/base.res" "$work/rest.res" | awk -F: '{n += $2} END {print n}')" = 11 ] || fail=1
grep -q '^FAIL' "$work/base.res" "$work/rest.res" && fail=1
echo "model check: $(( $(date +%s) - all_start )) s in all (wall), $([ $fail = 0 ] && echo passed || echo FAILED)"
exit $fail
