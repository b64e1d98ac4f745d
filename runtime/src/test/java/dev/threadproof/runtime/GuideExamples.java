package dev.threadproof.runtime;

import java.util.Arrays;

/**
 * The examples of {@code docs/guide.md}, compiled and run by {@link GuideExamplesTest}. Each region between
 * {@code guide:begin NAME} and {@code guide:end} appears verbatim in the guide; the test fails if they drift apart.
 */
final class GuideExamples {
    private GuideExamples() {
    }

    // guide:begin do-sine
    /** Cython's do_sine: the outer loop over rows is parallel; each body writes its own row. */
    static double[][] doSine(double[][] input) {
        double[][] output = new double[input.length][];
        Parallel.range(input.length).forEach(i -> {
            double[] row = input[i];
            double[] out = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                out[j] = Math.sin(row[j]);
            }
            output[i] = out;
        });
        return output;
    }
    // guide:end

    // guide:begin l2norm
    /** Cython's l2norm: `total += x[i] * x[i]` in a prange is a sum reduction. */
    static double l2norm(double[] x) {
        double total = Parallel.range(x.length).sum(i -> x[i] * x[i]);
        return Math.sqrt(total);
    }
    // guide:end

    // guide:begin normalize
    /** Cython's normalize: two loops in one parallel block; the first loop's barrier publishes the total. */
    static void normalize(double[] x) {
        Parallel.block(Workers.all(), team -> {
            double total = team.range(x.length).sum(i -> x[i] * x[i]); // every member gets the same total
            double norm = Math.sqrt(total);
            team.range(x.length).forEach(i -> x[i] /= norm);
        });
    }
    // guide:end

    // guide:begin median
    /** Cython's median_along_axis0: a scratch buffer per thread, allocated once per member, not per column. */
    static double[] medianAlongAxis0(double[][] x) {
        int rows = x.length;
        int cols = x[0].length;
        double[] out = new double[cols];
        Parallel.block(Workers.all(), team -> {
            double[] scratch = new double[rows]; // private to this member
            team.range(cols).forEach(i -> {
                for (int j = 0; j < rows; j++) {
                    scratch[j] = x[j][i];
                }
                Arrays.sort(scratch);
                out[i] = rows % 2 == 1 ? scratch[rows / 2] : 0.5 * (scratch[rows / 2 - 1] + scratch[rows / 2]);
            });
        });
        return out;
    }
    // guide:end

    // guide:begin two-tasks
    /** Cython's threadid() example: two different tasks in one parallel region. */
    static void twoTasks(Runnable first, Runnable second) {
        Parallel.block(2, team -> {
            if (team.threadId() == 0) {
                first.run();
            }
            // A busy pool may give a team of one: then member 0 runs both tasks.
            if (team.threadId() == 1 || team.size() == 1) {
                second.run();
            }
        });
    }
    // guide:end

    // guide:begin workers
    /** SciPy's workers= conventions, per call and scoped. */
    static double[] workersConventions(double[] x, java.util.concurrent.ExecutorService executor) {
        double all = ArrayOps.sum(x, Workers.of(-1));          // -1: every usable core
        double allButOne = ArrayOps.sum(x, Workers.of(-2));    // -2: all but one (at least 1)
        double onExecutor = ArrayOps.sum(x, Workers.on(executor)); // a map-like executor of your own
        double limited;
        try (Workers.Limit limit = Workers.limit(1)) {         // threadpoolctl: calls naming no workers get 1
            limited = ArrayOps.sum(x);
        }
        return new double[] {all, allButOne, onExecutor, limited}; // four identical values: sums are reproducible
    }
    // guide:end
}
