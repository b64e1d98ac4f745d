package dev.threadproof.lincheck;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.evidence.EvidenceFiles;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * Runs Lincheck with threadproof's budgets and records the evidence of each run in a machine-readable file.
 *
 * <p>Budgets come from system properties with small defaults, so the module fits in {@code mvn verify}:
 * {@code threadproof.lincheck.iterations} (scenarios per run, default 10) and
 * {@code threadproof.lincheck.invocations} (executions of each scenario, default 1000). The nightly raises both.
 *
 * <p>Evidence goes to {@code threadproof.lincheck.evidence} (default {@code target/lincheck-evidence}), one JSON file
 * per test class and strategy, schema {@code threadproof-lincheck-evidence/1}: the test, the strategy, iterations,
 * invocations, scenarios run, the result (PASSED, FAILED, or for a negative control CONTROL_CAUGHT /
 * CONTROL_NOT_CAUGHT), what it certifies, JDK, CPUs, architecture, date, duration and, on failure, Lincheck's report.
 * JUnit's XML alone does not say how much was explored.
 */
final class Lincheck {
    private Lincheck() {
    }

    enum Strategy {
        MODEL_CHECKING, STRESS
    }

    static int iterations() {
        return Integer.getInteger("threadproof.lincheck.iterations", 10);
    }

    static int invocations() {
        return Integer.getInteger("threadproof.lincheck.invocations", 1000);
    }

    /**
     * Runs one strategy on {@code test} against {@code spec} and records the evidence.
     *
     * @return the failure Lincheck reported, or null if the object was linearizable in every explored execution
     */
    static Throwable run(Class<?> test, Class<?> spec, Strategy strategy, boolean control) {
        int iterations = iterations();
        int invocations = invocations();
        Options<?, ?> options = strategy == Strategy.MODEL_CHECKING
                ? new ModelCheckingOptions().iterations(iterations).invocationsPerIteration(invocations)
                : new StressOptions().iterations(iterations).invocationsPerIteration(invocations);
        options.threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1);
        if (spec != null) {
            options.sequentialSpecification(spec);
        }
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            options.check(test);
        } catch (AssertionError | RuntimeException e) {
            failure = e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String result = control ? (failure != null ? "CONTROL_CAUGHT" : "CONTROL_NOT_CAUGHT")
                : (failure == null ? "PASSED" : "FAILED");
        record(test, strategy, iterations, invocations, result, control, millis, failure);
        return failure;
    }

    private static void record(Class<?> test, Strategy strategy, int iterations, int invocations, String result,
                               boolean control, long millis, Throwable failure) {
        Map<String, Object> ev = EvidenceFiles.record("threadproof-lincheck-evidence/1");
        ev.put("test", test.getName());
        ev.put("strategy", strategy.name());
        ev.put("control", control);
        ev.put("certifies", EvidenceFiles.certifies(test.getAnnotation(Certifies.class)));
        ev.put("iterations", iterations);
        ev.put("invocationsPerIteration", invocations);
        ev.put("scenarios", iterations);
        ev.put("threads", 2);
        ev.put("actorsPerThread", 3);
        ev.put("actorsBefore", 1);
        ev.put("actorsAfter", 1);
        ev.put("result", result);
        ev.put("durationMillis", millis);
        ev.put("provenance", EvidenceFiles.provenance("Lincheck 3.7", System.getProperty("threadproof.commit",
                "unknown")));
        ev.put("failure", failure == null ? null : String.valueOf(failure.getMessage()));
        Path dir = Paths.get(System.getProperty("threadproof.lincheck.evidence", "target/lincheck-evidence"));
        EvidenceFiles.write(dir.resolve(test.getSimpleName() + "-" + strategy.name().toLowerCase(Locale.ROOT)
                + ".json"), ev);
    }
}
