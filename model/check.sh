#!/bin/sh
# Model-checks model/gc.pml with SPIN, every run with two writers, two gc runs and
# the discrete clock: the base model and the touch-first variant with its commit
# deadline must pass with an exhaustive search (and reach every gc statement); the
# sanity check and every mutation must produce a counterexample. model/memo.pml (gc's
# memo) the same way. Exits non-zero otherwise, also when any run did not finish.
# See model/README.md.
set -u
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
all_start=$(date +%s)
# run NAME EXPECT(pass|fail) OPT -- SPIN defines... (of the model in $model)
# OPT is the C optimisation: -O2 for the big exhaustive searches, -O0 (compiles in a
# tenth of the time) for the searches that stop at their first counterexample.
# Prints one line: "ok   NAME: ..." or "FAIL NAME: ...". Each run has its own directory.
run() {
    name=$1 expect=$2 opt=$3; shift 3
    start=$(date +%s)
    dir=$(mktemp -d "$work/run.XXXXXX") && cp "$here/$model" "$dir/" && cd "$dir" || { echo "FAIL $name: setup"; return; }
    spin "$@" -a "$model" >spin.out 2>&1 || { echo "FAIL $name: spin: $(tail -1 spin.out)"; return; }
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
        if [ "$errors" != 0 ]; then echo "FAIL $name: expected to pass, $errors counterexample(s) ($info)"
        elif grep -q "Search not completed\|max search depth too small" pan.out; then
            echo "FAIL $name: search not complete ($info)"
        # Vacuity: every statement of the gc run must have been reached.
        elif ! grep -A1 "unreached in proctype Gc" pan.out | grep -q "(0 of"; then
            echo "FAIL $name: part of the gc run is never reached ($info)"
        else echo "ok   $name: no counterexample, exhaustive search complete, every gc statement reached ($info)"; fi
    else
        if [ "$errors" != 0 ]; then echo "ok   $name: counterexample found, as it must be ($info)"
        else echo "FAIL $name: must produce a counterexample but passed ($info)"; fi
    fi
}
spin -V | head -1
# Two lanes, one per core; each run in a lane after the other.
{
model=gc.pml
run base pass -O2
run inline-after pass -O2 -DINLINE_AFTER
for m in NO_TOUCH TOUCH_KEEPS_ETAG UNCONDITIONAL_DELETE SHORT_GRACE; do
    run "$m" fail -O0 "-D$m"
done
model=memo.pml
run memo pass -O2
run memo-NO_REREAD fail -O0 -DNO_REREAD
} >"$work/lane1.res" 2>&1 &
lane1=$!
{
model=gc.pml
run touch-first-atomic-deadline pass -O2 -DTOUCH_FIRST -DATOMIC_DEADLINE
run sanity-reach fail -O0 -DREACH
for m in NO_PENDING BOTTOM_UP TOUCH_FIRST; do
    run "$m" fail -O0 "-D$m"
done
run TOUCH_FIRST+ATOMIC_DEADLINE+SHORT_GRACE fail -O0 -DTOUCH_FIRST -DATOMIC_DEADLINE -DSHORT_GRACE
run INLINE_BEFORE fail -O0 -DINLINE_BEFORE
model=memo.pml
run memo-sanity-reach fail -O0 -DREACH
} >"$work/lane2.res" 2>&1
wait "$lane1"
cat "$work/lane1.res" "$work/lane2.res"
fail=0
# 16 runs, every one "ok": a run that printed nothing (killed, crashed) also fails.
[ "$(grep -c '^ok   ' "$work/lane1.res" "$work/lane2.res" | awk -F: '{n += $2} END {print n}')" = 16 ] || fail=1
grep -q '^FAIL' "$work/lane1.res" "$work/lane2.res" && fail=1
echo "model check: $(( $(date +%s) - all_start )) s in all (wall), $([ $fail = 0 ] && echo passed || echo FAILED)"
exit $fail
