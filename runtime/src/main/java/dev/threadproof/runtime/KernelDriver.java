package dev.threadproof.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one driver of {@link ArrayOps}'s kernels: how an array is cut into blocks, when a kernel runs serially in the
 * caller, how blocks are claimed, per-member scratch, and row blocks. Every kernel reaches threads through it, and only
 * through it.
 *
 * <p>Blocks are {@link #BLOCK} elements (a function of the length only, so reductions are reproducible). A kernel given
 * no workers runs serially below its threshold ({@link #PARALLEL_MIN}, or {@link #PARALLEL_MIN_MAP} for {@code map} and
 * {@code zip}); given workers, it always uses them.
 */
final class KernelDriver {
    /** Elements per block of a kernel (and per reproducible reduction block). */
    static final int BLOCK = Reductions.ARRAY_BLOCK;

    /** The length from which memory-bound kernels use threads when no workers are given. */
    static final int PARALLEL_MIN = 1 << 15;

    /** The length from which {@code map} and {@code zip} use threads when no workers are given. */
    static final int PARALLEL_MIN_MAP = 1 << 13;

    private KernelDriver() {
    }

    /** The blocks of an array of length {@code n}, as a range over block indices: serial below the threshold. */
    static ParallelRange blocks(int n, Workers w, int threshold) {
        int nb = Reductions.blockCount(n, BLOCK);
        return ParallelRange.over(nb, w, w != null || n >= threshold).schedule(blockSchedule(nb));
    }

    /**
     * Blocks are claimed in chunks of up to 16 (64 Ki elements), not split into one fixed share per worker: a worker
     * whose core is slowed down (by another process, or by a host that shares the core) then does fewer blocks instead
     * of holding the whole call back. There are at least 64 chunks when there are 64 blocks or more. Results do not
     * depend on it: every block's result is kept by block index.
     */
    static Schedule blockSchedule(int nb) {
        return Schedule.dynamic(Math.max(1, Math.min(16, nb / 64)));
    }

    /** The first index of block {@code b}. */
    static int from(int b) {
        return b * BLOCK;
    }

    /** The end (exclusive) of block {@code b} of an array of length {@code n}. */
    static int to(int b, int n) {
        return (int) Math.min((long) b * BLOCK + BLOCK, n);
    }

    /** A kernel's work on the elements {@code [from, to)} with the scratch of the team member that runs it. */
    interface ScratchBlocks<S> {
        void run(S scratch, int from, int to);
    }

    /**
     * Runs {@code body} over the array's blocks with one scratch object per team member, made by {@code scratch} on the
     * member's own thread, and returns the scratch of every member that ran. Serial in the caller, on one scratch over
     * the whole array, when no workers are given and {@code n} is below {@code threshold}.
     */
    static <S> List<S> perMember(int n, Workers workers, int threshold, Supplier<S> scratch, ScratchBlocks<S> body) {
        if (workers == null && n < threshold) {
            S s = scratch.get();
            body.run(s, 0, n);
            return List.of(s);
        }
        Workers w = CallPlan.workersFor(workers); // resolved once: the block below is planned with the same workers
        int nb = Reductions.blockCount(n, BLOCK);
        Object[] members = new Object[w.count()];
        Parallel.block(w, team -> {
            S s = scratch.get();
            team.range(nb).schedule(blockSchedule(nb)).forEach(b -> body.run(s, from(b), to(b, n)));
            members[team.threadId()] = s;
        });
        List<S> out = new ArrayList<>(members.length);
        for (Object s : members) {
            if (s != null) {
                @SuppressWarnings("unchecked")
                S typed = (S) s;
                out.add(typed);
            }
        }
        return out;
    }

    /** A kernel's work on chunk {@code c} of its blocks with the scratch of the team member that runs it. */
    interface ScratchChunks<S> {
        void run(S scratch, int chunk);
    }

    /**
     * Runs {@code body} once for every chunk in {@code [0, chunks)} with one scratch object per team member, made by
     * {@code scratch} on the member's own thread; chunks are claimed one at a time in increasing order. Serial in the
     * caller, in chunk order on one scratch, when no workers are given and {@code n} is below {@code threshold}.
     */
    static <S> void perMemberChunks(int n, int chunks, Workers workers, int threshold, Supplier<S> scratch,
                                    ScratchChunks<S> body) {
        if (workers == null && n < threshold) {
            S s = scratch.get();
            for (int c = 0; c < chunks; c++) {
                body.run(s, c);
            }
            return;
        }
        Workers w = CallPlan.workersFor(workers); // resolved once: the block below is planned with the same workers
        Parallel.block(w, team -> {
            S s = scratch.get();
            team.range(chunks).schedule(Schedule.dynamic(1)).forEach(c -> body.run(s, c));
        });
    }

    /** A kernel's work on the rows {@code [r0, r1)}. */
    interface RowBlocks {
        void run(int r0, int r1);
    }

    /** Runs {@code body} on blocks of {@code rowsPerBlock} rows of {@code m}; in parallel only if {@code onlyIf}. */
    static void rowBlocks(int m, int rowsPerBlock, Workers workers, boolean onlyIf, RowBlocks body) {
        int nb = (m + rowsPerBlock - 1) / rowsPerBlock;
        ParallelRange.over(nb, workers, onlyIf).forEach(blk -> {
            int r0 = blk * rowsPerBlock;
            body.run(r0, Math.min(m, r0 + rowsPerBlock));
        });
    }

    static void sameLength(double[] a, String an, double[] b, String bn) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(an + " and " + bn + " must have the same length: " + an + ".length = "
                    + a.length + ", " + bn + ".length = " + b.length);
        }
    }

    static void nonEmpty(double[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("x must not be empty: the minimum or maximum of no element is "
                    + "undefined");
        }
    }
}
