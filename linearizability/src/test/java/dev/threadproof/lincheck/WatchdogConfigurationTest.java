package dev.threadproof.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Lincheck suite runs under the same hang watchdog as the runtime's unit tests, whose negative control
 * (runtime's {@code HangWatchdogTest}: a test that parks forever, stopped at the limit with every thread's stack) proves
 * the mechanism: a limit, each test on a thread of its own, the thread dump on. This checks that the three settings are
 * here too, so a Lincheck scenario stuck in code that ignores interruption cannot hang the build.
 */
class WatchdogConfigurationTest {
    @Test
    void everyLincheckTestRunsUnderALimitOnAThreadOfItsOwnWithAThreadDump() throws Exception {
        Properties p = new Properties();
        try (InputStream in = WatchdogConfigurationTest.class.getResourceAsStream("/junit-platform.properties")) {
            assertNotNull(in, "linearizability's junit-platform.properties is not on the test classpath");
            p.load(in);
        }
        String limit = p.getProperty("junit.jupiter.execution.timeout.default", "");
        assertTrue(limit.trim().matches("[1-9][0-9]* ?(s|m)"), "no default timeout, or not in s or m: '" + limit + "'");
        assertEquals("SEPARATE_THREAD", p.getProperty("junit.jupiter.execution.timeout.thread.mode.default"));
        assertEquals("true", p.getProperty("junit.jupiter.execution.timeout.threaddump.enabled"));
    }
}
