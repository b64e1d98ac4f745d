package dev.threadproof.benchmarks;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * JMH's annotation processor ran: a JDK 23+ build without {@code <proc>full</proc>} compiles the benchmarks but
 * generates no harness, and the jar then has nothing to run. This fails such a build loudly.
 */
class BenchmarkListTest {

    @Test
    void everyBenchmarkMethodIsInTheGeneratedList() throws IOException {
        String list;
        try (InputStream in = BenchmarkListTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList is missing: JMH's annotation processor did not run");
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String method : new String[] {"baseline", "threadproof1", "threadproof2", "block2", "streamFj2"}) {
            assertTrue(list.contains("EmptyCallBenchmark_" + method + "_jmhTest"),
                    "EmptyCallBenchmark." + method + " is not in the generated benchmark list");
        }
        for (String kernel : new String[] {"sum", "dot", "norm2", "map", "hist"}) {
            for (String variant : new String[] {"Serial", "Tp1", "Tp2", "TpAuto"}) {
                assertTrue(list.contains("KernelBenchmark_" + kernel + variant + "_jmhTest"),
                        "KernelBenchmark." + kernel + variant + " is not in the generated benchmark list");
                assertTrue(list.contains("PlainKernelBenchmark_" + kernel + variant + "_jmhTest"),
                        "PlainKernelBenchmark." + kernel + variant + " (the plain fork) is not in the list");
            }
        }
        for (String kernel : new String[] {"sum", "dot", "norm2"}) {
            assertTrue(list.contains("PlainVectorKernelBenchmark_" + kernel + "VectorTp2_jmhTest"),
                    "PlainVectorKernelBenchmark." + kernel + "VectorTp2 (the plain fork) is not in the list");
        }
        for (String method : new String[] {"sum", "dot", "norm2", "map", "hist", "irregularStatic", "irregularDynamic"}) {
            assertTrue(list.contains("ScalingBenchmark_" + method + "_jmhTest"),
                    "ScalingBenchmark." + method + " is not in the generated benchmark list");
        }
        for (String method : new String[] {"baseline", "emptyBody", "reflectiveBody"}) {
            assertTrue(list.contains("HarnessOverheadBenchmark_" + method + "_jmhTest"),
                    "HarnessOverheadBenchmark." + method + " is not in the generated benchmark list");
        }
        for (String method : new String[] {"unchecked", "indexCheck", "lowerCheck", "bothChecks", "arrayOps"}) {
            assertTrue(list.contains("HistogramLoopBenchmark_" + method + "_jmhTest"),
                    "HistogramLoopBenchmark." + method + " is not in the generated benchmark list");
        }
    }
}
