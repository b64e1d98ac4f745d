package dev.threadproof.race.rt;

import java.util.HashMap;
import java.util.Map;

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
    /** Locations whose last reads are concurrent: index to the reads. */
    private Map<Integer, ReadShare> shared;
    /** Locations that synchronization actions released into: index to the clock. */
    private Map<Integer, int[]> sync;

    /** Several reads, none of which happens-before the others. */
    private static final class ReadShare {
        long[] epochs = new long[4];
        int[] sites = new int[4];
        int n;

        void add(long epoch, int site) {
            int tid = Clocks.tid(epoch);
            for (int i = 0; i < n; i++) {
                if (Clocks.tid(epochs[i]) == tid) {
                    epochs[i] = epoch;
                    sites[i] = site;
                    return;
                }
            }
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
        int[] vc = t.vc;
        long now = t.epoch() | (atomic ? Clocks.ATOMIC : 0);
        long lw = w[i];
        if (lw != 0 && !Clocks.happensBefore(lw, vc) && !(atomic && Clocks.atomic(lw))) {
            Detector.race(base, field, index, lw, wSite[i], true, t, write, atomic, site);
        }
        if (write) {
            ReadShare rs = shared == null ? null : shared.remove(i);
            if (rs != null) {
                for (int k = 0; k < rs.n; k++) {
                    long e = rs.epochs[k];
                    if (!Clocks.happensBefore(e, vc) && !(atomic && Clocks.atomic(e))) {
                        Detector.race(base, field, index, e, rs.sites[k], false, t, true, atomic, site);
                    }
                }
            } else {
                long lr = r[i];
                if (lr != 0 && !Clocks.happensBefore(lr, vc) && !(atomic && Clocks.atomic(lr))) {
                    Detector.race(base, field, index, lr, rSite[i], false, t, true, atomic, site);
                }
            }
            w[i] = now;
            wSite[i] = site;
            r[i] = 0;
        } else {
            ReadShare rs = shared == null ? null : shared.get(i);
            if (rs != null) {
                rs.add(now, site);
            } else {
                long lr = r[i];
                if (lr == 0 || Clocks.tid(lr) == t.tid || Clocks.happensBefore(lr, vc)) {
                    r[i] = now;
                    rSite[i] = site;
                } else {
                    rs = new ReadShare();
                    rs.add(lr, rSite[i]);
                    rs.add(now, site);
                    if (shared == null) {
                        shared = new HashMap<>();
                    }
                    shared.put(i, rs);
                    r[i] = 0;
                }
            }
        }
    }

    /** A release by {@code t} into location {@code i}'s clock (the thread's clock ticks after, in the caller). */
    synchronized void release(ThreadState t, int i) {
        if (sync == null) {
            sync = new HashMap<>();
        }
        sync.put(i, Clocks.join(sync.get(i), t.vc));
    }

    /** An acquire by {@code t} of location {@code i}'s clock. */
    synchronized void acquire(ThreadState t, int i) {
        if (sync != null) {
            t.join(sync.get(i));
        }
    }
}
