package dev.threadproof.race.rt;

import java.util.Arrays;

/**
 * Immutable: epochs (a thread id and that thread's clock in one {@code long}, FastTrack's representation of the last
 * access to a location) and the vector-clock operations on them.
 *
 * <p>Layout: bits 0-31 the clock, bits 32-47 the thread id (a clock slot: slots are reused, so this bounds the threads
 * alive at once, not the threads ever started), bits 48-61 the index of the access's code site in the table of the
 * {@link Cells} that keeps the epoch (0 in a thread's own epoch), bit 63 set for an access that is a synchronization
 * action itself (a volatile, atomic or VarHandle access in a mode other than plain). Two accesses race when neither
 * happens-before the other, at least one writes, and at least one is not a synchronization action. The value 0 is
 * "no access" (clock 0 is before every thread's first clock, 1).
 */
final class Clocks {
    static final long ATOMIC = 1L << 63;
    /** The most clock slots: thread ids are 16 bits. */
    static final int MAX_TID = 0xFFFF;
    private static final int SITE_SHIFT = 48;
    /** The most sites one {@link Cells} table numbers (index 0 is "none"). */
    static final int MAX_SITES = (1 << 14) - 1;
    /** The bits of an epoch that hold a site index. */
    static final long SITE_BITS = (long) MAX_SITES << SITE_SHIFT;

    private Clocks() {
    }

    static long epoch(int tid, int clock) {
        return ((long) tid << 32) | (clock & 0xFFFF_FFFFL);
    }

    static int tid(long epoch) {
        return (int) ((epoch >>> 32) & MAX_TID);
    }

    /** {@code epoch} naming site index {@code index} (0 to {@link #MAX_SITES}). */
    static long withSite(long epoch, int index) {
        return epoch | ((long) index << SITE_SHIFT);
    }

    static int siteIndex(long epoch) {
        return (int) ((epoch & SITE_BITS) >>> SITE_SHIFT);
    }

    static int clock(long epoch) {
        return (int) epoch;
    }

    static boolean atomic(long epoch) {
        return epoch < 0;
    }

    /** Whether the access {@code epoch} happens-before the present of a thread whose clock is {@code vc}. */
    static boolean happensBefore(long epoch, int[] vc) {
        int c = clock(epoch);
        if (c == 0) {
            return true;
        }
        int t = tid(epoch);
        return t < vc.length && c <= vc[t];
    }

    /** {@code into} joined with {@code from}, reusing {@code into} when it is long enough. */
    static int[] join(int[] into, int[] from) {
        if (into == null) {
            return from.clone();
        }
        if (into.length < from.length) {
            into = Arrays.copyOf(into, from.length);
        }
        for (int i = 0; i < from.length; i++) {
            if (from[i] > into[i]) {
                into[i] = from[i];
            }
        }
        return into;
    }
}
