package dev.threadproof.runtime;

import static dev.threadproof.runtime.KernelDriver.BLOCK;
import static dev.threadproof.runtime.KernelDriver.PARALLEL_MIN;
import static dev.threadproof.runtime.KernelDriver.blocks;
import static dev.threadproof.runtime.KernelDriver.from;
import static dev.threadproof.runtime.KernelDriver.sameLength;
import static dev.threadproof.runtime.KernelDriver.to;

import java.util.Objects;

/**
 * The prefix-sum kernel of {@link ArrayOps}: block sums in parallel, their prefix serially, then each block again.
 */
final class ScanKernel {
    private ScanKernel() {
    }

    static void cumsum(double[] in, double[] out, Workers workers) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        sameLength(in, "in", out, "out");
        int n = in.length;
        int nb = Reductions.blockCount(n, BLOCK);
        double[] offset = new double[nb];
        ParallelRange range = blocks(n, workers, PARALLEL_MIN);
        range.forEach(b -> {
            if (b + 1 < nb) {
                double s = 0;
                for (int i = from(b), end = to(b, n); i < end; i++) {
                    s += in[i];
                }
                offset[b + 1] = s;
            }
        });
        for (int b = 1; b < nb; b++) {
            offset[b] += offset[b - 1];
        }
        range.forEach(b -> {
            double s = offset[b];
            int end = to(b, n);
            for (int i = from(b); i < end; i++) {
                s += in[i];
                out[i] = s;
            }
            if (s != s) {
                // A NaN stays NaN to the block's end: write each NaN of the block as the one NaN (see
                // Reductions.oneNaN), so that the output is bitwise the same, raw bits included, whatever ran it.
                for (int i = from(b); i < end; i++) {
                    out[i] = Reductions.oneNaN(out[i]);
                }
            }
        });
    }
}
