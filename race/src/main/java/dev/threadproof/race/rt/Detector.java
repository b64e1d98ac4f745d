package dev.threadproof.race.rt;

import dev.threadproof.race.RaceReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe: the detector's state: each thread's vector clock, the shadow cells of every object, array and static
 * field the instrumented code touched, the clocks of synchronizers, and the races found. Every method is called from
 * {@link RaceRt} by the thread that made the access or the synchronization.
 */
final class Detector {
    static final int CHUNK_SHIFT = 10;
    static final int CHUNK = 1 << CHUNK_SHIFT;

    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>();
    private static final WeakIdentityMap<ThreadState> BY_THREAD = new WeakIdentityMap<>();
    private static final AtomicInteger NEXT_TID = new AtomicInteger();
    private static volatile String[] names = new String[64];

    private static final WeakIdentityMap<Object> SHADOWS = new WeakIdentityMap<>();
    private static final WeakIdentityMap<int[][]> SYNC = new WeakIdentityMap<>();
    private static final WeakIdentityMap<Object> ALIASES = new WeakIdentityMap<>();
    private static volatile Cells[] statics = new Cells[256];

    private static final Set<Long> SEEN_PAIRS = new HashSet<>();
    private static final List<RaceReport> REPORTS = new ArrayList<>();

    private Detector() {
    }

    // ---- threads

    static ThreadState current() {
        ThreadState s = CURRENT.get();
        if (s == null) {
            Thread th = Thread.currentThread();
            s = BY_THREAD.get(th);
            if (s == null) {
                s = newState(th, null);
                BY_THREAD.put(th, s);
            }
            CURRENT.set(s);
        }
        return s;
    }

    /**
     * Clock entries (slots) are reused once this many exist: a new thread takes the slot of a thread that has ended,
     * so vector clocks stay as long as the most threads alive at once (plus this) instead of every thread the JVM
     * ever ran (a test suite starts thousands). The new owner's clock continues past the ended thread's, so the
     * slot's old accesses look ordered before the new owner's: a race between an ended thread and the one that took
     * its slot is not reported (ThreadSanitizer makes the same trade).
     */
    static final int REUSE_FROM = 64;
    private static java.lang.ref.WeakReference<?>[] owners = new java.lang.ref.WeakReference<?>[64];
    private static ThreadState[] slotStates = new ThreadState[64];
    private static int slots;
    private static int scan;

    private static ThreadState newState(Thread owner, int[] inherited) {
        int tid = -1;
        int start = 1;
        synchronized (Detector.class) {
            if (slots >= REUSE_FROM) {
                for (int k = 0; k < slots && tid < 0; k++) {
                    int i = (scan + k) % slots;
                    Object o = owners[i].get();
                    if (o == null || ((Thread) o).getState() == Thread.State.TERMINATED) {
                        tid = i;
                        scan = i + 1;
                        ThreadState old = slotStates[i];
                        start = old.vc[i] + 1;
                    }
                }
            }
            if (tid < 0) {
                if (slots > Clocks.MAX_TID) {
                    throw new IllegalStateException("threadproof-race: more than " + (Clocks.MAX_TID + 1)
                            + " threads alive at once; the detector's epochs hold 16-bit thread slots");
                }
                tid = slots++;
                if (tid == owners.length) {
                    owners = Arrays.copyOf(owners, tid * 2);
                    slotStates = Arrays.copyOf(slotStates, tid * 2);
                }
            }
            if (tid >= names.length) {
                names = Arrays.copyOf(names, Math.max(tid + 1, names.length * 2));
            }
            names[tid] = owner.getName();
            owners[tid] = new java.lang.ref.WeakReference<>(owner);
            ThreadState s = new ThreadState(tid, owner.getName(), inherited, start);
            slotStates[tid] = s;
            NEXT_TID.incrementAndGet();
            return s;
        }
    }

    /** How many threads the detector has given a clock entry so far (slots are reused: see {@link #REUSE_FROM}). */
    static int threadsSeen() {
        return NEXT_TID.get();
    }

    /** How many clock entries exist: the length the vector clocks grow to. */
    static synchronized int slots() {
        return slots;
    }

    static synchronized String threadName(int tid) {
        String[] n = names;
        return tid < n.length && n[tid] != null ? n[tid] : "thread #" + tid;
    }

    /** Thread.start: the child's clock starts from the parent's (JLS 17.4.5: start() happens-before the child). */
    static void started(Thread child) {
        ThreadState parent = current();
        ThreadState s = newState(child, parent.vc);
        BY_THREAD.put(child, s);
        parent.tick();
    }

    /** A join, or isAlive() returning false: the ended thread's last clock (JLS 17.4.5). */
    static void ended(Thread child) {
        if (child.isAlive()) {
            return;
        }
        ThreadState s = BY_THREAD.get(child);
        if (s != null) {
            current().join(s.vc);
        }
    }

    // ---- synchronization on objects

    /** The object whose clock a synchronizer's actions use (a read or write lock's own lock, a condition's lock). */
    static Object canonical(Object o) {
        Object a = ALIASES.get(o);
        return a == null ? o : a;
    }

    static void alias(Object from, Object to) {
        if (from != null && to != null && from != to) {
            ALIASES.put(from, canonical(to));
        }
    }

    /** A release into {@code o}'s clock: the thread's clock so far is joined into it, then the thread ticks. */
    static void release(Object o) {
        if (o == null) {
            return;
        }
        ThreadState t = current();
        int[][] holder = SYNC.computeIfAbsent(canonical(o), k -> new int[1][]);
        synchronized (holder) {
            holder[0] = Clocks.join(holder[0], t.vc);
        }
        t.tick();
    }

