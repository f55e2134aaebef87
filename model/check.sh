#!/bin/sh
# Model-checks model/gc.pml with SPIN: the base model must pass, every mutation must
# produce a counterexample. Exits non-zero otherwise. See model/README.md.
set -u
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/gc.pml" "$work/" && cd "$work" || exit 2
fail=0
# run NAME EXPECT(pass|fail) PANFLAGS -- SPIN defines...
run() {
    name=$1 expect=$2 panflags=$3; shift 3
    spin "$@" -a gc.pml >spin.out 2>&1 || { echo "FAIL $name: spin: $(tail -1 spin.out)"; fail=1; return; }
    gcc -O2 -DSAFETY $panflags -o pan pan.c 2>/dev/null || { echo "FAIL $name: gcc"; fail=1; return; }
    start=$(date +%s)
    timeout 100 ./pan -m100000 >pan.out 2>&1
    took=$(( $(date +%s) - start ))
    errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' pan.out)
    states=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' pan.out)
    mem=$(sed -n 's/^ *\([0-9.]*\).*total actual memory usage.*/\1/p' pan.out)
    info="${states:-?} states, ${mem:-?} MB, ${took}s"
    if [ -z "$errors" ]; then echo "FAIL $name: pan did not finish ($info)"; fail=1; return; fi
    if [ "$expect" = pass ]; then
        if [ "$errors" = 0 ] && ! grep -q "Search not completed\|max search depth too small" pan.out; then
            echo "ok   $name: no counterexample, search complete ($info)"
        else echo "FAIL $name: expected to pass, $errors error(s) ($info)"; fail=1; fi
    else
        if [ "$errors" != 0 ]; then echo "ok   $name: counterexample found, as it must be ($info)"
        else echo "FAIL $name: a mutation that must fail passed ($info)"; fail=1; fi
    fi
}
run base-one-gc pass -DCOLLAPSE -DONE_GC
run touch-first-atomic-deadline-one-gc pass -DCOLLAPSE -DONE_GC -DTOUCH_FIRST -DATOMIC_DEADLINE
for m in NO_TOUCH TOUCH_KEEPS_ETAG UNCONDITIONAL_DELETE SHORT_GRACE NO_PENDING BOTTOM_UP TOUCH_FIRST; do
    run "$m" fail -DCOLLAPSE -DONE_GC "-D$m"
done
run TOUCH_FIRST+ATOMIC_DEADLINE+SHORT_GRACE fail -DCOLLAPSE -DONE_GC -DTOUCH_FIRST -DATOMIC_DEADLINE -DSHORT_GRACE
exit $fail
