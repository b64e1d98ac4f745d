package dev.threadproof.race.rt;

import java.util.Arrays;

/**
 * Confined: one thread's vector clock. Only its own thread changes it; a thread that starts it reads its parent's
 * clock before the start, and a thread that joins it reads the clock after it ended (both ordered by the start and
 * the join themselves).
 */
final class ThreadState {
    final int tid;
    final String name;
    int[] vc;
    /** Static initializers this thread is inside: its data accesses are not checked while it is in one. */
    int initializing;
    /**
     * A small cache of the objects whose shadows this thread looked up last (round-robin), held weakly: a thread
     * (a pool's worker) must not keep the arrays of a finished test, and their shadows, alive.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    final java.lang.ref.WeakReference<Object>[] keys = new java.lang.ref.WeakReference[4];
    @SuppressWarnings({"unchecked", "rawtypes"})
    final java.lang.ref.WeakReference<Object>[] shadows = new java.lang.ref.WeakReference[4];
    int next;
    /** This thread's clock at its last release fence (its later non-plain writes release it), or null. */
    int[] fenced;
    /** The clocks its non-plain reads since its last acquire fence read (that fence acquires them), or null. */
    int[] pending;
    /** The last VarHandle this thread resolved, and its target (handles are static constants: held strongly). */
    Object lastHandle;
    Object lastTarget;

    /**
     * @param start the least clock this thread may start at: past every clock an earlier owner of the slot had
     */
    ThreadState(int tid, String name, int[] inherited, int start) {
        this.tid = tid;
        this.name = name;
        int[] v = inherited == null ? new int[tid + 1] : Arrays.copyOf(inherited, Math.max(inherited.length, tid + 1));
        v[tid] = Math.max(v[tid] + 1, start);
        this.vc = v;
    }

    /** This thread's current epoch: its id and its own clock. */
    long epoch() {
        return Clocks.epoch(tid, vc[tid]);
    }

    void tick() {
        vc[tid]++;
    }

    /** Joins {@code other} into this thread's clock (an acquire). */
    void join(int[] other) {
        if (other == null) {
            return;
        }
        if (other.length > vc.length) {
            vc = Arrays.copyOf(vc, other.length);
        }
        int[] v = vc;
        for (int i = 0; i < other.length; i++) {
            if (other[i] > v[i]) {
                v[i] = other[i];
            }
        }
    }
}
