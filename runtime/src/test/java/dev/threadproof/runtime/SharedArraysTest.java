package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.annotations.Certifies;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Shared arrays: no lost updates under contention, linearizable returns, bit-pattern CAS, bad input. */
class SharedArraysTest {
    private static final int THREADS = 4;
    private static final int ADDS = 50_000;

    @Test
    void doubleAddsAreNeverLostAndEachPreviousValueIsSeenOnce() throws InterruptedException {
        SharedDoubleArray a = new SharedDoubleArray(3);
        // Adding 1.0 keeps every value an exact integer, so each getAndAdd returns a distinct previous count.
        AtomicIntegerArray seen = new AtomicIntegerArray(THREADS * ADDS);
        Concurrent.runThreads(THREADS, t -> {
            for (int k = 0; k < ADDS; k++) {
                int prev = (int) a.getAndAdd(1, 1.0);
                seen.incrementAndGet(prev);
                a.addAndGet(0, 0.5);
                a.accumulateAndGet(2, t * ADDS + k, Math::max);
            }
        });
        assertEquals(THREADS * ADDS, a.get(1), "lost updates");
        assertEquals(THREADS * ADDS * 0.5, a.get(0), "lost updates in addAndGet");
        assertEquals(THREADS * ADDS - 1.0, a.get(2), "accumulateAndGet lost the maximum");
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "previous value " + i + " returned " + seen.get(i) + " times");
        }
    }

    @Test
    void longAddsAreNeverLost() throws InterruptedException {
        SharedLongArray a = new SharedLongArray(2);
        AtomicIntegerArray seen = new AtomicIntegerArray(THREADS * ADDS);
        Concurrent.runThreads(THREADS, t -> {
            for (int k = 0; k < ADDS; k++) {
                seen.incrementAndGet((int) a.getAndAdd(0, 1));
                a.accumulateAndGet(1, 3, Long::sum);
            }
        });
        assertEquals((long) THREADS * ADDS, a.get(0));
        assertEquals(3L * THREADS * ADDS, a.get(1));
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "previous value " + i);
        }
    }

    /** A slot that can be read and compared-and-set; the increments below are built from these two. */
    interface CasSlot {
        double get();

        boolean compareAndSet(double expect, double update);
    }

    /** Increments the slot from THREADS threads with get/compareAndSet loops; returns the final value. */
    private static double casIncrements(CasSlot slot, int per) throws InterruptedException {
        Concurrent.runThreads(THREADS, t -> {
            for (int k = 0; k < per; k++) {
                double v;
                do {
                    v = slot.get();
                } while (!slot.compareAndSet(v, v + 1));
            }
        });
        return slot.get();
    }

    /**
     * Increments built from get and compareAndSet lose nothing: a compareAndSet that read, then wrote, would let two
     * threads succeed from the same value (the split read-modify-write that mutation testing plants).
     */
    @Test
    void compareAndSetLoopsLoseNoIncrement() throws InterruptedException {
        int per = ADDS / 5;
        SharedLongArray longs = new SharedLongArray(1);
        assertEquals((double) THREADS * per, casIncrements(new CasSlot() {
            @Override
            public double get() {
                return longs.get(0);
            }

            @Override
            public boolean compareAndSet(double expect, double update) {
                return longs.compareAndSet(0, (long) expect, (long) update);
            }
        }, per));
        SharedDoubleArray doubles = new SharedDoubleArray(1);
        assertEquals((double) THREADS * per, casIncrements(new CasSlot() {
            @Override
            public double get() {
                return doubles.get(0);
            }

            @Override
            public boolean compareAndSet(double expect, double update) {
                return doubles.compareAndSet(0, expect, update);
            }
        }, per));
    }

    /** The negative control: the same loops on a compareAndSet split into a read, a yield and a write lose some. */
    @Test
    void brokenSplitCompareAndSetLosesIncrementsUnderTheSameLoops() throws InterruptedException {
        int per = ADDS / 5;
        AtomicLong racy = new AtomicLong();
        double total = casIncrements(new CasSlot() {
            @Override
            public double get() {
                return racy.get();
            }

            @Override
            public boolean compareAndSet(double expect, double update) {
                if (racy.get() != (long) expect) {
                    return false;
                }
                Thread.yield(); // as MutantRaces does: the window between the read and the write
                racy.set((long) update);
                return true;
            }
        }, per);
        assertTrue(total < (double) THREADS * per, "the broken twin lost no increment: " + total);
    }

    @Test
    void scatterAddFromParallelBodies() {
        int n = 1_000_000;
        int bins = 10;
        SharedLongArray counts = new SharedLongArray(bins);
        SharedDoubleArray weights = new SharedDoubleArray(bins);
        Parallel.range(n).workers(-1).schedule(Schedule.dynamic(1000)).forEach(i -> {
            counts.addAndGet(i % bins, 1);
            weights.addAndGet(i % bins, 0.25);
        });
        for (int b = 0; b < bins; b++) {
            assertEquals(n / bins, counts.get(b));
            assertEquals(n / bins * 0.25, weights.get(b));
        }
        assertArrayEquals(weights.snapshot(), new SharedDoubleArray(weights.snapshot()).snapshot());
    }

    @Test
    void neighbouringElementsAreIndependent() throws InterruptedException {
        SharedLongArray a = new SharedLongArray(64);
        Concurrent.runThreads(THREADS, t -> {
            for (int k = 0; k < ADDS; k++) {
                a.addAndGet(t, 1);          // each thread its own element, adjacent in memory
                a.set(32 + t, k);
            }
        });
        for (int t = 0; t < THREADS; t++) {
            assertEquals(ADDS, a.get(t));
            assertEquals(ADDS - 1, a.get(32 + t));
        }
    }

    @Test
    void compareAndSetComparesBitPatterns() {
        SharedDoubleArray a = new SharedDoubleArray(new double[] {0.0, Double.NaN, -0.0});
        assertFalse(a.compareAndSet(0, -0.0, 1), "-0.0 must not match +0.0");
        assertTrue(a.compareAndSet(0, 0.0, 1));
        assertTrue(a.compareAndSet(1, Double.NaN, 2), "the canonical NaN matches itself");
        assertFalse(a.compareAndSet(2, 0.0, 3), "+0.0 must not match -0.0");
        assertTrue(a.compareAndSet(2, -0.0, 3));
        assertArrayEquals(new double[] {1, 2, 3}, a.snapshot());
        double odd = Double.longBitsToDouble(0x7ff8000000000001L);
        a.set(0, odd);
        assertFalse(a.compareAndSet(0, Double.NaN, 4), "a NaN with other bits is another value");
        assertEquals(odd, a.getAndSet(0, 5));
        assertEquals(5.0, a.get(0));
        SharedLongArray l = new SharedLongArray(new long[] {7});
        assertFalse(l.compareAndSet(0, 6, 1));
        assertTrue(l.compareAndSet(0, 7, 1));
        assertEquals(1, l.getAndSet(0, 9));
        assertEquals("[9]", l.toString());
    }

    @Test
    @Certifies(type = SharedDoubleArray.class, members = {"<init>", "toString", "length", "snapshot"})
    void doubleArraysAreBuiltAndRenderedWhileOthersUpdateThem() throws InterruptedException {
        SharedDoubleArray shared = new SharedDoubleArray(new double[] {0, 0, 0});
        Concurrent.runThreads(THREADS, t -> {
            for (int k = 0; k < 2000; k++) {
                SharedDoubleArray own = new SharedDoubleArray(new double[] {t, k});
                assertEquals("[" + (double) t + ", " + (double) k + "]", own.toString());
                shared.addAndGet(k % 3, 1.0);
                double[] s = shared.snapshot();
                assertEquals(3, s.length);
                assertEquals(3, shared.length());
                String text = shared.toString();
                assertTrue(text.startsWith("[") && text.endsWith("]"), text);
            }
        });
        assertEquals(THREADS * 2000.0, shared.get(0) + shared.get(1) + shared.get(2));
    }

    @Test
    @Certifies(type = SharedLongArray.class, members = {"<init>", "toString", "length", "snapshot"})
    void longArraysAreBuiltAndRenderedWhileOthersUpdateThem() throws InterruptedException {
        SharedLongArray shared = new SharedLongArray(3);
        Concurrent.runThreads(THREADS, t -> {
            for (int k = 0; k < 2000; k++) {
                SharedLongArray own = new SharedLongArray(new long[] {t, k});
                assertEquals("[" + t + ", " + k + "]", own.toString());
                shared.addAndGet(k % 3, 1);
                long[] s = shared.snapshot();
                assertEquals(3, s.length);
                assertEquals(3, shared.length());
                assertTrue(shared.toString().startsWith("["));
            }
        });
        assertEquals(THREADS * 2000L, shared.get(0) + shared.get(1) + shared.get(2));
    }

    @Test
    void badInputIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SharedDoubleArray(-1)).getMessage()
                .contains("length"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SharedLongArray(-1)).getMessage()
                .contains("length"));
        assertTrue(assertThrows(NullPointerException.class, () -> new SharedDoubleArray(null)).getMessage()
                .contains("values"));
        SharedDoubleArray a = new SharedDoubleArray(2);
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> a.get(2));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> a.addAndGet(-1, 1));
        assertTrue(assertThrows(NullPointerException.class, () -> a.accumulateAndGet(0, 1, null)).getMessage()
                .contains("f"));
        assertEquals(2, a.length());
    }
}