    /** An acquire of {@code o}'s clock. */
    static void acquire(Object o) {
        if (o == null) {
            return;
        }
        int[][] holder = SYNC.get(canonical(o));
        if (holder != null) {
            ThreadState t = current();
            synchronized (holder) {
                t.join(holder[0]);
            }
        }
    }

    // ---- shadow cells

    /** The shadow of {@code o}, from the thread's cache or the map (made on first use). */
    private static Object shadow(ThreadState t, Object o, boolean array) {
        java.lang.ref.WeakReference<Object>[] keys = t.keys;
        for (int i = 0; i < keys.length; i++) {
            java.lang.ref.WeakReference<Object> k = keys[i];
            if (k != null && k.get() == o) {
                Object s = t.shadows[i].get();
                if (s != null) {
                    return s;
                }
            }
        }
        Object found = SHADOWS.computeIfAbsent(o, k -> array ? new ArrayShadow(java.lang.reflect.Array.getLength(k))
                : new ObjectShadow());
        int slot = t.next;
        t.next = (slot + 1) & (keys.length - 1);
        keys[slot] = new java.lang.ref.WeakReference<>(o);
        t.shadows[slot] = new java.lang.ref.WeakReference<>(found);
        return found;
    }

    static Cells fieldCells(ThreadState t, Object o, int field) {
        Object s = shadow(t, o, false);
        return s instanceof ObjectShadow ? ((ObjectShadow) s).cells(field) : null;
    }

    static ArrayShadow arrayShadow(ThreadState t, Object array) {
        Object s = shadow(t, array, true);
        return s instanceof ArrayShadow ? (ArrayShadow) s : null;
    }

    static Cells staticCells(int field) {
        Cells[] s = statics;
        if (field < s.length && s[field] != null) {
            return s[field];
        }
        synchronized (Detector.class) {
            s = statics;
            if (field >= s.length) {
                s = Arrays.copyOf(s, Math.max(field + 1, s.length * 2));
            }
            if (s[field] == null) {
                s[field] = new Cells(1);
            }
            statics = s;
            return s[field];
        }
    }

    // ---- reports

    static void race(Object base, int field, int index, long previous, int previousSite, boolean previousWrite,
            ThreadState t, boolean write, boolean atomic, int site) {
        long key = Math.min(previousSite, site) * 0x1_0000_0000L + Math.max(previousSite, site);
        synchronized (REPORTS) {
            if (!SEEN_PAIRS.add(key)) {
                return;
            }
        }
        String location;
        if (field >= 0) {
            String name = Registry.fieldName(field);
            location = (base instanceof Class ? "static field " : "field ") + name
                    + (base instanceof Class ? "" : " of " + identity(base));
        } else {
            location = "element [" + index + "] of " + identity(base);
        }
        RaceReport.Access before = new RaceReport.Access(threadName(Clocks.tid(previous)),
                kind(previousWrite, Clocks.atomic(previous)), Registry.site(previousSite),
                Registry.firstStack(previousSite), true);
        RaceReport.Access now = new RaceReport.Access(t.name, kind(write, atomic), Registry.site(site),
                Registry.trim(new Throwable().getStackTrace()), false);
        RaceReport report = new RaceReport(location, before, now);
        synchronized (REPORTS) {
            REPORTS.add(report);
        }
        RaceRt.announce(report);
    }

    private static String kind(boolean write, boolean atomic) {
        return (atomic ? "atomic " : "") + (write ? "write" : "read");
    }

    static String identity(Object o) {
        String type = o.getClass().isArray() ? o.getClass().getComponentType().getSimpleName() + "[" 
                + java.lang.reflect.Array.getLength(o) + "]" : o.getClass().getName();
        return type + "@" + Integer.toHexString(System.identityHashCode(o));
    }

    /** Forgets which pairs of lines were reported: the next race on any of them is reported again. */
    static void forgetReported() {
        synchronized (REPORTS) {
            SEEN_PAIRS.clear();
        }
    }

    static List<RaceReport> reports(int from) {
        synchronized (REPORTS) {
            return new ArrayList<>(REPORTS.subList(Math.min(from, REPORTS.size()), REPORTS.size()));
        }
    }

    static int reportCount() {
        synchronized (REPORTS) {
            return REPORTS.size();
        }
    }

    /** The shadow of an object's instance fields: a few fields, looked up by id. */
    static final class ObjectShadow {
        private int[] ids = new int[2];
        private Cells[] cells = new Cells[2];
        private int n;

        synchronized Cells cells(int field) {
            for (int i = 0; i < n; i++) {
                if (ids[i] == field) {
                    return cells[i];
                }
            }
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
                cells = Arrays.copyOf(cells, n * 2);
            }
            ids[n] = field;
            Cells c = new Cells(1);
            cells[n++] = c;
            return c;
        }
    }

    /**
     * The shadow of an array: chunks of {@link #CHUNK} elements, each made when one of its elements is first
     * accessed, so an array costs shadow memory only for the parts that were touched (a few runs per chunk that loops
     * touched in order, at most 16 bytes per element: see {@link Cells}).
     */
    static final class ArrayShadow {
        private final Cells[] chunks;

        ArrayShadow(int length) {
            chunks = new Cells[(length + CHUNK - 1) >>> CHUNK_SHIFT];
        }

        Cells chunk(int index) {
            int c = index >>> CHUNK_SHIFT;
            if (c >= chunks.length || index < 0) {
                return null; // the access itself throws ArrayIndexOutOfBoundsException
            }
            Cells seen = chunks[c]; // a racy read is safe: Cells keeps its state under its own monitor
            if (seen != null) {
                return seen;
            }
            synchronized (this) {
                Cells cells = chunks[c];
                if (cells == null) {
                    cells = new Cells(CHUNK);
                    chunks[c] = cells;
                }
                return cells;
            }
        }
    }
}
