/*
 * gc's memo on object storage (docs/gc.md, "gc's memo"), the one fact in it that
 * can go stale: which data object a blob record names. A Promela model for SPIN;
 * model/check.sh runs it next to gc.pml, model/README.md says what is abstracted.
 *
 * The store: one blob record G (absent, or naming data object D0, D1 or D2; pending
 * or committed) and the three data objects, each created once under a fresh name
 * and deleted at most once (data keys are never reused). At the start G names D0,
 * committed, and the memo an earlier gc run wrote says "G names D0".
 *
 * The environment, at any moment:
 *   Deleter  deletes G and leaves its data object behind (a process killed between
 *            two deletes, or a record deleted by hand): at most twice.
 *   Writer   while G is absent, commits the blob again in protocol order: G pending
 *            naming a fresh data object, the data object, the flip to committed.
 * One gc run (G is referenced, so gc never deletes G itself):
 *   1. T0. Data objects created after T0 are younger than the cutoff and are never
 *      deleted by this run (grace > skew, as in gc.pml).
 *   2. Lists blobs/ (sees G or not, at one instant), then data/ (each data object
 *      at its own instant).
 *   3. If G was listed and the data object the memo names was listed, the memo
 *      stands in for the read of G; if only G was listed, gc reads G (whatever
 *      state; gone since: it names nothing); an unlisted G names nothing to gc.
 *   4. Data objects listed, old, and not the one G names as gc knows it, are
 *      unnamed. If gc took G from the memo and any such object exists, it reads G
 *      now and decides on that (the rule under test).
 *   5. Deletes the unnamed old data objects.
 * Invariant (monitor): a committed G names a data object that exists.
 *
 * Mutation (MUST produce a counterexample):
 *   NO_REREAD  gc decides on the memo's word without reading G first.
 * Sanity (REACH, MUST fail): a run in which gc deletes a data object is reachable.
 */

#define NONE 3
#define ND 3

bit exists[ND + 1];      /* data objects (the last slot: none, never set) */
bit born_late[ND];       /* created after gc's T0 */
byte used = 1;           /* data objects 0..used-1 have been created (D0 at start) */
byte g = 0;              /* the data object G names; NONE: G is absent */
bit g_pending = 0;
bit t0_taken = 0;
bit deleted_one = 0;

proctype Deleter() {
    byte n = 0;
    do
    :: atomic { n < 2 && g != NONE -> g = NONE; g_pending = 0; n++ }
    :: true -> break
    od
}

proctype Writer() {
    byte d;
    do
    :: atomic { g == NONE && used < ND -> d = used; used++; g = d; g_pending = 1 }
       atomic { exists[d] = 1; born_late[d] = t0_taken }
       atomic { if :: g == d && g_pending -> g_pending = 0 :: else -> skip fi }
    :: true -> break
    od
}

proctype Gc() {
    bit g_listed;
    bit listed[ND];
    bit from_memo = 0;
    byte knows = NONE;
    bit unnamed[ND];
    bit any = 0;
    byte i;
    t0_taken = 1;
    /* blobs/ */
    atomic { g_listed = (g != NONE) }
    /* data/: each data object at its own instant */
    i = 0;
    do
    :: i < ND -> atomic { listed[i] = exists[i] }; i++
    :: i == ND -> break
    od;
    /* the memo stands in for the read of G, while its data object is listed */
    if
    :: g_listed && listed[0] -> from_memo = 1; knows = 0
    :: g_listed && !listed[0] -> atomic { knows = g }   /* NONE if gone since */
    :: !g_listed -> knows = NONE
    fi;
    i = 0;
    do
    :: i < ND ->
       atomic { unnamed[i] = listed[i] && !born_late[i] && i != knows; any = any || unnamed[i] };
       i++
    :: i == ND -> break
    od;
#ifndef NO_REREAD
    if
    :: any && from_memo ->
       atomic { knows = g };
       i = 0;
       do
       :: i < ND -> unnamed[i] = listed[i] && !born_late[i] && i != knows; i++
       :: i == ND -> break
       od
    :: else -> skip
    fi;
#endif
    i = 0;
    do
    :: i < ND ->
       if
       :: unnamed[i] -> atomic { exists[i] = 0; deleted_one = 1 }
       :: else -> skip
       fi;
       i++
    :: i == ND -> break
    od
}

proctype Monitor() {
end:
    atomic { (g != NONE && !g_pending && !exists[g]) -> assert(false) }
}

#ifdef REACH
proctype Reach() {
end:
    atomic { deleted_one -> assert(false) }
}
#endif

init {
    atomic {
        exists[0] = 1;
        run Deleter(); run Writer(); run Gc(); run Monitor();
#ifdef REACH
        run Reach();
#endif
    }
}
