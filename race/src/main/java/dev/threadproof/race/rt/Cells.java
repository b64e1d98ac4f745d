package dev.threadproof.race.rt;

import java.util.Arrays;

/**
 * Thread-safe: the shadow state of a run of memory locations (one field, or a chunk of an array's elements), guarded
 * by this object's monitor: for each location the epoch and code site of its last write and of its last read, the
 * concurrent reads when there are several (FastTrack's read-shared state), and, for locations accessed by a
 * synchronization action, the clock those actions release into.
 *
 * <p>Storage. A location's state is two {@code long}s, its last write and its last read, each an epoch with the
 * access's code site packed in (as an index into this object's small table of sites: a chunk's elements are touched
 * by few lines of code). A chunk starts <em>compact</em>: a list of runs of consecutive elements that share one state,
 * which is what a loop leaves behind (a fill by one thread is one run, a sweep that reads it behind the fill is two,
 * two threads sweeping halves are four). An access whose new state neither extends a neighbouring run nor keeps its
 * run's state splits a run; past {@link #MAX_RUNS} runs, or when a location's reads become read-shared, the chunk
 * <em>inflates</em> to one state per element (16 bytes each). The two forms hold the same states: which one a chunk is
 * in never changes what is reported ({@code CellsTest} checks this against the per-element form on random accesses).
 *
 * <p>Publication: the only final field is {@link #size}; every other field is read and written under this object's
 * monitor only (its storage is made lazily, inside it), so a thread that found this object through a racy read (the
 * array shadow's chunk table) sees either the defaults or what the last holder of the monitor wrote.
 */
final class Cells {
    /** Runs a compact chunk may hold before it inflates to one state per element. */
    static final int MAX_RUNS = 32;

    /** In a read state: the location's last reads are in {@code shared} (bit 62, which no epoch sets). */
    private static final long SHARED = 1L << 62;

    /** The site a state names when this object's site table is full (more than {@link Clocks#MAX_SITES} lines). */
    private static final int UNKNOWN_SITE = Registry.site("(unknown)", "(unknown)", null, 0,
            "an access whose line the detector did not keep (more lines touched this location than it keeps)");

    private final int size;

    // Compact form: run k holds elements [start[k], start[k + 1]) (the last up to size), in state (runW[k], runR[k]).
    private int[] start;
    private long[] runW;
    private long[] runR;
    private int runs;
    /** The run the last access fell in: a loop's next access falls in it or the next. */
    private int lastRun;

    // Per-element form, once inflated (start is then null).
    private long[] w;
    private long[] r;

    /** The code sites the states name, by the index packed into them (0 is "none"). */
    private int[] sites;
    private int siteCount;
    private int lastSite;
    private int lastSiteIndex;

