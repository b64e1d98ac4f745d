package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.annotations.Certifies;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * No call waits forever because other callers share its executor or pool: every API family over the
 * {@link SharingMatrix} (1..8 callers, 1..4 threads, parallelism 1..8, five executor kinds and a shared pool), each
 * result checked, each cell under a watchdog. The negative control is the admission the runtime had before
 * ({@link #brokenBlock}: a team of fixed size whose members are whatever helper tasks start, whenever they start): it
 * must hang where a team cannot fit on the executor, and the same watchdog must say so.
 */
class SharedExecutorTest {
    private static final int N = 1000;
    private static final double[] X = new Random(7).doubles(ArrayOps.BLOCK + 17).toArray(); // two blocks
    private static final long[] HISTOGRAM = reference(X, 64);
    private static final double[] Y = new Random(8).doubles(ArrayOps.BLOCK + 17).toArray();
    private static final double[] A = new Random(9).doubles(12 * 10).toArray();
    private static final double[] B = new Random(10).doubles(10 * 9).toArray();
    private static final String KERNELS = kernels(Workers.serial());

    /**
     * Every kernel of {@link ArrayOps} on shared read-only inputs, each writing only outputs of its own (the condition
     * of {@code ArrayOps}), rendered exactly: bit patterns of every result.
     */
    static String kernels(Workers w) {
        StringBuilder sb = new StringBuilder();
        double[] reads = {ArrayOps.sum(X, w), ArrayOps.dot(X, Y, w), ArrayOps.norm2(X, w), ArrayOps.mean(X, w),
            ArrayOps.variance(X, 1, w), ArrayOps.min(X, w), ArrayOps.max(X, w), ArrayOps.argmin(X, w),
            ArrayOps.argmax(X, w)};
        for (double r : reads) {
            sb.append(Long.toHexString(Double.doubleToRawLongBits(r))).append(' ');
        }
        sb.append(java.util.Arrays.toString(ArrayOps.histogram(X, 0, 1, 64, w)));
        double[] out = new double[X.length];
        ArrayOps.map(X, out, v -> v * v, w);
        ArrayOps.zip(out, Y, out, Math::max, w);
        double[] acc = Y.clone();
        ArrayOps.axpy(0.5, X, acc, w);
        ArrayOps.scale(3, acc, w);
        double[] cs = new double[X.length];
        ArrayOps.cumsum(acc, cs, w);
        double[] c = new double[12 * 9];
        ArrayOps.matmul(A, B, c, 12, 10, 9, w);
        double[] filled = new double[X.length];
        ArrayOps.fill(filled, 7, w);
        for (double[] a : new double[][] {out, acc, cs, c, filled}) {
            sb.append(' ').append(java.util.Arrays.hashCode(a));
        }
        return sb.toString();
    }

    private static long[] reference(double[] x, int bins) {
        long[] h = new long[bins];
        for (double v : x) {
            h[Math.min(bins - 1, (int) (v * bins))]++;
        }
        return h;
    }

    /** The team admission the runtime had before: a team of the size asked for, on whatever helper tasks start. */
    static void brokenBlock(Workers workers, BlockBody body) {
        CallPlan plan = CallPlan.of(workers, true, Long.MAX_VALUE, null);
        Engine.dispatch(plan, n -> new TeamJob(body, n, plan.limit)).finish();
    }

    private static void checkBlock(Workers w, boolean broken) {
        AtomicIntegerArray ids = new AtomicIntegerArray(8);
        AtomicIntegerArray hits = new AtomicIntegerArray(N);
        int[] size = new int[1];
        BlockBody body = team -> {
            ids.incrementAndGet(team.threadId());
            if (team.threadId() == 0) {
                size[0] = team.size();
            }
            team.barrier();
            team.range(N).schedule(Schedule.dynamic(16)).forEach(hits::incrementAndGet);
        };
        if (broken) {
            brokenBlock(w, body);
        } else {
            Parallel.block(w, body);
        }
        assertTrue(size[0] >= 1 && size[0] <= w.count(), "team of " + size[0] + " for " + w);
        for (int id = 0; id < 8; id++) {
            assertEquals(id < size[0] ? 1 : 0, ids.get(id), "member " + id + " of a team of " + size[0]);
        }
        for (int i = 0; i < N; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @Test
    @Certifies(type = ParallelRange.class, members = {"forEach", "forEachChunk", "sum", "reduce"})
    void rangesOnASharedExecutorOrPoolNeverWait() throws InterruptedException {
        double want = Parallel.range(N).workers(Workers.serial()).sum(i -> X[i] * i);
        long xor = java.util.stream.IntStream.range(0, N).mapToLong(i -> Double.doubleToRawLongBits(X[i]))
                .reduce(0L, (a, b) -> a ^ b);
        int cells = SharingMatrix.runAll("ranges", (w, caller) -> {
            int[] hits = new int[N];
            Parallel.range(N).workers(w).schedule(Schedule.dynamic(8)).forEach(i -> hits[i]++);
            Parallel.range(N).workers(w).schedule(Schedule.guided(4)).forEachChunk((lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    hits[i] += 2;
                }
            });
            for (int i = 0; i < N; i++) {
                assertEquals(3, hits[i], "index " + i + " on " + w + " (once by forEach, once by forEachChunk)");
            }
            assertEquals(Double.doubleToRawLongBits(want),
                    Double.doubleToRawLongBits(Parallel.range(N).workers(w).sum(i -> X[i] * i)), "sum on " + w);
            assertEquals(xor, Parallel.range(N).workers(w).reduce(LongReducer.XOR,
                    i -> Double.doubleToRawLongBits(X[i])), "reduce on " + w);
        });
        assertTrue(cells >= 400, cells + " cells");
    }

    @Test
    @Certifies(type = Parallel.class, members = {"block"})
    void blocksOnASharedExecutorOrPoolNeverWait() throws InterruptedException {
        SharingMatrix.runAll("parallel blocks", (w, caller) -> checkBlock(w, false));
    }

    /** Every kernel, from callers that share the executor or pool: the results one worker gives, bit for bit. */
    @Test
    @Certifies(type = ArrayOps.class, members = {"sum", "dot", "norm2", "mean", "variance", "min", "max", "argmin",
        "argmax", "histogram", "map", "zip", "axpy", "scale", "cumsum", "matmul", "fill"})
    void kernelsOnASharedExecutorOrPoolNeverWait() throws InterruptedException {
        assertTrue(KERNELS.contains(java.util.Arrays.toString(HISTOGRAM)), "the one-worker histogram is not NumPy's");
        SharingMatrix.runAll("kernels", (w, caller) -> assertEquals(KERNELS, kernels(w), "kernels on " + w));
    }

    /** Recursive use: a body that calls a kernel, or a parallel block, on the same executor. */
    @Test
    @Certifies(type = Team.class, members = {"range", "barrier", "threadId", "size"})
    void bodiesThatCallKernelsOnTheSameExecutorNeverWait() throws InterruptedException {
        SharingMatrix.runAll("nested calls", (w, caller) -> {
            Parallel.block(w, team -> {
                assertArrayEquals(HISTOGRAM, ArrayOps.histogram(X, 0, 1, 64, w), "histogram in a block on " + w);
                team.barrier();
            });
            Parallel.range(4).workers(w).forEach(i -> checkBlock(w, false));
        });
    }

    /**
     * The negative control: the old admission hangs in the shapes where a team does not fit (one caller, one thread,
     * three members: the third waits in the queue behind the second, which waits at the barrier for it; two callers
     * on two threads with four members each), the watchdog catches it with the stuck barrier in its dump, and the
     * same shapes finish with the admission the runtime has now.
     */
    @Test
    void theOldAdmissionHangsWhereATeamDoesNotFitAndTheWatchdogCatchesIt() throws InterruptedException {
        int[][] shapes = {{1, 1, 3}, {2, 2, 4}};
        for (int[] s : shapes) {
            String name = s[0] + " callers, " + s[1] + " threads, parallelism " + s[2];
            ExecutorService ex = Executors.newFixedThreadPool(s[1]);
            try {
                String dump = SharingMatrix.run("old admission, " + name, s[0], Workers.on(ex, s[2]),
                        (w, c) -> checkBlock(w, true), 2_000);
                assertNotNull(dump, "the old admission did not hang with " + name + ": the control cannot fail");
                assertTrue(dump.contains("TeamState.await"), "the dump does not show the stuck barrier:\n" + dump);
                assertNull(SharingMatrix.run("new admission, " + name, s[0], Workers.on(ex, s[2]),
                        (w, c) -> checkBlock(w, false), Concurrent.HANG_MILLIS), "the runtime hangs with " + name);
            } finally {
                ex.shutdownNow();
            }
        }
    }
}
