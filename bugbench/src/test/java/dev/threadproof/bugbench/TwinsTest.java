package dev.threadproof.bugbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark's own checks: every fixed twin passes under stress, and the benchmark has its 21 distinct programs. */
class TwinsTest {
    @Test
    void everyFixedTwinPassesTwoHundredStressRuns() {
        for (Programs.Entry e : Programs.all()) {
            BugBench.Outcome o = BugBench.stress(e, true, 200, 60_000);
            assertTrue(!o.failed, e.name + " (fixed) failed: " + o.first);
            assertEquals(200, o.runs, e.name);
        }
    }

    @Test
    void theBenchmarkHoldsTwentyOneDistinctPrograms() {
        List<Programs.Entry> all = Programs.all();
        Set<String> names = new HashSet<>();
        for (Programs.Entry e : all) {
            assertTrue(names.add(e.name), "duplicate " + e.name);
        }
        assertEquals(21, all.size());
    }
}
