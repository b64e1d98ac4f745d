package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reproducible across machines: sums use fused multiply-adds where the CPU has them and plain subtractions where it
 * does not; both must give the same bits. A child JVM with {@code -XX:-UseFMA} plays the machine without FMA.
 */
class FmaIndependenceTest {

    private static String run(String flag) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, flag, "-cp", System.getProperty("java.class.path"),
                FmaProbe.class.getName())).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS), "child JVM hung");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void resultsAreTheSameWithAndWithoutFma() throws Exception {
        String without = run("-XX:-UseFMA");
        assertTrue(without.contains("fma=false"), without);
        String with = run("-XX:+UseFMA");
        String strip = "fma=(true|false)\\R";
        assertEquals(with.replaceAll(strip, ""), without.replaceAll(strip, ""), "FMA changed the bits:\n" + with);
        assertTrue(with.contains("sum=") && with.contains("dot=") && with.contains("range="), with);
    }
}
