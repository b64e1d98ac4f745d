package dev.threadproof.junit;

import java.util.Set;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Thread-safe: at the end of a test run, prints the harness's summary block and writes {@code summary.json} (how many
 * tests ran free-threaded, how many ran once and why, thread-iterations in total); registered with the JUnit Platform
 * launcher through {@code ServiceLoader}, so it needs no configuration.
 *
 * <p>It also remembers the configuration keys of the run, so the extension can reject unknown {@code threadproof.}
 * keys given as launcher configuration parameters (Surefire's {@code configurationParameters}).
 */
public final class HarnessSummaryListener implements TestExecutionListener {
    private static volatile Set<String> keys = Set.of();

    /** Creates the listener; the JUnit Platform launcher does this. */
    public HarnessSummaryListener() {
    }

    static Set<String> configurationKeys() {
        return keys;
    }

    /** Thread-safe: records the run's configuration keys. */
    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        keys = Set.copyOf(testPlan.getConfigurationParameters().keySet());
    }

    /** Thread-safe: prints the summary block and writes the summary files. */
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        keys = Set.of();
        HarnessLog.flushAll(System.out);
    }
}
