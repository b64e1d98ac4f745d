package dev.threadproof.race.rt;

/**
 * Thread-safe: the shadow state of a run of memory locations (one field, or a chunk of an array's elements), guarded
 * by this object's monitor: for each location the epoch and code site of its last write and of its last read, the
 * concurrent reads when there are several (FastTrack's read-shared state), and, for locations accessed by a
 * synchronization action, the clock those actions release into.
 */
final class Cells {
    private final long[] w;
    private final int[] wSite;
    private final long[] r;
    private final int[] rSite;
    /** Per location, its concurrent last reads when {@code r} says SHARED; made on first need. */
    private ReadShare[] shared;
    /** Per location, the clock that synchronization actions released into; made on first need. */
    private int[][] sync;

    /** In {@code r}: the location's last reads are in {@code shared} (no epoch has bit 62 set). */
    private static final long SHARED = 1L << 62;

    /**
     * Several reads, none of which happens-before the others (FastTrack's read-shared state). A new read drops the
     * reads that happen-before it: a later write that races with a dropped read races with the new one too (it cannot
     * follow the new read without following the dropped one), so some race is still reported for the location.
     */
    private static final class ReadShare {
        long[] epochs = new long[4];
        int[] sites = new int[4];
        int n;

        void add(long epoch, int site, int[] vc) {
            int tid = Clocks.tid(epoch);
            int k = 0;
            for (int i = 0; i < n; i++) {
                long e = epochs[i];
                if (Clocks.tid(e) != tid && !Clocks.happensBefore(e, vc)) {
                    epochs[k] = e;
                    sites[k++] = sites[i];
                }
            }
            n = k;
            if (n == epochs.length) {
                epochs = java.util.Arrays.copyOf(epochs, n * 2);
                sites = java.util.Arrays.copyOf(sites, n * 2);
            }
            epochs[n] = epoch;
            sites[n++] = site;
        }
    }

    Cells(int size) {
        w = new long[size];
        wSite = new int[size];
        r = new long[size];
        rSite = new int[size];
    }

    /**
     * Checks one access by thread {@code t} against the location's history and records it.
     *
     * @param base the object, array or (for a static field) class that holds the location, for a report
     * @param field the field's id, or -1 for an array element
     * @param index the array index, for a report
     */
    synchronized void access(ThreadState t, int i, boolean write, boolean atomic, int site, Object base, int field,
            int index) {
        if (t.initializing > 0) {
            return;
        }
        int[] vc = t.vc;
        long now = t.epoch() | (atomic ? Clocks.ATOMIC : 0);
        long lw = w[i];
        if (lw != 0 && !Clocks.happensBefore(lw, vc) && !(atomic && Clocks.atomic(lw))) {
            Detector.race(base, field, index, lw, wSite[i], true, t, write, atomic, site);
        }
        if (write) {
            long lr = r[i];
            if (lr == SHARED) {
                ReadShare rs = shared[i];
                shared[i] = null;
                for (int k = 0; k < rs.n; k++) {
                    long e = rs.epochs[k];
                    if (!Clocks.happensBefore(e, vc) && !(atomic && Clocks.atomic(e))) {
                        Detector.race(base, field, index, e, rs.sites[k], false, t, true, atomic, site);
                    }
                }
            } else if (lr != 0 && !Clocks.happensBefore(lr, vc) && !(atomic && Clocks.atomic(lr))) {
                Detector.race(base, field, index, lr, rSite[i], false, t, true, atomic, site);
            }
            w[i] = now;
            wSite[i] = site;
            r[i] = 0;
        } else {
            long lr = r[i];
            if (lr == SHARED) {
                shared[i].add(now, site, vc);
            } else if (lr == 0 || Clocks.tid(lr) == t.tid || Clocks.happensBefore(lr, vc)) {
                r[i] = now;
                rSite[i] = site;
            } else {
                ReadShare rs = new ReadShare();
                rs.add(lr, rSite[i], vc);
                rs.add(now, site, vc);
                if (shared == null) {
                    shared = new ReadShare[w.length];
                }
                shared[i] = rs;
                r[i] = SHARED;
            }
        }
    }

    /** A release by {@code t} into location {@code i}'s clock (the thread's clock ticks after, in the caller). */
    synchronized void release(ThreadState t, int i) {
        if (sync == null) {
            sync = new int[w.length][];
        }
        sync[i] = Clocks.join(sync[i], t.vc);
    }

    /** An acquire by {@code t} of location {@code i}'s clock. */
    synchronized void acquire(ThreadState t, int i) {
        if (sync != null) {
            t.join(sync[i]);
        }
    }
}
