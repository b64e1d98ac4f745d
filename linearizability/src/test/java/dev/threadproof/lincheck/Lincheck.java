package dev.threadproof.lincheck;

import dev.threadproof.annotations.Certifies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Locale;
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
        Certifies c = test.getAnnotation(Certifies.class);
        StringBuilder members = new StringBuilder("[");
        if (c != null) {
            for (int i = 0; i < c.members().length; i++) {
                members.append(i == 0 ? "" : ", ").append(q(c.members()[i]));
            }
        }
        members.append(']');
        String json = "{\n"
                + "  \"schema\": \"threadproof-lincheck-evidence/1\",\n"
                + "  \"test\": " + q(test.getName()) + ",\n"
                + "  \"strategy\": " + q(strategy.name()) + ",\n"
                + "  \"control\": " + control + ",\n"
                + "  \"certifies\": " + (c == null ? "null" : "{\"type\": " + q(c.type().getName())
                        + ", \"members\": " + members + "}") + ",\n"
                + "  \"iterations\": " + iterations + ",\n"
                + "  \"invocationsPerIteration\": " + invocations + ",\n"
                + "  \"scenarios\": " + iterations + ",\n"
                + "  \"threads\": 2, \"actorsPerThread\": 3, \"actorsBefore\": 1, \"actorsAfter\": 1,\n"
                + "  \"result\": " + q(result) + ",\n"
                + "  \"durationMillis\": " + millis + ",\n"
                + "  \"provenance\": {\"tool\": \"Lincheck 3.7\", \"jdk\": " + q(System.getProperty("java.vm.vendor")
                        + " " + System.getProperty("java.runtime.version")) + ", \"javaVersion\": "
                        + q(System.getProperty("java.version")) + ", \"cpus\": "
                        + Runtime.getRuntime().availableProcessors() + ", \"arch\": " + q(System.getProperty("os.arch"))
                        + ", \"os\": " + q(System.getProperty("os.name")) + ", \"commit\": "
                        + q(System.getProperty("threadproof.commit", "unknown")) + ", \"date\": "
                        + q(Instant.now().toString()) + "},\n"
                + "  \"failure\": " + (failure == null ? "null" : q(String.valueOf(failure.getMessage()))) + "\n"
                + "}\n";
        Path dir = Paths.get(System.getProperty("threadproof.lincheck.evidence", "target/lincheck-evidence"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(test.getSimpleName() + "-" + strategy.name().toLowerCase(Locale.ROOT)
                    + ".json"), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch == '\n') {
                sb.append("\\n");
            } else if (ch < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
