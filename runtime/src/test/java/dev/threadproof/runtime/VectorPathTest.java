package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vector API loops ({@code VectorBlockSums}, loaded when the JVM has {@code jdk.incubator.vector}) give bitwise the
 * results of the scalar loops, so a user who adds the module changes speed, never a bit. Child JVMs play the two kinds
 * of user: one started plainly (scalar loops), one with {@code --add-modules jdk.incubator.vector} (vector loops).
 * Needs an x86-64 CPU with AVX2, or another with native 256-bit vectors, for the vector loops to load.
 */
class VectorPathTest {
    private static final List<String> WITH_MODULE = List.of("--add-modules", VectorPath.MODULE);

    @Test
    void thisJvmWithoutTheModuleRunsTheScalarLoops() {
        assertEquals(false, ArrayOps.vectorApi(), "surefire's JVM has no --add-modules: the vector loops must not load");
    }

    @Test
    void resultsAreBitwiseTheSameWithAndWithoutTheModule() throws Exception {
        String plain = FmaIndependenceTest.run(List.of());
        String vector = FmaIndependenceTest.run(WITH_MODULE);
        assertTrue(plain.contains("vector=false"), plain);
        assertTrue(vector.contains("vector=true"),
                "the vector loops did not load with --add-modules (no native 256-bit vectors?):\n" + vector);
        String strip = "(WARNING: Using incubator modules: .*|vector=(true|false))\\R";
        assertEquals(plain.replaceAll(strip, ""), vector.replaceAll(strip, ""), "the vector loops changed the bits");
        assertTrue(plain.contains("norm2 n=300001 scale=2^-330 = ") && plain.contains("dot nan n=4099 = "), plain);
    }

    @Test
    void vectorLoopsStoreTheScalarAccumulatorsAndTheComparisonCatchesABrokenTwin() throws Exception {
        String out = FmaIndependenceTest.run(WITH_MODULE, "blocks");
        assertTrue(out.contains("vector=true"), out);
        assertTrue(out.contains("loops-mismatches=0\n") || out.contains("loops-mismatches=0\r\n"), out);
        // Negative control: the same comparison, same trials, finds the twin whose tail skips TwoSum.
        assertTrue(out.matches("(?s).*broken-mismatches=[1-9][0-9]*\\R.*"), out);
    }
}
