package dev.threadproof.mutation;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Confined to its own JVM: runs every unit test of the original classes once under {@link CoverageAgent} and writes,
 * per test method, its wall time and the members it executed; the mutation runner then runs, for a mutant, only the
 * tests that execute its member, fastest first.
 *
 * <pre>
 * java -javaagent:threadproof-mutation.jar=CLASSES -cp CLASSES:TEST_CLASSES:DEPS dev.threadproof.mutation.CoverageMain \
 *     OUT_FILE TestClass1 TestClass2 ...
 * </pre>
 *
 * <p>The file has one line per test method: {@code class#method(parameter types)}, a tab, its milliseconds, a tab, and
 * the member keys it executed, comma-separated; members run by a test class's {@code @BeforeAll} or shared fixtures
 * count for each of its tests. Exit status: 0 written, 1 a test of the original classes failed (nothing is written:
 * mutants can only be scored against passing tests), 3 no test ran, 2 bad arguments.
 */
public final class CoverageMain {
    private CoverageMain() {
    }

    /** Confined to the main thread: what one test method did, summed over its invocations. */
    static final class Row {
        long millis;
        final Set<String> keys = new TreeSet<>();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: CoverageMain OUT_FILE TEST_CLASS...");
            System.exit(2);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        for (int i = 1; i < args.length; i++) {
            Map<String, Set<String>> own = new HashMap<>();
            Map<String, Long> started = new HashMap<>();
            TestPlan[] plan = new TestPlan[1];
            List<String> stack = new ArrayList<>();
            List<TestIdentifier> tests = new ArrayList<>();
            TestExecutionListener listener = new TestExecutionListener() {
                @Override
                public void testPlanExecutionStarted(TestPlan p) {
                    plan[0] = p;
                    CoverageProbe.drain();
                }

                private void flushTo(String id) {
                    own.computeIfAbsent(id, k -> new TreeSet<>()).addAll(CoverageProbe.drain());
                }

                @Override
                public void executionStarted(TestIdentifier id) {
                    if (!stack.isEmpty()) {
                        flushTo(stack.get(stack.size() - 1));
                    }
                    stack.add(id.getUniqueId());
                    started.put(id.getUniqueId(), System.nanoTime());
                }

                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    flushTo(id.getUniqueId());
                    stack.remove(stack.size() - 1);
                    if (id.isTest()) {
                        tests.add(id);
                        long millis = (System.nanoTime() - started.get(id.getUniqueId())) / 1_000_000;
                        String key = selectorOf(id);
                        rows.computeIfAbsent(key, k -> new Row()).millis += millis;
                    }
                    if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                        failures.add(id.getUniqueId() + ": "
                                + result.getThrowable().map(Throwable::toString).orElse("failed"));
                    }
                }
            };
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(args[i])).build(),
                    listener);
            for (TestIdentifier t : tests) {
                Row row = rows.get(selectorOf(t));
                for (TestIdentifier n = t; n != null; n = plan[0].getParent(n).orElse(null)) {
                    row.keys.addAll(own.getOrDefault(n.getUniqueId(), Set.of()));
                }
            }
            System.out.println("[coverage] " + args[i] + ": " + tests.size() + " tests");
        }
        if (!failures.isEmpty()) {
            System.err.println("[coverage] the original classes fail their own tests; fix them first:");
            failures.forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
        if (rows.isEmpty()) {
            System.err.println("[coverage] no test ran");
            System.exit(3);
        }
        StringBuilder out = new StringBuilder("#declared\t0\t" + String.join(",", new TreeSet<>(
                CoverageProbe.declared())) + "\n");
        rows.forEach((k, r) -> out.append(k).append('\t').append(r.millis).append('\t')
                .append(String.join(",", r.keys)).append('\n'));
        Files.writeString(Paths.get(args[0]), out, StandardCharsets.UTF_8);
        System.out.println("[coverage] " + rows.size() + " test methods -> " + args[0]);
        System.exit(0);
    }

    /** {@code class#method(params)} of a test's method, or the class alone when it has no method source. */
    static String selectorOf(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(m -> m.getClassName() + "#" + m.getMethodName() + "(" + m.getMethodParameterTypes() + ")")
                .orElse(id.getUniqueId());
    }
}
