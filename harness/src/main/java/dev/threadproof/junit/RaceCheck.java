package dev.threadproof.junit;

import dev.threadproof.race.Race;
import dev.threadproof.race.RaceReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Confined: the race detector's watch over one test invocation ({@code threadproof.race=on} or {@code warn}): the
 * detector is installed by the first test (from the packages configured, or the first two names of that test
 * class's package), the races it reports while the test runs are the test's, and they fail it ({@code on}) or are
 * printed ({@code warn}); either way the test's record and evidence carry them.
 */
final class RaceCheck {
    private static final java.util.concurrent.atomic.AtomicBoolean ANNOUNCED =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final HarnessConfig.RaceMode mode;
    private final String packages;
    private final int mark;

    private RaceCheck(HarnessConfig.RaceMode mode, String packages, int mark) {
        this.mode = mode;
        this.packages = packages;
        this.mark = mark;
    }

    /**
     * Starts watching a test, installing the detector first if this is the JVM's first; null when the detector is off.
     *
     * @throws ExtensionConfigurationException if the detector cannot be installed, or the test is explored (the
     *     controlled scheduler rewrites the same classes; run the two separately)
     */
    static RaceCheck start(HarnessConfig config, Class<?> testClass, FreeThreadedExtension.Plan plan) {
        if (config.race == HarnessConfig.RaceMode.OFF) {
            return null;
        }
        if (plan.explore) {
            throw new ExtensionConfigurationException("threadproof: " + HarnessConfig.RACE + "="
                    + config.race.name().toLowerCase(java.util.Locale.ROOT) + " cannot watch an explored test ("
                    + testClass.getName() + "): explore mode's scheduler instruments the same classes; run the race"
                    + " detector in stress mode, or with " + HarnessConfig.THREADS + "=1");
        }
        String installed = Race.packages();
        if (installed != null && ANNOUNCED.compareAndSet(false, true)) {
            System.out.println("[threadproof] race detector on for packages " + installed + " (loaded at start-up by"
                    + " -javaagent; " + HarnessConfig.RACE + "=" + config.race.name().toLowerCase(java.util.Locale.ROOT)
                    + ")");
        }
        if (installed == null) {
            ANNOUNCED.set(true);
            String packages = config.racePackagesFor(testClass);
            long t0 = System.nanoTime();
            try {
                Race.install(packages);
            } catch (RuntimeException e) {
                throw new ExtensionConfigurationException("threadproof: cannot start the race detector ("
                        + HarnessConfig.RACE + "=" + config.race.name().toLowerCase(java.util.Locale.ROOT) + ", packages "
                        + packages + "): " + e.getMessage(), e);
            }
            installed = Race.packages();
            System.out.println("[threadproof] race detector on for packages " + installed + " (installed in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms; " + HarnessConfig.RACE + "="
                    + config.race.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        Race.forgetReported(); // each test meets its own races, even those an earlier test met
        return new RaceCheck(config.race, installed, Race.count());
    }

    /**
     * Stops watching: records the races found since {@link #start} in {@code record}; returns the failure that a
     * race makes under {@code on} (null when there was none, or under {@code warn}, which prints it instead).
     */
    AssertionError finish(HarnessLog.Record record) {
        List<RaceReport> found = Race.reports(mark);
        List<String> texts = new ArrayList<>();
        for (RaceReport r : found) {
            texts.add(r.toString());
        }
        record.racePackages = packages;
        record.races = List.copyOf(texts);
        if (found.isEmpty()) {
            return null;
        }
        String message = "threadproof: the race detector found " + found.size()
                + (found.size() == 1 ? " data race" : " data races") + " in this test (" + HarnessConfig.RACE + "="
                + mode.name().toLowerCase(java.util.Locale.ROOT) + "; each pair of lines once per test):\n\n"
                + String.join("\n\n", texts);
        if (mode == HarnessConfig.RaceMode.WARN) {
            System.out.println("[threadproof] WARNING: " + record.test() + ": " + message);
            return null;
        }
        return new AssertionError(message);
    }
}
