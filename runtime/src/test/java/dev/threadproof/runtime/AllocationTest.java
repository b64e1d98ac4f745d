package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No reduction allocates anything that grows with its input: what one call allocates on a long input may exceed what
 * it allocates on a short one by a few tree nodes at most (4 KB), for the array kernels' reductions (1024 blocks against
 * 16) and the range reductions (4096 blocks against 256), also with one claim per block. Measured by {@link AllocationProbe} in a child JVM.
 */
class AllocationTest {
    private static final List<String> REDUCTIONS = List.of("ArrayOps.sum", "ArrayOps.dot", "ArrayOps.norm2",
            "ArrayOps.norm2(scaled)", "ArrayOps.variance", "ParallelRange.sum", "ParallelRange.reduce(double)",
            "ParallelRange.reduce(long)", "ParallelRange.sum(dynamic(1))", "ParallelRange.reduce(double, dynamic(1))",
            "ParallelRange.reduce(long, dynamic(1))", "TeamRange.sum(staticChunks(1))");

    @Test
    void reductionsAllocateNothingThatGrowsWithTheLength() throws Exception {
        String out = FmaIndependenceTest.run(AllocationProbe.class, List.of());
        List<String> seen = new ArrayList<>();
        for (String line : out.split("\\R")) {
            int cut = line.lastIndexOf(' ', line.lastIndexOf(' ') - 1); // names may hold spaces
            if (cut < 0) {
                continue;
            }
            String[] f = {line.substring(0, cut), line.substring(cut + 1, line.lastIndexOf(' ')),
                line.substring(line.lastIndexOf(' ') + 1)};
            if (!REDUCTIONS.contains(f[0])) {
                continue;
            }
            seen.add(f[0]);
            long larger = Long.parseLong(f[1]);
            long smaller = Long.parseLong(f[2]);
            assertTrue(larger - smaller <= 4096, f[0] + " allocated " + larger + " B on the long input and " + smaller
                    + " B on the short one");
        }
        assertEquals(REDUCTIONS, seen, "the probe measured every reduction once:\n" + out);
    }
}
