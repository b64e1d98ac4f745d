package dev.threadproof.junit;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Thread-safe: JUnit's standard display names with how the harness runs each test appended, e.g.
 * {@code getReturnsWhatWasPut() [8 threads x 10]} or {@code setsLocale() [once: @ThreadUnsafe: sets the default
 * Locale]}.
 *
 * <p>Used for classes annotated {@link FreeThreaded}, and for every class when {@code -Dthreadproof.threads} turns the
 * harness on for a whole suite. Display names are made before configuration parameters are visible, so this reads
 * system properties and {@code junit-platform.properties}; when they cannot be read, the standard name is kept and
 * the extension reports the problem when the test runs.
 */
public class FreeThreadedDisplayNames extends DisplayNameGenerator.Standard {
    private static volatile Object[] state; // {HarnessConfig, UnsafeCallScanner}, made once

    /** Creates the generator; JUnit does this. */
    public FreeThreadedDisplayNames() {
    }

    /** Thread-safe: the standard name of the method, then how it runs. */
    @Override
    public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
                                               Method testMethod) {
        String name = super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod);
        try {
            Object[] s = state;
            if (s == null) {
                HarnessConfig config = HarnessConfig.fromSystemAndClasspath();
                s = new Object[] {config, new UnsafeCallScanner(config.unsafeMethods)};
                state = s;
            }
            FreeThreadedExtension.Plan plan = FreeThreadedExtension.decide(testMethod, testClass,
                    (HarnessConfig) s[0], (UnsafeCallScanner) s[1]);
            return plan.active ? name + " " + plan.describe() : name;
        } catch (RuntimeException e) { // reported by the extension when the test runs
            return name;
        }
    }
}
