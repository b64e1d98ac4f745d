package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reproducible across machines: sums use fused multiply-adds where the CPU has them and plain subtractions where it
 * does not; both must give the same bits. A child JVM with {@code -XX:-UseFMA} plays the machine without FMA.
 */
class FmaIndependenceTest {

    /** Runs {@link ReductionProbe} in a child JVM with {@code jvmFlags} and {@code args}; returns its output. */
    static String run(List<String> jvmFlags, String... args) throws Exception {
        return run(ReductionProbe.class, jvmFlags, args);
    }

    /**
     * Runs {@code main} in a child JVM on this JVM's class path with {@code jvmFlags} and {@code args}, and none of
     * this JVM's agents (a race detector attached to this JVM does not follow); returns its output.
     */
    static String run(Class<?> main, List<String> jvmFlags, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS), "child JVM hung");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String run(String flag) throws Exception {
        return run(List.of(flag));
    }

    @Test
    void resultsAreTheSameWithAndWithoutFma() throws Exception {
        String without = run("-XX:-UseFMA");
        assertTrue(without.contains("fma=false"), without);
        String with = run("-XX:+UseFMA");
        String strip = "fma=(true|false)\\R";
        assertEquals(with.replaceAll(strip, ""), without.replaceAll(strip, ""), "FMA changed the bits:\n" + with);
        assertTrue(with.contains("sum n=300001 = ") && with.contains("dot n=300001 = ") && with.contains("norm2 n=300001 = ")
                && with.contains("range = "), with);
    }
}
