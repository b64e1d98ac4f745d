package dev.threadproof.runtime;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Run in a child JVM by {@link AllocationTest}: prints, for every reduction, the bytes one call allocated on a long
 * input and on a short one ({@code name long short}), each the least of five calls. Every call runs serially in the
 * calling thread ({@code Workers.serial()}, one worker with the static schedule), so HotSpot's per-thread allocation
 * counter sees all of it. A child JVM, so that no agent of the test JVM (the race detector keeps shadow state per array
 * element it sees read) is counted.
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static double sink;

    /** One reduction over an input of {@code n} elements or iterations. */
    interface Call {
        double run(int n);
    }

    private static long allocatedBy(Call call, int n) {
        long id = Thread.currentThread().getId();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) { // the least of 5: class loading and the first calls' set-up
            long before = MX.getThreadAllocatedBytes(id);
            sink += call.run(n);
            best = Math.min(best, MX.getThreadAllocatedBytes(id) - before);
        }
        return best;
    }

    public static void main(String[] args) {
        // Arrays: 1024 blocks against 16. A buffer per block (8 doubles for sum and dot, an array for variance, four
        // doubles for the scaled norm2) is 32-80 KB more on the long input.
        int longArray = 1024 * ArrayOps.BLOCK;
        int shortArray = 16 * ArrayOps.BLOCK;
        Random r = new Random(29);
        double[] x = new double[longArray];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() * 2 - 1;
        }
        double[] scaled = x.clone();
        scaled[0] = 1e300; // norm2's scaled pass
        double[] scaledShort = java.util.Arrays.copyOf(scaled, shortArray);
        double[] xShort = java.util.Arrays.copyOf(x, shortArray);
        Workers one = Workers.serial();
        Map<String, Call> arrays = new LinkedHashMap<>();
        arrays.put("ArrayOps.sum", n -> ArrayOps.sum(n == longArray ? x : xShort, one));
        arrays.put("ArrayOps.dot", n -> n == longArray ? ArrayOps.dot(x, x, one) : ArrayOps.dot(xShort, xShort, one));
        arrays.put("ArrayOps.norm2", n -> ArrayOps.norm2(n == longArray ? x : xShort, one));
        arrays.put("ArrayOps.norm2(scaled)", n -> ArrayOps.norm2(n == longArray ? scaled : scaledShort, one));
        arrays.put("ArrayOps.variance", n -> ArrayOps.variance(n == longArray ? x : xShort, 1, one));
        for (Map.Entry<String, Call> e : arrays.entrySet()) {
            System.out.println(e.getKey() + " " + allocatedBy(e.getValue(), longArray) + " "
                    + allocatedBy(e.getValue(), shortArray));
        }
        // Ranges: 2^24 iterations are 4096 blocks, 2^20 are 256. A buffer per block is 260 KB more for the sum (8
        // accumulators and a double-double per block) and 30 KB more for reduce(double) and reduce(long).
        java.util.function.IntToDoubleFunction f = i -> (i & 1023) * 0.5;
        Map<String, Call> ranges = new LinkedHashMap<>();
        ranges.put("ParallelRange.sum", n -> Parallel.range(n).workers(1).sum(f));
        ranges.put("ParallelRange.reduce(double)", n -> Parallel.range(n).workers(1).reduce(DoubleReducer.SUM, f));
        ranges.put("ParallelRange.reduce(long)", n -> Parallel.range(n).workers(1).reduce(LongReducer.SUM, i -> i));
        // One claim per block (dynamic(1), staticChunks(1)): a node per block would be 4096 against 256 nodes; the
        // tree recycles what its merges drop.
        Schedule one1 = Schedule.dynamic(1);
        ranges.put("ParallelRange.sum(dynamic(1))", n -> Parallel.range(n).workers(1).schedule(one1).sum(f));
        ranges.put("ParallelRange.reduce(double, dynamic(1))", n -> Parallel.range(n).workers(1).schedule(one1)
                .reduce(DoubleReducer.MAX, f));
        ranges.put("ParallelRange.reduce(long, dynamic(1))", n -> Parallel.range(n).workers(1).schedule(one1)
                .reduce(LongReducer.SUM, i -> i));
        ranges.put("TeamRange.sum(staticChunks(1))", n -> {
            double[] got = new double[1];
            Parallel.block(Workers.serial(), team -> got[0] = team.range(n).schedule(Schedule.staticChunks(1)).sum(f));
            return got[0];
        });
        for (Map.Entry<String, Call> e : ranges.entrySet()) {
            System.out.println(e.getKey() + " " + allocatedBy(e.getValue(), 1 << 24) + " "
                    + allocatedBy(e.getValue(), 1 << 20));
        }
        System.out.println("sink " + (sink != 0));
    }
}
