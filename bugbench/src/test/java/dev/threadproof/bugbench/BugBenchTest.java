package dev.threadproof.bugbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bug benchmark's lane in {@code mvn verify}: every fixed twin passes in both modes, and explore mode finds at
 * least 90% of the bugs, each replayed by its id to the same interleaving. Budgets: {@code bugbench.schedules} (200)
 * for a bug, {@code bugbench.twinSchedules} (20) for a twin.
 */
class BugBenchTest {
    private static final int SCHEDULES = Integer.getInteger("bugbench.schedules", 200);
    private static final int TWIN_SCHEDULES = Integer.getInteger("bugbench.twinSchedules", 20);

    @Test
    void theBenchmarkHoldsTwentyOneDistinctPrograms() {
        List<Programs.Entry> all = Programs.all();
        Set<String> names = new HashSet<>();
        for (Programs.Entry e : all) {
            assertTrue(names.add(e.name), "duplicate " + e.name);
        }
        assertEquals(21, all.size());
    }

    @Test
    void everyFixedTwinPassesTwoHundredStressRuns() {
        for (Programs.Entry e : Programs.all()) {
            BugBench.Outcome o = BugBench.stress(e, true, 200, 60_000);
            assertTrue(!o.failed, e.name + " (fixed) failed: " + o.first);
            assertEquals(200, o.runs, e.name);
        }
    }

    @Test
    void exploreFindsNineInTenBugsEachReplaysAndEveryTwinPassesItsSchedules() {
        List<String> found = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Programs.Entry e : Programs.all()) {
            BugBench.Outcome x = BugBench.explore(e, false, SCHEDULES);
            if (x.failed) {
                found.add(e.name + " (schedule " + x.runs + ")");
                if (BugBench.replays(e, x.replayId, 1) != 1) {
                    problems.add(e.name + ": replay " + x.replayId + " did not meet the same interleaving");
                }
            } else {
                missed.add(e.name);
            }
            BugBench.Outcome twin = BugBench.explore(e, true, TWIN_SCHEDULES);
            if (twin.failed) {
                problems.add(e.name + " (fixed) failed in explore mode: " + twin.first);
            }
            System.out.println("[bugbench] " + e.name + ": " + (x.failed ? "found at schedule " + x.runs
                    : "not found in " + x.runs + " schedules") + "; fixed twin " + (twin.failed ? "FAILED" : "passed "
                    + twin.runs + " schedules"));
        }
        System.out.println("[bugbench] explore found " + found.size() + " of " + Programs.all().size() + "; missed "
                + missed);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(found.size() * 10 >= Programs.all().size() * 9, "explore found " + found.size() + " of "
                + Programs.all().size() + " bugs (at least 90% needed); missed " + missed);
    }
}
