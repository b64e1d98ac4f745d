package dev.threadproof.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.race.controls.Correct;
import dev.threadproof.race.controls.Racy;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detector's power and precision, in one JVM with the detector attached as the harness attaches it: every
 * negative control is reported in its first execution, on the field it races on, and its fixed twin is not; every
 * correctly synchronized hand-off of the precision suite runs without a report.
 */
class RaceDetectorTest {
    @BeforeAll
    static void install() {
        Race.install("dev.threadproof.race.controls");
        assertTrue(Race.installed(), "the detector is on after install");
    }

    static Stream<Arguments> controls() {
        return Racy.CONTROLS.keySet().stream().map(k -> Arguments.of(k.split("\\|")[0], k.split("\\|")[1]));
    }

    private static String describe(List<RaceReport> reports) {
        return reports.stream().map(RaceReport::toString).collect(Collectors.joining("\n\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controls")
    void eachNegativeControlIsReportedInItsFirstExecutionAndItsFixedTwinIsNot(String name, String field)
            throws Exception {
        Racy.Control control = Racy.CONTROLS.get(name + "|" + field);
        int before = Race.count();
        control.run(true);
        List<RaceReport> fixed = Race.reports(before);
        assertEquals(List.of(), fixed, "the fixed twin of '" + name + "' was reported:\n" + describe(fixed));

        before = Race.count();
        control.run(false);
        List<RaceReport> racy = Race.reports(before);
        assertFalse(racy.isEmpty(), "'" + name + "' ran once and the detector reported nothing");
        assertTrue(racy.stream().anyMatch(r -> r.location().contains(field)),
                "'" + name + "' was reported, but not on " + field + ":\n" + describe(racy));
        RaceReport r = racy.get(0);
        assertNotEquals(r.first().thread(), r.second().thread(), "a race is between two threads: " + r);
        assertTrue(r.first().kind().contains("write") || r.second().kind().contains("write"),
                "a race has a write: " + r);
        assertTrue(r.toString().contains("Data race on ") && r.toString().contains(" at "), r.toString());
    }

    @Test
    void aDependentStageOrdersItsCallbackBeforeWhatDependsOnItOnly() {
        int before = Race.count();
        Racy.callbackReadWithoutJoiningItsStage();
        List<RaceReport> found = Race.reports(before);
        assertTrue(found.stream().anyMatch(r -> r.location().contains("Racy$Stages.payload")),
                "a read that only waited for a callback's time must be reported: " + found);
    }

    @Test
    void parkAndUnparkGiveNoHappensBeforeEdge() {
        int before = Race.count();
        Racy.parkOnly();
        List<RaceReport> found = Race.reports(before);
        assertTrue(found.stream().anyMatch(r -> r.location().contains("Racy$ParkOnly.payload")),
                "a hand-off by park/unpark alone must be reported (LockSupport promises no ordering): " + found);
    }

    static Stream<String> scenarios() {
        return Correct.SCENARIOS.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void correctlySynchronizedHandOffsAreNotReported(String scenario) throws Exception {
        Callable<Long> run = Correct.SCENARIOS.get(scenario);
        int before = Race.count();
        for (int i = 0; i < 3; i++) {
            assertEquals(Correct.V + Correct.V * 10L + 64L * Correct.V, run.call(),
                    "the scenario handed over the wrong data");
        }
        List<RaceReport> found = Race.reports(before);
        assertEquals(List.of(), found, scenario + " was reported:\n" + describe(found));
    }

    @Test
    void anArrayOf2To24ElementsIsCheckedWithinA2GbHeap() {
        // Surefire runs this module with -Xmx2g: the shadow of a fully touched long[2^24] (24 bytes per element, in
        // chunks made on first touch) and the array itself (128 MB) must fit.
        assertTrue(Runtime.getRuntime().maxMemory() <= 2L << 30, "the heap limit this test is about");
        int before = Race.count();
        long[] big = Correct.bigArray(1 << 24);
        assertEquals(List.of(), Race.reports(before), "disjoint halves, read after the joins: no race");
        assertEquals(1L << 24, big.length);
        assertEquals(big.length - 1L, big[big.length - 1]);
    }

    @Test
    void packageNamesAreCheckedOnceForEveryCallerAndTheMessageNamesTheParameter() {
        assertEquals(List.of("com.example", "org.acme.core"), Race.packageNames("p", " com.example, ,org.acme.core "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Race.packageNames("threadproof.race.packages", "com.example,com..example"));
        assertEquals("threadproof.race.packages: 'com..example' is not a package name such as com.example",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Race.packageNames("packages", " , "));
        assertEquals("packages: names no package: ' , '", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Race.packageNames("packages", "1com"));
    }

    @Test
    void installChecksItsArgumentAndIsIdempotent() {
        assertThrows(IllegalArgumentException.class, () -> Race.install(" , "));
        assertThrows(IllegalArgumentException.class, () -> Race.install("not a package"));
        assertThrows(IllegalArgumentException.class, () -> Race.install("com.other"),
                "the packages cannot change once installed");
        Race.install("dev.threadproof.race.controls");
        assertEquals("dev.threadproof.race.controls", Race.packages());
        assertThrows(IllegalArgumentException.class, () -> Race.reports(-1));
    }
}
