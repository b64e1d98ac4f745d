package dev.threadproof.runtime;

/**
 * The indices of a range, {@code start, start + step, ...} before {@code stop}, and their exact count: the one value
 * that jobs and team loops are built from, below the public {@link ParallelRange} and {@link TeamRange} values (which
 * add workers, schedule and the rest), so the dispatch layer never needs them.
 */
final class Span {
    final int start;
    final int stop;
    final int step;
    /** The number of indices, exact for every int triple (up to 2^32 - 1). */
    final long size;

    /**
     * @throws IllegalArgumentException if {@code step == 0}
     */
    Span(int start, int stop, int step) {
        if (step == 0) {
            throw new IllegalArgumentException("step must not be 0");
        }
        this.start = start;
        this.stop = stop;
        this.step = step;
        this.size = count(start, stop, step);
    }

    /** The number of iterations of {@code range(start, stop, step)}, exact for every int triple (step != 0). */
    static long count(int start, int stop, int step) {
        if (step > 0) {
            return stop > start ? ((long) stop - start + step - 1) / step : 0;
        }
        long s = -(long) step;
        return stop < start ? ((long) start - stop + s - 1) / s : 0;
    }

    boolean sameIndices(Span o) {
        return o.start == start && o.stop == stop && o.step == step;
    }
}
