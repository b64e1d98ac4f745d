package dev.threadproof.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/** Workers for reproducibility tests: counts 1, 2, 3, 5, 8, all, a pool of one's own, an executor. */
final class ReductionTestWorkers {
    private static final WorkerPool OWN = WorkerPool.create(3);
    private static final ForkJoinPool EXECUTOR = new ForkJoinPool(4);

    private ReductionTestWorkers() {
    }

    static List<Workers> list() {
        List<Workers> out = new ArrayList<>();
        for (int w : new int[] {1, 2, 3, 5, 8, -1}) {
            out.add(Workers.of(w));
        }
        out.add(Workers.on(OWN));
        out.add(Workers.on(EXECUTOR, 5));
        return out;
    }
}
