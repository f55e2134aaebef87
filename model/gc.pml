/*
 * Online gc on object storage across replicas: the protocol of docs/gc.md,
 * section "Online gc on object storage (replicas)", as a Promela model for SPIN.
 * model/README.md says what is abstracted and why that is sound; model/check.sh
 * runs the base model (must pass) and every mutation (must fail).
 *
 * The store: three keys, each with per-key atomic conditional operations
 *   G   the blob record ("guard") of one digest; its data object is folded in
 *   M0  writer 0's manifest record, referencing G
 *   M1  writer 1's manifest record: a manifest referencing G, or an index
 *       referencing M0 (chosen by writer 1)
 * Every write gives the key a new version (an ETag that was never used for that
 * key) and a stamp from the backend clock, which may lag the true time by up to
 * SKEW. A listing reads each key once, in any order, each read at its own instant
 * (what "every object present for the whole walk exactly once" allows).
 *
 * Protocol (base model):
 *   writer  new records are created PENDING (invisible: nobody may rely on them),
 *           then every record the commit relies on is TOUCHED (replace-if-match,
 *           which gives it a new version and a fresh stamp; a missing or pending
 *           target fails the commit), then the new records are FLIPPED to
 *           committed (replace-if-match on the version the create returned; a
 *           failure aborts the commit with a retryable error), then the push is
 *           acknowledged.
 *   gc      reads T0 from the backend clock, lists every key once, and deletes
 *           top-down (referrers before what they reference): a record goes only
 *           if it is older than T0 - GRACE, and every referrer gc listed for it was
 *           deleted (or found gone) in this run, and only by delete-if-match on
 *           the version gc listed. A failed delete means a writer touched the
 *           record: it is live and so is everything it references.
 *
 * Mutations (each MUST produce a counterexample):
 *   NO_TOUCH             the commit checks its targets exist but does not rewrite them
 *   TOUCH_KEEPS_ETAG     the touch rewrites identical bytes: a fresh stamp, the same
 *                        ETag (S3 ETags are content MD5s)
 *   UNCONDITIONAL_DELETE gc deletes whatever version is there
 *   SHORT_GRACE          grace shorter than the clock-skew bound
 *   NO_PENDING           new records are visible (committed) at once
 *   BOTTOM_UP            gc deletes what it judged unreachable without waiting for the
 *                        deletion of the referrers it judged with
 * The issue's starting point, for comparison (TOUCH_FIRST): touch, then write the
 * reference as committed, with a commit deadline DEADLINE after the commit starts:
 *   TOUCH_FIRST                   the deadline is checked against the backend clock,
 *                                 then the write is sent (a pause can fall between):
 *                                 MUST fail
 *   TOUCH_FIRST ATOMIC_DEADLINE   the store refuses the write past the deadline
 *                                 (grace = DEADLINE + SKEW): passes
 *   TOUCH_FIRST ATOMIC_DEADLINE SHORT_GRACE  grace shorter than deadline + skew: MUST fail
 * Sanity (REACH, MUST fail): a state with both pushes acknowledged (the second an
 * index), both listings over and a delete done is reachable; with the base model's
 * check that every gc statement is reached, the pass is not vacuous.
 * Small blobs (a record that holds its bytes and references nothing, created
 * committed): writer 0's upload creates G committed. INLINE_AFTER (what the code
 * does): G is created after the pending manifest record, and that creation is its
 * touch (found there already: touched): passes. INLINE_BEFORE (mutation): G created
 * first and relied on without a touch: MUST fail (a pause between the two lets gc
 * take G).
 * ONE_GC leaves out the second gc run (check.sh does not use it; for exploring).
 */
#ifndef MAXT
#define MAXT 2
#endif
#define SKEW 1
#define DEADLINE 1

#ifdef TOUCH_FIRST
#define NEED_GRACE (DEADLINE + SKEW)
#else
#define NEED_GRACE SKEW
#endif
#ifdef SHORT_GRACE
#define GRACE (NEED_GRACE - 1)
#else
#define GRACE NEED_GRACE
#endif

#define G  0
#define M0 1
#define M1 2
#define NK 3
#define BIT(k) (1 << (k))

