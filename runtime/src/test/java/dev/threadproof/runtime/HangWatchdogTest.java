package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The hang watchdog's negative control: a test that parks forever, ignoring interruption as a parallel call does while
 * it waits for its bodies, run under this module's own {@code junit-platform.properties} (only the limit shortened to
 * 2 s), must end red with a {@link TimeoutException} after JUnit printed every thread's stack, and must not hold up
 * the test that runs beside it.
 */
class HangWatchdogTest {

    /** The planted hang. Not a test of its own: Surefire skips nested classes, and only this test selects it. */
    static class ParksForever {
        @Test
        void parksForever() {
            for (;;) {
                LockSupport.park(this); // ignores interruption, as Job.awaitDone must while bodies run
            }
        }

        @Test
        void returns() {
            assertEquals(4, 2 + 2);
        }
    }

    private static Map<String, String> moduleConfiguration() throws Exception {
        Properties p = new Properties();
        try (InputStream in = HangWatchdogTest.class.getResourceAsStream("/junit-platform.properties")) {
            assertTrue(in != null, "the runtime's junit-platform.properties is not on the test classpath");
            p.load(in);
        }
        Map<String, String> config = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("junit.jupiter.execution.timeout.")) {
                config.put(key, p.getProperty(key).trim());
            }
        }
        return config;
    }

    @Test
    void aTestThatNeverReturnsFailsAtTheLimitWithEveryThreadsStack() throws Exception {
        Map<String, String> config = moduleConfiguration();
        assertTrue(config.containsKey("junit.jupiter.execution.timeout.default"), "no default timeout: " + config);
        assertEquals("SEPARATE_THREAD", config.get("junit.jupiter.execution.timeout.thread.mode.default"),
                "a test that ignores interruption can only be abandoned from another thread");
        assertEquals("true", config.get("junit.jupiter.execution.timeout.threaddump.enabled"));
        config.put("junit.jupiter.execution.timeout.default", "2 s");

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        EngineExecutionResults results;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // A watchdog around the watchdog: if the configuration ever stops abandoning the hung test, this fails
            // here instead of hanging the build.
            results = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> EngineTestKit.engine("junit-jupiter")
                    .configurationParameters(config).selectors(selectClass(ParksForever.class)).execute());
        } finally {
            System.setOut(out);
        }
        String dump = captured.toString(StandardCharsets.UTF_8);

        List<Event> failed = results.testEvents().failed().list();
        assertEquals(1, failed.size(), "expected only parksForever to fail: " + failed);
        assertTrue(failed.get(0).getTestDescriptor().getDisplayName().startsWith("parksForever"), failed.toString());
        Throwable thrown = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
        assertTrue(thrown instanceof TimeoutException, "not a timeout: " + thrown);
        assertTrue(thrown.getMessage().contains("timed out after 2 seconds"), thrown.getMessage());
        assertEquals(1, results.testEvents().succeeded().count(), "the test beside the hung one did not pass");

        assertTrue(dump.contains("will be interrupted"), "JUnit printed no thread dump:\n" + dump);
        assertTrue(dump.contains(ParksForever.class.getName() + ".parksForever"),
                "the dump does not show the hung test's frame:\n" + dump);
        long threads = dump.lines().filter(l -> l.startsWith("\"")).count();
        assertTrue(threads >= 2, "the dump shows " + threads + " threads, not every thread:\n" + dump);
    }
}