    /** Per location, its concurrent last reads when its read state is SHARED; made on first need (inflated only). */
    private ReadShare[] shared;
    /** Per location, the clock that synchronization actions released into; made on first need. */
    private int[][] sync;

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
                epochs = Arrays.copyOf(epochs, n * 2);
                sites = Arrays.copyOf(sites, n * 2);
            }
            epochs[n] = epoch;
            sites[n++] = site;
        }
    }

    /** Shadow for {@code size} locations; a single location (a field) is kept per element from the start. */
    Cells(int size) {
        this.size = size;
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
        if (start == null && w == null) {
            allocate();
        }
        int k = -1;
        long lw;
        long lr;
        if (w != null) {
            lw = w[i];
            lr = r[i];
        } else {
            k = runOf(i);
            lw = runW[k];
            lr = runR[k];
        }
        int[] vc = t.vc;
        long now = Clocks.withSite(t.epoch() | (atomic ? Clocks.ATOMIC : 0), siteIndex(site));
        if (lw != 0 && !Clocks.happensBefore(lw, vc) && !(atomic && Clocks.atomic(lw))) {
            Detector.race(base, field, index, lw, siteOf(lw), true, t, write, atomic, site);
        }
        long nw = lw;
        long nr;
        if (write) {
            if (lr == SHARED) {
                ReadShare rs = shared[i];
                shared[i] = null;
                for (int q = 0; q < rs.n; q++) {
                    long e = rs.epochs[q];
                    if (!Clocks.happensBefore(e, vc) && !(atomic && Clocks.atomic(e))) {
                        Detector.race(base, field, index, e, rs.sites[q], false, t, true, atomic, site);
                    }
                }
            } else if (lr != 0 && !Clocks.happensBefore(lr, vc) && !(atomic && Clocks.atomic(lr))) {
                Detector.race(base, field, index, lr, siteOf(lr), false, t, true, atomic, site);
            }
            nw = now;
            nr = 0;
        } else if (lr == SHARED) {
            shared[i].add(now, site, vc);
            return; // the state stays SHARED (and the chunk inflated)
        } else if (lr == 0 || Clocks.tid(lr) == t.tid || Clocks.happensBefore(lr, vc)) {
            nr = now;
        } else {
            ReadShare rs = new ReadShare();
            rs.add(lr, siteOf(lr), vc);
            rs.add(now, site, vc);
            if (w == null) {
                inflate();
            }
            if (shared == null) {
                shared = new ReadShare[size];
            }
            shared[i] = rs;
            nr = SHARED;
        }
        if (w != null) {
            w[i] = nw;
            r[i] = nr;
        } else if (nw != lw || nr != lr) {
            store(k, i, nw, nr);
        }
    }

    /** A release by {@code t} into location {@code i}'s clock (the thread's clock ticks after, in the caller). */
    synchronized void release(ThreadState t, int i) {
        if (sync == null) {
            sync = new int[size][];
        }
        sync[i] = Clocks.join(sync[i], t.vc);
    }

    /** A release of {@code clock} (a thread's clock at its last release fence) into location {@code i}'s clock. */
    synchronized void releaseClock(int i, int[] clock) {
        if (sync == null) {
            sync = new int[size][];
        }
        sync[i] = Clocks.join(sync[i], clock);
    }

    /** Location {@code i}'s clock joined into {@code t}'s pending clock, which its next acquire fence acquires. */
    synchronized void pendingInto(ThreadState t, int i) {
        if (sync != null && sync[i] != null) {
            t.pending = Clocks.join(t.pending, sync[i]);
        }
    }

    /** An acquire by {@code t} of location {@code i}'s clock. */
    synchronized void acquire(ThreadState t, int i) {
        if (sync != null) {
            t.join(sync[i]);
        }
    }

    /** The last write and last read state of location {@code i}, sites unpacked to their ids: for tests. */
    synchronized long[] state(int i) {
        if (start == null && w == null) {
            return new long[] {0, 0, 0, 0};
        }
        long lw = w != null ? w[i] : runW[runOf(i)];
        long lr = w != null ? r[i] : runR[runOf(i)];
        return new long[] {lw & ~Clocks.SITE_BITS, lw == 0 ? 0 : siteOf(lw), lr & ~Clocks.SITE_BITS,
                lr == 0 || lr == SHARED ? 0 : siteOf(lr)};
    }

    /** Whether this object keeps one state per location (inflated, or a single location): for tests. */
    synchronized boolean perElement() {
        return w != null;
    }

    /** Test hook: keep one state per location from now on. */
    synchronized void forcePerElement() {
        if (start == null && w == null) {
            allocate();
        }
        if (w == null) {
            inflate();
        }
    }

    private void allocate() {
        sites = new int[4];
        siteCount = 1;
        if (size == 1) {
            w = new long[1];
            r = new long[1];
            return;
        }
        start = new int[4];
        runW = new long[4];
        runR = new long[4];
        runs = 1; // one run of untouched elements, state (0, 0)
    }

    /** The run that holds element {@code i}: the last one or its successor for a loop, else a binary search. */
    private int runOf(int i) {
        int k = lastRun;
        int[] s = start;
        int n = runs;
        if (k < n && s[k] <= i) {
            if (k + 1 == n || i < s[k + 1]) {
                return k;
            }
            if (k + 2 == n || i < s[k + 2]) {
                return lastRun = k + 1;
            }
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) { // the last run whose start <= i
            int mid = (lo + hi + 1) >>> 1;
            if (s[mid] <= i) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lastRun = lo;
    }

    /**
     * Element {@code i}, in run {@code k}, takes state ({@code nw}, {@code nr}): moves a boundary when the new state is
     * a neighbour's (a loop's next element), else splits the run, inflating past {@link #MAX_RUNS}.
     */
    private void store(int k, int i, long nw, long nr) {
        int from = start[k];
        int to = k + 1 < runs ? start[k + 1] : size;
        if (from == to - 1) { // a run of one element changes state; it may now equal a neighbour
            runW[k] = nw;
            runR[k] = nr;
            if (k + 1 < runs && runW[k + 1] == nw && runR[k + 1] == nr) {
                remove(k + 1);
            }
            if (k > 0 && runW[k - 1] == nw && runR[k - 1] == nr) {
                remove(k);
                lastRun = k - 1;
            }
            return;
        }
        if (i == from && k > 0 && runW[k - 1] == nw && runR[k - 1] == nr) {
            start[k]++; // the previous run grows by this element
            lastRun = k - 1;
            return;
        }
        if (i == to - 1 && k + 1 < runs && runW[k + 1] == nw && runR[k + 1] == nr) {
            start[k + 1]--; // the next run grows down by this element
            lastRun = k + 1;
            return;
        }
        int added = i == from || i == to - 1 ? 1 : 2;
        if (runs + added > MAX_RUNS) {
            inflate();
            w[i] = nw;
            r[i] = nr;
            return;
        }
        if (i == from) { // [i] in the new state, then the rest of run k
            insert(k, i, nw, nr);
            start[k + 1] = i + 1;
            lastRun = k;
        } else if (i == to - 1) { // run k up to i, then [i]
            insert(k + 1, i, nw, nr);
            lastRun = k + 1;
        } else { // run k up to i, [i], then run k's state again from i + 1
            long ow = runW[k];
            long or = runR[k];
            insert(k + 1, i, nw, nr);
            insert(k + 2, i + 1, ow, or);
            lastRun = k + 1;
        }
    }

    private void insert(int k, int from, long sw, long sr) {
        if (runs == start.length) {
            int n = Math.min(MAX_RUNS + 2, runs * 2);
            start = Arrays.copyOf(start, n);
            runW = Arrays.copyOf(runW, n);
            runR = Arrays.copyOf(runR, n);
        }
        System.arraycopy(start, k, start, k + 1, runs - k);
        System.arraycopy(runW, k, runW, k + 1, runs - k);
        System.arraycopy(runR, k, runR, k + 1, runs - k);
        start[k] = from;
        runW[k] = sw;
        runR[k] = sr;
        runs++;
    }

    /** Removes run {@code k}: its elements join run {@code k - 1} (the caller checked that their states are equal). */
    private void remove(int k) {
        System.arraycopy(start, k + 1, start, k, runs - k - 1);
        System.arraycopy(runW, k + 1, runW, k, runs - k - 1);
        System.arraycopy(runR, k + 1, runR, k, runs - k - 1);
        runs--;
        if (lastRun >= runs) {
            lastRun = runs - 1;
        }
    }

    /** From runs to one state per element. */
    private void inflate() {
        long[] ew = new long[size];
        long[] er = new long[size];
        for (int k = 0; k < runs; k++) {
            int from = start[k];
            int to = k + 1 < runs ? start[k + 1] : size;
            Arrays.fill(ew, from, to, runW[k]);
            Arrays.fill(er, from, to, runR[k]);
        }
        w = ew;
        r = er;
        start = null;
        runW = null;
        runR = null;
        runs = 0;
        lastRun = 0;
    }

    /** The index of {@code site} in this object's table, added if new. */
    private int siteIndex(int site) {
        if (site == lastSite && lastSiteIndex != 0) {
            return lastSiteIndex;
        }
        int[] s = sites;
        int n = siteCount;
        int found = 0;
        for (int j = 1; j < n; j++) {
            if (s[j] == site) {
                found = j;
                break;
            }
        }
        if (found == 0) {
            if (n > Clocks.MAX_SITES) {
                return 0; // the table is full: states name the unknown site
            }
            if (n == s.length) {
                sites = s = Arrays.copyOf(s, n * 2);
            }
            s[n] = site;
            siteCount = n + 1;
            found = n;
        }
        lastSite = site;
        lastSiteIndex = found;
        return found;
    }

    private int siteOf(long state) {
        int j = Clocks.siteIndex(state);
        return j == 0 ? UNKNOWN_SITE : sites[j];
    }
}