/* ---- the store ---- */
bool ex[NK];            /* the key exists */
bool pend[NK];          /* its record says "pending" */
byte stamp[NK];         /* backend time of its last write (0 once nobody reads it) */
/* Versions. A conditional operation compares the version a reader saw with the one
 * there now; they are equal exactly when nothing wrote the key in between (every
 * write makes a version never used before). So instead of version numbers, which
 * would make otherwise equal states differ, each reader (gc run g, writer w) keeps
 * one bit per key: "written since I read it". Every write sets them all. */
bool gd[2 * NK];        /* gc run g: key k written since g listed it (index g*NK+k) */
bool wd[2 * NK];        /* writer w: key k written since w's own write (index w*NK+k) */
/* A bit is kept only while its reader still needs it, so that states which differ
 * only in bits nobody will read again are one state. */
byte gmask[2];          /* keys gc run g listed as old and may still delete */
byte wown[2];           /* keys writer w wrote and may still replace or delete */
byte seen[2];           /* keys gc run g has listed (7: its listing is over) */
bool m1idx;             /* M1 is an index (references M0) rather than a manifest (G) */

byte now;               /* the true time */
bool acked[2];          /* the writer's push was acknowledged */
bool t0started;         /* gc 0 has read its T0 */
bool t1started;         /* gc 1 has read its T0 (from the start with ONE_GC) */
byte t0g[2];            /* gc run g's T0 (0 once its listing is over) */
#ifdef REACH
bool deleted;           /* REACH only: some gc delete succeeded */
#endif

#ifdef TOUCH_FIRST
#define WRITERS_READ_CLOCK 1
#else
#define WRITERS_READ_CLOCK 0
#endif
/* Values nobody reads again are reset, and values that can only be compared one
 * way are replaced by one representative (model/README.md, "Dead and equivalent
 * values"); every such state has exactly the futures of the states it stands for.
 * - A stamp is read only by a gc run that has yet to list its key: 0 once every run
 *   has listed it (or the key is gone).
 * - Once both runs have read T0, a stamp matters only as "old or young" to each run
 *   still to list it: YOUNG (young to any T0) or 0 (old to each) when all agree.
 * - A write after both T0 reads is young to both runs whenever GRACE >= SKEW (its
 *   stamp is at least each run's T0 - SKEW): its stamp is YOUNG, and the clock is
 *   read by nobody again unless a writer checks a deadline (TOUCH_FIRST): 0, stopped.
 *   (With GRACE < SKEW the clock lives until every run has listed every key.) */
#define YOUNG (MAXT + SKEW)
#define STAMP_DEAD(k) ((seen[0] & seen[1] & BIT(k)) != 0)
#define T0S_READ (t0started && t1started)
#if GRACE >= SKEW
#define LATE_YOUNG 1
#define CLOCK_DEAD (!WRITERS_READ_CLOCK && T0S_READ)
#else
#define LATE_YOUNG 0
#define CLOCK_DEAD (!WRITERS_READ_CLOCK && (seen[0] & seen[1]) == 7)
#endif
/* key k looks old to run g (which has read T0 and not listed k) */
#define OLD_TO(g, k) (stamp[k] + GRACE < t0g[g])
#define READS(g, k) ((seen[g] & BIT(k)) == 0)

/* The representative of stamp[k], once both runs have read T0. */
inline canon(k) {
    if
    :: STAMP_DEAD(k) || !ex[k] -> stamp[k] = 0
    :: else ->
        if
        :: T0S_READ && (!READS(0, k) || !OLD_TO(0, k)) && (!READS(1, k) || !OLD_TO(1, k)) -> stamp[k] = YOUNG
        :: T0S_READ && (!READS(0, k) || OLD_TO(0, k)) && (!READS(1, k) || OLD_TO(1, k)) -> stamp[k] = 0
        :: else
        fi
    fi
}

/* A write's stamp: the true time. The skew between the clock that stamps objects
 * and the one gc reads its T0 from is put into T0 alone (read up to SKEW ahead), so
 * that every record looks up to SKEW older to a run: the most skew can do. */
inline stampit(k) {
    if
    :: STAMP_DEAD(k) -> stamp[k] = 0
    :: !STAMP_DEAD(k) && LATE_YOUNG && T0S_READ -> stamp[k] = YOUNG
    :: else -> stamp[k] = now
    fi
}

