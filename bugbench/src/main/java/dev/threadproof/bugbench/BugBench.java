package dev.threadproof.bugbench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.jetbrains.lincheck.Lincheck;

/**
 * Not thread-safe (a command): runs every program of {@link Programs} under stress (fresh threads, as the harness
 * runs a body, up to a number of runs or seconds) and under Lincheck's model checker (a number of schedules), buggy
 * form and fixed twin, and prints a Markdown table: found or not, the runs or time to the first failure.
 *
 * <p>Arguments (all optional): {@code stressRuns} (default 1000), {@code stressSeconds} (10), {@code invocations}
 * (1000), {@code out} (target/bugbench.md), {@code only} (a program name: run that one alone and print its row; Lincheck
 * is best given a fresh JVM per program, as {@code bugbench/run.sh} does, since one failed exploration was seen to
 * leave its instrumentation broken for the programs after it).
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

    /** Runs the program under Lincheck's model checker for up to {@code invocations} schedules. */
    static Outcome explore(Programs.Entry e, boolean fixed, int invocations) {
        long start = System.nanoTime();
        try {
            Lincheck.runConcurrentTest(invocations, () -> {
                try {
                    e.make(fixed).run(Program.Join.PLAIN);
                } catch (RuntimeException | Error x) {
                    throw x;
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            });
        } catch (Throwable t) {
            String text = String.valueOf(t);
            int nl = text.indexOf('\n');
            return new Outcome(true, -1, (System.nanoTime() - start) / 1e6, nl > 0 ? text.substring(0, nl) : text);
        }
        return new Outcome(false, invocations, (System.nanoTime() - start) / 1e6, null);
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
        int invocations = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path out = Paths.get(args.length > 3 ? args[3] : "target/bugbench.md");
        String only = args.length > 4 ? args[4] : null;
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Bug benchmark: stress up to %d runs or %d s per program; Lincheck %s"
                + " model checker up to %d schedules; JDK %s, %d CPUs%n%n", stressRuns, stressMillis / 1000, "3.7",
                invocations, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        md.append("| program | bug | stress: found (runs, ms) | explore: found (ms) | fixed twin: stress | fixed twin:"
                + " explore |\n|---|---|---|---|---|---|\n");
        int stressFound = 0;
        int exploreFound = 0;
        int twinFailures = 0;
        for (Programs.Entry e : Programs.all()) {
            if (only != null && !only.equals(e.name)) {
                continue;
            }
            Outcome s = stress(e, false, stressRuns, stressMillis);
            Outcome x = explore(e, false, invocations);
            Outcome sf = stress(e, true, Math.min(stressRuns, 200), stressMillis);
            Outcome xf = explore(e, true, Math.min(invocations, 200));
            stressFound += s.failed ? 1 : 0;
            exploreFound += x.failed ? 1 : 0;
            twinFailures += (sf.failed ? 1 : 0) + (xf.failed ? 1 : 0);
            String row = String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", e.name, e.bug,
                    s.failed ? String.format(Locale.ROOT, "yes (%d, %.0f)", s.runs, s.millis)
                            : String.format(Locale.ROOT, "no (%d runs, %.0f)", s.runs, s.millis),
                    x.failed ? String.format(Locale.ROOT, "yes (%.0f)", x.millis)
                            : String.format(Locale.ROOT, "no (%.0f)", x.millis),
                    sf.failed ? "FAILED: " + sf.first : "passed " + sf.runs,
                    xf.failed ? "FAILED: " + xf.first : "passed " + xf.runs);
            md.append(row);
            System.out.print(row);
            System.out.flush();
        }
        if (only != null) {
            return;
        }
        md.append(String.format(Locale.ROOT, "%nFound: stress %d of %d, explore %d of %d; fixed twins failing: %d%n",
                stressFound, Programs.all().size(), exploreFound, Programs.all().size(), twinFailures));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.print(md.substring(md.lastIndexOf("\nFound")));
    }
}
