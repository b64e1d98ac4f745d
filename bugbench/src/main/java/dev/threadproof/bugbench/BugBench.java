package dev.threadproof.bugbench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import dev.threadproof.junit.Explore;
import dev.threadproof.junit.ExploreFailure;
import java.time.Duration;

/**
 * Not thread-safe (a command): runs every program of {@link Programs} under stress (fresh threads, as the harness
 * runs a body, up to a number of runs or seconds) and in explore mode (threadproof-junit's {@link Explore}: up to a
 * number of schedules, each failure replayed by its id), buggy form and fixed twin, and prints a Markdown table: found
 * or not, the runs or schedules and the time to the first failure, how many replays met the same interleaving.
 *
 * <p>Arguments (all optional): {@code stressRuns} (default 1000), {@code stressSeconds} (10), {@code schedules}
 * (1000), {@code replays} (10: how many times each failure found by exploring is replayed by its id), {@code out}
 * (target/bugbench.md), {@code only} (a program name: run that one alone).
 */
public final class BugBench {
    private BugBench() {
    }

    /** The outcome of one mode on one form of one program. */
    static final class Outcome {
        final boolean failed;
        final long runs;
        final double millis;
        final String first;
        /** For a failure found by exploring: its replay id. */
        String replayId;

        Outcome(boolean failed, long runs, double millis, String first) {
            this.failed = failed;
            this.runs = runs;
            this.millis = millis;
            this.first = first;
        }
    }

    /**
     * Runs the program's buggy or fixed form from fresh threads until it fails, {@code maxRuns} runs or
     * {@code maxMillis} pass.
     */
    static Outcome stress(Programs.Entry e, boolean fixed, long maxRuns, long maxMillis) {
        long start = System.nanoTime();
        long runs = 0;
        while (runs < maxRuns && (System.nanoTime() - start) / 1_000_000 < maxMillis) {
            runs++;
            try {
                e.make(fixed).run(Program.Join.TIMED);
            } catch (Throwable t) {
                return new Outcome(true, runs, (System.nanoTime() - start) / 1e6, String.valueOf(t));
            }
        }
        return new Outcome(false, runs, (System.nanoTime() - start) / 1e6, null);
    }

    /** Explores the program's buggy or fixed form with explore mode's engine, up to {@code schedules} schedules. */
    static Outcome explore(Programs.Entry e, boolean fixed, int schedules) {
        Explore.Result r = Explore.run(key(e, fixed), 1, schedules, Duration.ofSeconds(120), body(e, fixed));
        ExploreFailure f = r.failure();
        Outcome o = new Outcome(f != null, f != null ? f.schedule() : r.schedules(), r.millis(),
                f == null ? null : f.getMessage().lines().findFirst().orElse(""));
        o.replayId = f == null ? null : f.replayId();
        return o;
    }

    /** Replays a failure {@code times} times; returns how many met the same failure in the same interleaving. */
    static int replays(Programs.Entry e, String replayId, int times) {
        int same = 0;
        for (int i = 0; i < times; i++) {
            same += Explore.replay(key(e, false), replayId, body(e, false)).replayed() ? 1 : 0;
        }
        return same;
    }

    private static String key(Programs.Entry e, boolean fixed) {
        return "bugbench/" + e.name + (fixed ? "/fixed" : "");
    }

    /** One run of the program with a plain join: the engine schedules its threads and detects a deadlock itself. */
    private static Explore.Body body(Programs.Entry e, boolean fixed) {
        return thread -> e.make(fixed).run(Program.Join.PLAIN);
    }

    /**
     * Runs the benchmark.
     *
     * @param args stressRuns stressSeconds invocations out
     * @throws Exception when the table cannot be written
     */
    public static void main(String[] args) throws Exception {
        long stressRuns = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        long stressMillis = (args.length > 1 ? Long.parseLong(args[1]) : 10) * 1000;
        int schedules = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int replays = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Path out = Paths.get(args.length > 4 ? args[4] : "target/bugbench.md");
        String only = args.length > 5 ? args[5] : null;
        if (stressRuns < 1 || stressMillis < 1 || schedules < 1 || replays < 0) {
            throw new IllegalArgumentException("stressRuns, stressSeconds and schedules must be at least 1 and replays"
                    + " at least 0: " + String.join(" ", args));
        }
        long start = System.nanoTime();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Bug benchmark: stress up to %d runs or %d s per program; explore mode"
                + " (%s) up to %d schedules, each failure replayed %d times; fixed twins: stress %d runs, explore %d"
                + " schedules; one JVM, JDK %s, %d CPUs%n%n", stressRuns, stressMillis / 1000, "lincheck-3.7",
                schedules, replays, Math.min(stressRuns, 200), Math.min(schedules, 200),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        md.append("| program | bug | stress: found (runs, ms) | explore: found (schedule, ms) | replays, same"
                + " interleaving | fixed twin: stress | fixed twin: explore |\n|---|---|---|---|---|---|---|\n");
        int stressFound = 0;
        int exploreFound = 0;
        int replayedAll = 0;
        int twinFailures = 0;
        for (Programs.Entry e : Programs.all()) {
            if (only != null && !only.equals(e.name)) {
                continue;
            }
            Outcome s = stress(e, false, stressRuns, stressMillis);
            Outcome x = explore(e, false, schedules);
            int same = x.failed ? replays(e, x.replayId, replays) : 0;
            Outcome sf = stress(e, true, Math.min(stressRuns, 200), stressMillis);
            Outcome xf = explore(e, true, Math.min(schedules, 200));
            stressFound += s.failed ? 1 : 0;
            exploreFound += x.failed ? 1 : 0;
            replayedAll += x.failed && same == replays ? 1 : 0;
            twinFailures += (sf.failed ? 1 : 0) + (xf.failed ? 1 : 0);
            String row = String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", e.name, e.bug,
                    s.failed ? String.format(Locale.ROOT, "yes (%d, %.0f)", s.runs, s.millis)
                            : String.format(Locale.ROOT, "no (%d runs, %.0f)", s.runs, s.millis),
                    x.failed ? String.format(Locale.ROOT, "yes (%d, %.0f)", x.runs, x.millis)
                            : String.format(Locale.ROOT, "no (%d schedules, %.0f)", x.runs, x.millis),
                    x.failed ? same + " of " + replays : "-",
                    sf.failed ? "FAILED: " + sf.first : "passed " + sf.runs,
                    xf.failed ? "FAILED: " + xf.first : "passed " + xf.runs);
            md.append(row);
            System.out.print(row);
            System.out.flush();
        }
        int n = only != null ? 1 : Programs.all().size();
        md.append(String.format(Locale.ROOT, "%nFound: stress %d of %d, explore %d of %d (%d of them replayed %d of %d"
                + " times); fixed twins failing: %d; %.0f s in all%n", stressFound, n, exploreFound, n, replayedAll,
                replays, replays, twinFailures, (System.nanoTime() - start) / 1e9));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.print(md.substring(md.lastIndexOf("\nFound")));
    }
}