/* A new version of key k (a write by anyone). */
inline newver(k) {
    gd[k] = gd[k] || ((gmask[0] & BIT(k)) != 0);
    gd[NK + k] = gd[NK + k] || ((gmask[1] & BIT(k)) != 0);
    wd[k] = wd[k] || ((wown[0] & BIT(k)) != 0);
    wd[NK + k] = wd[NK + k] || ((wown[1] & BIT(k)) != 0)
}
/* Writer me has written key k and holds that version. */
inline own(k) {
    wd[me * NK + k] = 0; wown[me] = wown[me] | BIT(k)
}
/* Writer me no longer needs the version of key k it wrote. */
inline disown(k) {
    wd[me * NK + k] = 0; wown[me] = wown[me] & ~BIT(k)
}

/* Create-if-absent by writer me; ok tells whether it won. */
inline create(k, pending, ok) {
    atomic {
        if
        :: !ex[k] -> ex[k] = 1; pend[k] = pending; newver(k); stampit(k); own(k); ok = 1
        :: else -> ok = 0
        fi
    }
}

/* Replace-if-match on the version writer me wrote, with the same record committed
 * (the flip of a pending record). */
inline flip(k, ok) {
    atomic {
        if
        :: ex[k] && !wd[me * NK + k] -> pend[k] = 0; newver(k); stampit(k); disown(k); ok = 1
        :: else -> disown(k); ok = 0
        fi
    }
}

/* The touch of a record a commit relies on: head (it must exist and be committed),
 * then replace-if-match on the version read. A lost race (another touch in between)
 * is retried by the implementation, so the pair acts as one atomic step at the
 * instant of the successful replace; modelled as that step. */
inline touch(k, ok) {
    atomic {
        if
        :: ex[k] && !pend[k] ->
#if defined(NO_TOUCH)
            skip;
#elif defined(TOUCH_KEEPS_ETAG)
            stampit(k);
#else
            newver(k); stampit(k);
#endif
            ok = 1
        :: else -> ok = 0
        fi
    }
}

#ifdef REACH
#define REACHED deleted = 1
#else
#define REACHED skip
#endif
/* Delete-if-match by gc run me on the version it listed (called inside an atomic
 * step): r = 1 deleted, 2 not found, 0 another version is there. The run never
 * reads key k's bit again. */
inline delete_if(k, r) {
    if
#ifdef UNCONDITIONAL_DELETE
    :: ex[k] -> ex[k] = 0; pend[k] = 0; stamp[k] = 0; r = 1; REACHED
#else
    :: ex[k] && !gd[me * NK + k] -> ex[k] = 0; pend[k] = 0; stamp[k] = 0; r = 1; REACHED
    :: ex[k] && gd[me * NK + k] -> r = 0
#endif
    :: !ex[k] -> r = 2
    fi;
    gd[me * NK + k] = 0; gmask[me] = gmask[me] & ~BIT(k)
}

/* Best-effort clean-up (delete-if-match) of a record writer me created and still owns. */
inline drop_own(k) {
    atomic {
        if
        :: ex[k] && !wd[me * NK + k] -> ex[k] = 0; pend[k] = 0; stamp[k] = 0; disown(k)
        :: else -> disown(k)
        fi
    }
}

#if defined(NO_PENDING) || defined(TOUCH_FIRST)
#define NEWPEND 0
#else
#define NEWPEND 1
#endif

/* ---- a writer: get the blob (upload it, or HEAD it and skip the upload), then
 * push a manifest (writer 1 may push an index over writer 0's manifest instead) ---- */
