package dev.threadproof.mutation;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Confined to its own JVM: runs JUnit test classes or methods ({@code class#method(parameter types)}) one after
 * another, in the order given, against a mutant's classes and stops at the first failure; the mutation runner forks it
 * once per mutant and stage.
 *
 * <pre>
 * java -cp MUTANT_CLASSES:ORIGINAL_CLASSES:TEST_CLASSES:DEPS dev.threadproof.mutation.TestRunnerMain Class1 Class2#method() ...
 * </pre>
 *
 * <p>Prints {@code TESTS_RUN n} and, on a failure, {@code KILLED_BY <test>: <failure>}. Exit status: 0 every test
 * passed, 1 a test failed (the mutant is killed), 3 no test ran (an error, never a pass), 2 bad arguments.
 */
public final class TestRunnerMain {
    private TestRunnerMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: TestRunnerMain TEST_CLASS|TEST_CLASS#METHOD(PARAMS)...");
            System.exit(2);
        }
        AtomicLong ran = new AtomicLong();
        Launcher launcher = LauncherFactory.create();
        TestExecutionListener failFast = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    ran.incrementAndGet();
                }
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    String why = result.getThrowable().map(Throwable::toString).orElse("failed");
                    System.out.println("KILLED_BY " + id.getUniqueId() + ": " + why.replace('\n', ' '));
                    System.out.println("TESTS_RUN " + ran.get());
                    System.out.flush();
                    Runtime.getRuntime().halt(1); // the first kill is enough; running threads may be stuck
                }
            }
        };
        for (String name : args) {
            List<DiscoverySelector> selectors = new ArrayList<>();
            selectors.add(name.contains("#") ? selectMethod(name) : selectClass(name));
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), failFast);
        }
        System.out.println("TESTS_RUN " + ran.get());
        System.out.flush();
        Runtime.getRuntime().halt(ran.get() == 0 ? 3 : 0);
    }
}
