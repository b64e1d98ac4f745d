package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The iteration count and the indices of a range, including ranges at the ends of the int domain. */
class RangeCountTest {
    private static final int MIN = Integer.MIN_VALUE;
    private static final int MAX = Integer.MAX_VALUE;

    /** Reference count from exact integer arithmetic: ceil((stop - start) / step) if positive, else 0. */
    private static long reference(int start, int stop, int step) {
        BigInteger span = BigInteger.valueOf(stop).subtract(BigInteger.valueOf(start));
        BigInteger s = BigInteger.valueOf(step);
        if (span.signum() != s.signum() || span.signum() == 0) {
            return 0;
        }
        BigInteger[] qr = span.abs().divideAndRemainder(s.abs());
        return qr[0].add(qr[1].signum() == 0 ? BigInteger.ZERO : BigInteger.ONE).longValueExact();
    }

    @Test
    void countMatchesExactArithmeticOnEdgeTriples() {
        int[] values = {MIN, MIN + 1, MIN + 2, -1000, -7, -1, 0, 1, 7, 1000, MAX - 2, MAX - 1, MAX};
        int[] steps = {MIN, MIN + 1, -(1 << 30), -1000, -3, -1, 1, 2, 3, 1000, 1 << 30, MAX - 1, MAX};
        for (int start : values) {
            for (int stop : values) {
                for (int step : steps) {
                    assertEquals(reference(start, stop, step), Parallel.range(start, stop, step).size(),
                            () -> "range(" + start + ", " + stop + ", " + step + ")");
                }
            }
        }
        assertEquals(0xFFFF_FFFFL, Parallel.range(MIN, MAX).size());
        assertEquals(0xFFFF_FFFFL, Parallel.range(MAX, MIN, -1).size());
        assertEquals(0, Parallel.range(-5).size());
    }

    /** The indices visited, by a plain long loop: the sequential definition. */
    private static List<Integer> expectedIndices(int start, int stop, int step) {
        List<Integer> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add((int) i);
        }
        return out;
    }

    @Test
    void indicesNearTheEndsOfTheIntDomainAreExact() {
        int[][] triples = {
            {MAX - 5, MAX, 1}, {MIN, MIN + 5, 1}, {MIN, MAX, 1 << 30}, {MAX, MIN, -(1 << 30)},
            {MAX, MAX - 7, -2}, {MIN + 3, MIN, -1}, {MIN, MAX, MAX}, {MAX, MIN, MIN}, {-3, 4, 3}, {4, -3, -3},
        };
        for (int[] t : triples) {
            for (Schedule s : new Schedule[] {Schedule.STATIC, Schedule.dynamic(1), Schedule.guided(1)}) {
                ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
                Parallel.range(t[0], t[1], t[2]).workers(3).schedule(s).forEach(seen::add);
                List<Integer> got = new ArrayList<>(seen);
                got.sort(null);
                List<Integer> want = expectedIndices(t[0], t[1], t[2]);
                want.sort(null);
                assertEquals(want, got, "range(" + t[0] + ", " + t[1] + ", " + t[2] + ") with " + s);
            }
        }
    }

    @Test
    void chunksOfTheWholeIntDomainCoverItExactly() {
        AtomicLong total = new AtomicLong();
        AtomicLong minLo = new AtomicLong(Long.MAX_VALUE);
        AtomicLong maxHi = new AtomicLong(Long.MIN_VALUE);
        Parallel.range(MIN, MAX).workers(2).schedule(Schedule.dynamic(1 << 26)).forEachChunk((lo, hi) -> {
            total.addAndGet((long) hi - lo);
            minLo.accumulateAndGet(lo, Math::min);
            maxHi.accumulateAndGet(hi, Math::max);
        });
        assertEquals(0xFFFF_FFFFL, total.get());
        assertEquals(MIN, minLo.get());
        assertEquals(MAX, maxHi.get());
    }

    @Test
    void chunkBoundsOfANegativeStepStayInsideTheRange() {
        ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
        Parallel.range(20, -3, -4).workers(2).schedule(Schedule.staticChunks(2)).forEachChunk((lo, hi) -> {
            assertTrue(hi >= -3, "hi passed stop");
            for (int i = lo; i > hi; i -= 4) {
                seen.add(i);
            }
        });
        List<Integer> got = new ArrayList<>(seen);
        got.sort(null);
        List<Integer> want = expectedIndices(20, -3, -4);
        want.sort(null);
        assertEquals(want, got);
    }

    /**
     * The loop {@link ChunkBody}'s Javadoc gives for a stepped range visits exactly the chunk's indices, and ends, even
     * where the index one step past the last wraps around the int domain (the old int loop never ended on the first
     * triple). The step-1 loop is checked on the ranges that end at MAX_VALUE.
     */
    @Test
    void theDocumentedChunkLoopVisitsEveryIndexOnceAndEndsAtTheEdgesOfTheIntDomain() {
        int[][] triples = {
            {MAX - 10, MAX, 3}, {MIN + 10, MIN, -3}, {MAX - 1, MAX, 7}, {MIN, MAX, MAX}, {MAX, MIN, MIN},
            {0, MAX, 1 << 30}, {MAX - 5, MAX, 1}, {MIN, MIN + 5, 1}, {20, -3, -4},
        };
        for (int[] t : triples) {
            int step = t[2];
            long expected = expectedIndices(t[0], t[1], step).size();
            for (Schedule s : new Schedule[] {Schedule.STATIC, Schedule.staticChunks(1), Schedule.dynamic(2)}) {
                ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
                Parallel.range(t[0], t[1], step).workers(2).schedule(s).forEachChunk((lo, hi) -> {
                    long visits = 0;
                    if (step == 1) {
                        for (int i = lo; i < hi; i++) {
                            seen.add(i);
                            assertTrue(++visits <= expected, "the step-1 loop does not end");
                        }
                    } else {
                        for (long i = lo; step > 0 ? i < hi : i > hi; i += step) {
                            seen.add((int) i);
                            assertTrue(++visits <= expected, "the documented loop does not end");
                        }
                    }
                });
                List<Integer> got = new ArrayList<>(seen);
                got.sort(null);
                List<Integer> want = expectedIndices(t[0], t[1], step);
                want.sort(null);
                assertEquals(want, got, "range(" + t[0] + ", " + t[1] + ", " + step + ") with " + s);
            }
        }
    }

    @Test
    void stepZeroIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.range(0, 10, 0));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
    }
}