proctype Writer(byte me) {
    byte tgt, mk, t0;
    bool ok, inl;

    mk = (me == 0 -> M0 : M1);
    tgt = G;
    if
    :: atomic { me == 1 && ex[M0] && !pend[M0] -> tgt = M0; m1idx = 1 }  /* HEAD M0, then an index over it */
    :: true
    fi;
    if
    :: tgt == G ->
        if
        :: atomic { ex[G] && !pend[G] }     /* HEAD says "blob exists": skip the upload */
#if defined(INLINE_AFTER)
        :: me == 0 -> inl = 1                /* upload of a small blob: created below */
#else
        :: me == 0 ->
#if defined(INLINE_BEFORE)
            create(G, 0, ok); disown(G);     /* the small blob's record, committed, first */
#else
            create(G, NEWPEND, ok);          /* upload (writer 0): the record of new bytes */
#endif
            if
            :: ok ->
#if defined(INLINE_BEFORE)
                inl = 1                      /* relied on below without a touch */
#elif !defined(NO_PENDING) && !defined(TOUCH_FIRST)
                /* (data/<uuid> is completed here, after its record exists) */
                flip(G, ok);
                if
                :: !ok -> goto abort
                :: else
                fi
#else
                skip
#endif
            :: else ->                       /* the record is there: dedup */
                touch(G, ok);
                if
                :: !ok -> goto abort         /* pending upload of another writer: retryable */
                :: else
                fi
            fi
#endif
        :: else -> goto abort                /* writer 1: no blob to re-use (BLOB_UNKNOWN) */
        fi
    :: else
    fi;

    /* the client's gap between its blobs and its manifest is any interleaving */

#ifdef TOUCH_FIRST
    t0 = now;                                 /* the commit starts (backend clock) */
    touch(tgt, ok);
    if
    :: !ok -> goto abort
    :: else
    fi;
#ifdef ATOMIC_DEADLINE
    atomic {
        if
        :: now <= t0 + DEADLINE -> create(mk, 0, ok)
        :: else -> ok = 0                     /* the store refuses the late write */
        fi
    };
#else
    if
    :: now <= t0 + DEADLINE -> skip           /* checked; the write is sent next */
    :: else -> goto abort
    fi;
    create(mk, 0, ok);
#endif
    if
    :: !ok -> goto abort
    :: else
    fi;
#else
    create(mk, NEWPEND, ok);                  /* the manifest record, pending */
    if
    :: !ok -> goto abort
    :: else
    fi;
#if defined(INLINE_AFTER)
    if
    :: inl ->                                 /* a small blob: its record created after */
        create(G, 0, ok);                     /* the pending referrer is its touch */
        if
        :: ok -> disown(G)
        :: else -> touch(G, ok)               /* there already: touched as usual */
        fi
    :: else -> touch(tgt, ok)
    fi;
#elif defined(INLINE_BEFORE)
    if
    :: inl -> ok = 1                          /* mutation: created before, never touched */
    :: else -> touch(tgt, ok)
    fi;
#else
    touch(tgt, ok);                           /* what it references, after it exists */
#endif
    if
    :: !ok -> drop_own(mk); goto abort        /* MANIFEST_BLOB_UNKNOWN */
    :: else
    fi;
#ifndef NO_PENDING
    flip(mk, ok);
    if
    :: !ok -> goto abort                      /* gc reclaimed it: retryable error */
    :: else
    fi;
#endif
#endif
    acked[me] = 1;
abort:
    atomic { disown(G); disown(mk); tgt = 0; mk = 0; ok = 0; t0 = 0 }
}

/* ---- a gc run: T0, one listing of every key, top-down conditional deletes ---- */
/* The listing's read of key k. Only what the decision needs is kept: st (0 absent,
 * 1 present and young, 2 present and old; for G, which references nothing, only
 * old or not) and, for an old key, its version bit. */
inline list(k, st) {
    if
    :: ex[k] && OLD_TO(me, k) -> st = 2; gd[me * NK + k] = 0; gmask[me] = gmask[me] | BIT(k)
    :: ex[k] && !OLD_TO(me, k) -> st = 1
    :: else -> st = 0
    fi;
    seen[me] = seen[me] | BIT(k);
    canon(k)
}

/* Whether a key listed as st no longer holds its targets: absent when listed, or
 * deleted (r = 1) or found gone (r = 2) by this run. BOTTOM_UP judges with the
 * listing alone: an old key counts as going, deleted or not. */
#ifdef BOTTOM_UP
#define GONE(st, r) (st != 1)
#else
#define GONE(st, r) (st == 0 || (st == 2 && r != 0))
#endif

/* Once M1's fate is known: what will be tried next; every bit nobody reads again is
 * cleared (try0: delete M0; tryG: delete G if M0 went or was never there). */
