package dev.threadproof.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The harness's own tests run fixture classes through the Jupiter engine, as a user's build would: shared helpers. */
final class EngineRuns {
    private EngineRuns() {
    }

    /** Runs the selected tests with the summary in {@code dir} and the given key-value configuration pairs. */
    static EngineExecutionResults run(Path dir, DiscoverySelector selector, String... config) {
        EngineTestKit.Builder b = EngineTestKit.engine("junit-jupiter").selectors(selector)
                .configurationParameter(HarnessConfig.DIR, dir.toString());
        for (int i = 0; i < config.length; i += 2) {
            b.configurationParameter(config[i], config[i + 1]);
        }
        return b.execute();
    }

    /** The failure of the one test that failed; fails when not exactly one did. */
    static Throwable onlyFailure(EngineExecutionResults r) {
        List<Throwable> failures = r.testEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .collect(Collectors.toList());
        assertEquals(1, failures.size(), "failed tests");
        return failures.get(0);
    }
}
