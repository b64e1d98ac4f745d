package dev.threadproof.junit;

import dev.threadproof.race.Race;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Immutable: the harness's configuration, read from JUnit configuration parameters (which include system properties
 * and {@code junit-platform.properties}) and checked once per run.
 *
 * <p>Keys: {@code threadproof.threads} ({@code N} or {@code auto}; setting it runs every test free-threaded),
 * {@code threadproof.iterations} (default 1), {@code threadproof.timeout} (per thread-iteration, default {@code 60s};
 * {@code 500ms}, {@code 2m}, a plain number of seconds, or ISO-8601 {@code PT1M}; one iteration of N threads on C CPUs
 * gets it times ceil(N / C)), {@code threadproof.detect} ({@code true} by default: scan tests for process-global
 * mutators and static writes), {@code threadproof.unsafe.methods} (more mutators, a comma-separated list of
 * {@code com.example.Globals#reset}, {@code *} matches any run of characters), {@code threadproof.static.writes}
 * ({@code once}, {@code warn} or {@code ignore}: what a test that writes a static field of the project's test classes
 * does), {@code threadproof.log} ({@code compact} or {@code full}: the failures after the first as one line each, or
 * with their traces), {@code threadproof.harness.dir} (evidence folder, default {@code target/threadproof/harness}),
 * {@code threadproof.mode} ({@code stress} or {@code explore}; setting it runs every test free-threaded, explore under
 * the controlled scheduler), {@code threadproof.explore.iterations} (schedules per explored test, default 200),
 * {@code threadproof.explore.time} (time budget per explored test, default {@code 30s}) and {@code threadproof.replay}
 * (a replay id an explored failure printed: that test replays its failing schedule), {@code threadproof.race}
 * ({@code off} by default; {@code on}: the happens-before race detector watches every test and a test in which it finds
 * a data race fails; {@code warn}: the race is printed and recorded, the test's result stands) and
 * {@code threadproof.race.packages} (the packages it instruments, comma-separated; default: the first two names of
 * each test class's package, e.g. {@code com.example}).
 * A bad value, or an unknown key under {@code threadproof.}, fails every test with an error that names the key and the
 * value: the harness never falls back to serial quietly.
 */
final class HarnessConfig {
    static final String THREADS = "threadproof.threads";
    static final String ITERATIONS = "threadproof.iterations";
    static final String TIMEOUT = "threadproof.timeout";
    static final String DETECT = "threadproof.detect";
    static final String UNSAFE_METHODS = "threadproof.unsafe.methods";
    static final String DIR = "threadproof.harness.dir";
    static final String COMMIT = "threadproof.commit";
    static final String STATIC_WRITES = "threadproof.static.writes";
    static final String LOG = "threadproof.log";
    static final String MODE = "threadproof.mode";
    static final String EXPLORE_SCHEDULES = "threadproof.explore.iterations";
    static final String EXPLORE_TIME = "threadproof.explore.time";
    static final String REPLAY = "threadproof.replay";
    static final String RACE = "threadproof.race";
    static final String RACE_PACKAGES = "threadproof.race.packages";

    /** The harness's own keys. */
    static final Set<String> HARNESS_KEYS = Set.of(THREADS, ITERATIONS, TIMEOUT, DETECT, UNSAFE_METHODS, DIR, COMMIT,
            STATIC_WRITES, LOG, MODE, EXPLORE_SCHEDULES, EXPLORE_TIME, REPLAY, RACE, RACE_PACKAGES);

    /** What a data race the detector finds in a test does: nothing (detector off), fail the test, or warn. */
    enum RaceMode { OFF, ON, WARN }

    /** How a free-threaded test's threads are scheduled. */
    enum Mode { STRESS, EXPLORE }

    /** Schedules per explored test when neither the annotation nor {@code threadproof.explore.iterations} says. */
    static final int DEFAULT_SCHEDULES = 200;
    /** Threads of an explored test when neither the annotation nor {@code threadproof.threads} says. */
    static final int EXPLORE_THREADS = 2;
    static final Duration DEFAULT_EXPLORE_TIME = Duration.ofSeconds(30);

    /** What a test that writes a static field of the project's own test classes does. */
    enum StaticWrites { ONCE, WARN, IGNORE }
    /** Keys that other threadproof tools read from the same system properties; the harness accepts and ignores them. */
    static final Set<String> OTHER_TOOL_KEYS = Set.of("threadproof.junit.evidence", "threadproof.lincheck.iterations",
            "threadproof.lincheck.invocations", "threadproof.lincheck.evidence", "threadproof.spinNanos",
            "threadproof.teamFormationNanos", "threadproof.codeHash");

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern METHOD_PATTERN = Pattern.compile("[\\w.$*]+#[\\w$<>*]+");

    /** Threads for suite-wide runs; 0 when {@code threadproof.threads} is not set. */
    final int threads;
    final int iterations;
    final Duration timeout;
    final boolean detect;
    final List<String> unsafeMethods;
    final Path dir;
    final String commit;
    final StaticWrites staticWrites;
    /** Whether the failures after the first are one line each. */
    final boolean compactLog;
    /** The configured mode; null when {@code threadproof.mode} is not set (stress, and not suite-wide). */
    final Mode mode;
    final int schedules;
    final Duration exploreTime;
    /** The replay asked for, or null. */
    final Explorer.Replay replay;
    final RaceMode race;
    /** The packages the race detector instruments; null for the default (from the first test class). */
    final String racePackages;

    private HarnessConfig(int threads, int iterations, Duration timeout, boolean detect, List<String> unsafeMethods,
                          Path dir, String commit, StaticWrites staticWrites, boolean compactLog, Mode mode,
                          int schedules, Duration exploreTime, Explorer.Replay replay, RaceMode race,
                          String racePackages) {
        this.race = race;
        this.racePackages = racePackages;
        this.mode = mode;
        this.schedules = schedules;
        this.exploreTime = exploreTime;
        this.replay = replay;
        this.staticWrites = staticWrites;
        this.compactLog = compactLog;
        this.threads = threads;
        this.iterations = iterations;
        this.timeout = timeout;
        this.detect = detect;
        this.unsafeMethods = unsafeMethods;
        this.dir = dir;
        this.commit = commit;
    }

    /** Whether every test runs free-threaded ({@code threadproof.threads} or {@code threadproof.mode} is set). */
    boolean suiteWide() {
        return threads > 0 || mode != null;
    }

    /** The packages the race detector instruments for a run whose first test class is {@code testClass}. */
    String racePackagesFor(Class<?> testClass) {
        if (racePackages != null) {
            return racePackages;
        }
        String[] names = testClass.getPackageName().split("\\.");
        return names.length >= 2 ? names[0] + "." + names[1] : names[0];
    }

    /** Threads when neither the annotation nor {@code threadproof.threads} names a count. */
    static int autoThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Reads and checks the configuration.
     *
     * @param lookup a configuration parameter by key
     * @param keys every key that is set (to find unknown ones)
     * @throws ExtensionConfigurationException naming the key and value of the first bad entry
     */
    static HarnessConfig load(Function<String, Optional<String>> lookup, Collection<String> keys) {
        Set<String> unknown = new TreeSet<>();
        for (String k : keys) {
            if (k.startsWith("threadproof.") && !HARNESS_KEYS.contains(k) && !OTHER_TOOL_KEYS.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            String k = unknown.iterator().next();
            throw bad(k, lookup.apply(k).orElse(""), "unknown key; the harness reads " + new TreeSet<>(HARNESS_KEYS));
        }
        int threads = lookup.apply(THREADS).map(v -> parseThreads(THREADS, v)).orElse(0);
        int iterations = lookup.apply(ITERATIONS).map(v -> positive(ITERATIONS, v)).orElse(1);
        Duration timeout = lookup.apply(TIMEOUT).map(v -> parseDuration(TIMEOUT, v)).orElse(DEFAULT_TIMEOUT);
        boolean detect = lookup.apply(DETECT).map(v -> parseBoolean(DETECT, v)).orElse(true);
        List<String> unsafe = new ArrayList<>();
        lookup.apply(UNSAFE_METHODS).ifPresent(v -> {
            for (String p : v.split(",")) {
                String s = p.trim();
                if (!METHOD_PATTERN.matcher(s).matches()) {
                    throw bad(UNSAFE_METHODS, v, "'" + s + "' is not a method pattern such as com.example.Globals#reset"
                            + " or com.example.Globals#set*");
                }
                unsafe.add(s);
            }
        });
        Path dir = lookup.apply(DIR).map(v -> {
            if (v.isBlank()) {
                throw bad(DIR, v, "must name a folder");
            }
            return Paths.get(v);
        }).orElse(Paths.get("target", "threadproof", "harness"));
        String commit = lookup.apply(COMMIT).orElse("unknown");
        StaticWrites staticWrites = lookup.apply(STATIC_WRITES).map(v -> {
            for (StaticWrites w : StaticWrites.values()) {
                if (w.name().equalsIgnoreCase(v.trim())) {
                    return w;
                }
            }
            throw bad(STATIC_WRITES, v, "must be once, warn or ignore");
        }).orElse(StaticWrites.ONCE);
        boolean compact = lookup.apply(LOG).map(v -> {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (!s.equals("compact") && !s.equals("full")) {
                throw bad(LOG, v, "must be compact or full");
            }
            return s.equals("compact");
        }).orElse(true);
        Mode mode = lookup.apply(MODE).map(v -> {
            for (Mode m : Mode.values()) {
                if (m.name().equalsIgnoreCase(v.trim())) {
                    return m;
                }
            }
            throw bad(MODE, v, "must be stress or explore");
        }).orElse(null);
        int schedules = lookup.apply(EXPLORE_SCHEDULES).map(v -> positive(EXPLORE_SCHEDULES, v))
                .orElse(DEFAULT_SCHEDULES);
        Duration exploreTime = lookup.apply(EXPLORE_TIME).map(v -> parseDuration(EXPLORE_TIME, v))
                .orElse(DEFAULT_EXPLORE_TIME);
        Explorer.Replay replay = lookup.apply(REPLAY).filter(v -> !v.isBlank()).map(Explorer.Replay::parse)
                .orElse(null);
        RaceMode race = lookup.apply(RACE).map(v -> {
            for (RaceMode r : RaceMode.values()) {
                if (r.name().equalsIgnoreCase(v.trim())) {
                    return r;
                }
            }
            throw bad(RACE, v, "must be off, on or warn");
        }).orElse(RaceMode.OFF);
        String racePackages = lookup.apply(RACE_PACKAGES).map(v -> {
            try { // named key=value, the message reads as bad(...)'s
                return String.join(",", Race.packageNames(RACE_PACKAGES + "=" + v, v));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("threadproof: bad configuration " + e.getMessage(), e);
            }
        }).orElse(null);
        return new HarnessConfig(threads, iterations, timeout, detect, List.copyOf(unsafe), dir, commit, staticWrites,
                compact, mode, schedules, exploreTime, replay, race, racePackages);
    }

    /** How many threads share a CPU at worst: the factor one iteration's limit is scaled by. */
    static int cpuShare(int threads) {
        int cpus = Runtime.getRuntime().availableProcessors();
        return Math.max(1, (threads + cpus - 1) / cpus);
    }

    /** The limit of one iteration of {@code threads} threads: the per-thread-iteration timeout times the CPU share. */
    Duration iterationLimit(int threads) {
        return timeout.multipliedBy((long) cpuShare(threads) * raceFactor());
    }

    /** How much longer an iteration may take under the race detector: {@link Race#SLOWDOWN}, else 1. */
    int raceFactor() {
        return race == RaceMode.OFF ? 1 : Race.SLOWDOWN;
    }

    /** Appended to a timeout's message: the property, its value in force, and how to change it. */
    String timeoutHint(int threads) {
        int cpus = Runtime.getRuntime().availableProcessors();
        return " (" + TIMEOUT + "=" + FreeThreadedRunner.format(timeout) + " per thread-iteration, x"
                + cpuShare(threads)
                + " for " + threads + (threads == 1 ? " thread" : " threads") + " on " + cpus
                + (cpus == 1 ? " CPU" : " CPUs") + (raceFactor() > 1 ? ", x" + raceFactor() + " under the race detector"
                : "") + "; raise it with -D" + TIMEOUT + "=...)";
    }

    /**
     * A one-line warning when the JUnit Platform in use is older than the harness needs (1.14, which ships with
     * JUnit Jupiter 5.14; JUnit 6 is 6.x), else null; an unknown version (no manifest) gives no warning.
     */
    static String versionWarning(String platformVersion) {
        if (platformVersion == null) {
            return null;
        }
        java.util.regex.Matcher m = Pattern.compile("(\\d+)\\.(\\d+).*").matcher(platformVersion.trim());
        if (!m.matches()) {
            return null;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major > 1 || minor >= 14) {
            return null;
        }
        return "[threadproof] WARNING: JUnit Platform " + platformVersion.trim() + " is older than 1.14 (JUnit 5.14),"
                + " the oldest threadproof-junit is tested with; use JUnit 5.14+ or 6 (junit-bom)";
    }

    /** The configuration as system properties and the classpath's {@code junit-platform.properties} show it. */
    static HarnessConfig fromSystemAndClasspath() {
        Properties file = classpathProperties();
        List<String> keys = new ArrayList<>(System.getProperties().stringPropertyNames());
        keys.addAll(file.stringPropertyNames());
        return load(k -> Optional.ofNullable(System.getProperty(k, file.getProperty(k))), keys);
    }

    static Properties classpathProperties() {
        Properties p = new Properties();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = HarnessConfig.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream("junit-platform.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new ExtensionConfigurationException("threadproof: cannot read junit-platform.properties", e);
        }
        return p;
    }

    static int parseThreads(String key, String v) {
        if (v.trim().equalsIgnoreCase("auto")) {
            return autoThreads();
        }
        return positive(key, v);
    }

    static int positive(String key, String v) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "not a number" + (key.equals(THREADS) ? " (use a positive integer or 'auto')" : ""));
        }
        if (n < 1) {
            throw bad(key, v, "must be at least 1");
        }
        return n;
    }

    static Duration parseDuration(String key, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (s.startsWith("p")) { // ISO-8601, PT1M
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } else if (s.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            } else if (s.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            } else if (s.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            } else {
                d = Duration.ofSeconds(Long.parseLong(s));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw bad(key, v, "not a duration (use 60s, 500ms, 2m, a number of seconds, or PT1M)");
        }
        if (d.isZero() || d.isNegative()) {
            throw bad(key, v, "must be positive");
        }
        return d;
    }

    static boolean parseBoolean(String key, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        throw bad(key, v, "must be true or false");
    }

    static ExtensionConfigurationException bad(String key, String value, String why) {
        return new ExtensionConfigurationException("threadproof: bad configuration " + key + "=" + value + ": " + why);
    }
}