inline plan() {
    gone1 = GONE(s1, r);
    try0 = (s0 == 2 && (!lidx || gone1));
    if
    :: !try0 -> gd[me * NK + M0] = 0; gmask[me] = gmask[me] & ~BIT(M0)
    :: else
    fi;
    tryG = (sg == 2 && (try0 || GONE(s0, 0)) && (lidx || gone1));
    if
    :: !tryG -> gd[me * NK + G] = 0; gmask[me] = gmask[me] & ~BIT(G)
    :: else
    fi;
    s0 = (try0 -> s0 : 0); s1 = 0; sg = 0; lidx = 0; gone1 = 0; r = 0
}

/* After the last read of the listing: T0 (and, when nobody reads it any more, the
 * clock) is dead; unless M1 is to be deleted first, M1's fate is known now, so the
 * plan is made in this same step. */
inline listed() {
    if
    :: seen[me] == 7 ->
        t0g[me] = 0;
        if
        :: CLOCK_DEAD -> now = 0
        :: else
        fi;
        if
        :: s1 != 2 -> plan()
        :: else
        fi
    :: else
    fi
}

proctype Gc(byte me) {
    byte r, sg, s0, s1;
    bool lidx, gone1, try0, tryG;

    /* The two runs are the same code: gc 0 reads its T0 first, without loss of
     * generality (symmetry reduction). */
    atomic {                                  /* backend clock, before the listing */
        (me == 0 || t0started) ->
        if
        :: t0g[me] = now
        :: t0g[me] = now + SKEW
        fi;
        t0started = 1;
        if
        :: me == 1 -> t1started = 1
        :: else
        fi;
        if
        :: T0S_READ -> canon(G); canon(M0); canon(M1);
            if
            :: CLOCK_DEAD -> now = 0
            :: else
            fi
        :: else
        fi
    };
    do                                        /* each key once, in any order */
    :: atomic { !(seen[me] & BIT(G)) -> list(G, sg); sg = (sg == 2 -> 2 : 0); listed(); if :: seen[me] == 7 -> break :: else fi }
    :: atomic { !(seen[me] & BIT(M0)) -> list(M0, s0); listed(); if :: seen[me] == 7 -> break :: else fi }
    :: atomic { !(seen[me] & BIT(M1)) -> list(M1, s1); lidx = (s1 != 0 && m1idx); listed();
                if :: seen[me] == 7 -> break :: else fi }
    od;
    /* Top-down (M1, then M0, then G), each delete one conditional operation; a
     * decision that deletes nothing reads and writes only the run's own (or dead)
     * state, so it is folded into the step before it. */
    if
    :: atomic { s1 == 2 -> delete_if(M1, r); plan() }
    :: else
    fi;
    if
    :: atomic { try0 -> delete_if(M0, r); tryG = tryG && GONE(s0, r); s0 = 0; try0 = 0; r = 0;
                if
                :: !tryG -> gd[me * NK + G] = 0; gmask[me] = gmask[me] & ~BIT(G)
                :: else
                fi }
    :: else
    fi;
    if
    :: atomic { tryG -> delete_if(G, r); tryG = 0; r = 0 }
    :: else
    fi
}

active proctype Clock() {
end:
    do
    :: atomic { now < MAXT && !CLOCK_DEAD -> now++ }
    od
}

/* The invariant: an acknowledged manifest that still exists has all it references. */
#define HOLE ((acked[0] && ex[M0] && !ex[G]) || \
              (acked[1] && ex[M1] && (m1idx -> (!ex[M0] || !ex[G]) : !ex[G])))

active proctype Monitor() {
end:
#ifdef REACH
    /* sanity (must fail): both pushes acknowledged, the second one an index, every
     * listing over and some delete done, all in one run: the model is not vacuous */
    atomic { acked[0] && acked[1] && m1idx && (seen[0] & seen[1]) == 7 && deleted -> assert(false) }
#else
    atomic { HOLE -> assert(false) }
#endif
}

init {
    atomic {
#ifdef ONE_GC
        seen[1] = 7; t1started = 1;           /* no second run reads anything */
#endif
        ex[G] = 1; stamp[G] = 0;              /* a blob pushed long ago, unreferenced */
        run Writer(0); run Writer(1); run Gc(0);
#ifndef ONE_GC
        run Gc(1)
#endif
    }
}
