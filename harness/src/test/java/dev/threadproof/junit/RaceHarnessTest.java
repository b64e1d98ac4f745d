package dev.threadproof.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fixtures.race.RaceFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code threadproof.race}: the harness installs the race detector, a race fails the test that met it (or is only
 * reported, with {@code warn}), the correct twins pass with no report, and the summary carries what the detector saw.
 * Runs in a JVM of its own (its Surefire execution {@code race}): the detector, once attached, stays for the JVM.
 */
class RaceHarnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fixtures, and the harness's negative controls (their correct twins are precision cases). */
    private static final String PACKAGES = "fixtures.race,dev.threadproof.junit.controls";

    @TempDir
    Path evidence;

    @AfterEach
    void forget() {
        HarnessLog.forget(evidence);
    }

    private EngineExecutionResults run(Class<?> c, String mode, String... more) {
        String[] config = new String[6 + more.length];
        config[0] = HarnessConfig.RACE;
        config[1] = mode;
        config[2] = HarnessConfig.RACE_PACKAGES;
        config[3] = PACKAGES;
        config[4] = "junit.jupiter.extensions.autodetection.enabled"; // as a user's junit-platform.properties does
        config[5] = "true";
        System.arraycopy(more, 0, config, 6, more.length);
        return EngineRuns.run(evidence, selectClass(c), config);
    }

    private JsonNode summary() throws IOException {
        HarnessLog.flush(evidence, new PrintStream(OutputStream.nullOutputStream()));
        return JSON.readTree(Files.readString(evidence.resolve("summary.json"), StandardCharsets.UTF_8));
    }

    @Test
    void aRaceAmongTheThreadsATestStartsFailsItWithBothAccesses() throws IOException {
        EngineExecutionResults r = run(RaceFixtures.StartsItsOwnThreads.class, "on");
        Throwable t = EngineRuns.onlyFailure(r);
        AssertionError e = assertInstanceOf(AssertionError.class, t);
        assertTrue(e.getMessage().contains("Data race on field fixtures.race.RaceFixtures$PlainCounter.count"),
                e.getMessage());
        assertTrue(e.getMessage().contains("RaceFixtures.java"), "the report names the lines: " + e.getMessage());
        JsonNode result = summary().get("results").get(0);
        assertEquals("FAILED", result.get("result").asText());
        assertTrue(result.get("raceDetector").get("races").asInt() >= 1, result.toString());
        assertEquals(PACKAGES, result.get("raceDetector").get("packages").asText());
        assertTrue(summary().get("races").asInt() >= 1);
    }

    @Test
    void theCorrectTwinPassesWithNoReport() throws IOException {
        EngineExecutionResults r = run(RaceFixtures.StartsItsOwnThreadsCorrectly.class, "on");
        assertEquals(1, r.testEvents().succeeded().count(), () -> r.testEvents().failed().stream()
                .map(ev -> String.valueOf(ev.getPayload(TestExecutionResult.class))).reduce("", String::concat));
        JsonNode s = summary();
        assertEquals(1, s.get("raceChecked").asInt());
        assertEquals(0, s.get("races").asInt());
        assertEquals(0, s.get("results").get(0).get("raceDetector").get("races").asInt());
    }

    @Test
    void warnReportsTheRaceAndKeepsTheResult() throws IOException {
        EngineExecutionResults r = run(RaceFixtures.StartsItsOwnThreads.class, "warn");
        assertEquals(1, r.testEvents().succeeded().count(), "warn does not fail the test");
        JsonNode result = summary().get("results").get(0);
        assertEquals("PASSED", result.get("result").asText());
        assertTrue(result.get("raceDetector").get("reports").get(0).asText().contains("PlainCounter.count"),
                result.toString());
    }

    @Test
    void freeThreadedTestsAreWatchedAndTheHarnessHandOffsAreNotRaces() throws IOException {
        Throwable t = EngineRuns.onlyFailure(run(RaceFixtures.SharedInstanceField.class, "on"));
        assertTrue(t.getMessage().contains("PlainCounter.count"), t.getMessage());

        EngineExecutionResults ok = run(RaceFixtures.SharedInstanceCorrectly.class, "on");
        assertEquals(1, ok.testEvents().succeeded().count(), () -> ok.testEvents().failed().stream()
                .map(ev -> String.valueOf(ev.getPayload(TestExecutionResult.class))).reduce("", String::concat));
    }

    /**
     * Precision on the harness's own controls: each correct twin (a LongAdder counter, a holder idiom, a
     * ConcurrentHashMap cache, thread-confined formatters, a synchronized log, a merge-based word count, a volatile stop
     * flag, locked transfers) free-threaded at 4 threads x 2 iterations under the detector: no race reported.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Counters", "LazyInits", "Caches", "DateFormats",
        "EventLogs", "WordCounts", "StopFlags", "Accounts"})
    void theHarnessControlsCorrectTwinsRunWithNoRaceReported(String control) throws Exception {
        Class<?> correct = Class.forName("dev.threadproof.junit.controls." + control + "$CorrectCase");
        EngineExecutionResults r = run(correct, "on", HarnessConfig.THREADS, "4", HarnessConfig.ITERATIONS, "2");
        assertEquals(0, r.testEvents().failed().count(), () -> r.testEvents().failed().stream()
                .map(ev -> String.valueOf(ev.getPayload(TestExecutionResult.class))).reduce("", String::concat));
        assertTrue(r.testEvents().succeeded().count() >= 1, "the twin ran");
        JsonNode s = summary();
        assertTrue(s.get("raceChecked").asInt() >= 1, s.toString());
        assertEquals(0, s.get("races").asInt(), s.toString());
    }

    @Test
    void aBadValueFailsEveryTestNamingTheKey() {
        Throwable t = EngineRuns.onlyFailure(run(RaceFixtures.StartsItsOwnThreadsCorrectly.class, "sometimes"));
        assertTrue(t.getMessage().contains(HarnessConfig.RACE) && t.getMessage().contains("sometimes"),
                t.getMessage());
    }
}
