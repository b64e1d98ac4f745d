import dev.threadproof.bugbench.Program;
import dev.threadproof.bugbench.Programs;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import kotlinx.serialization.json.Json;
import org.pastalab.fray.core.TestRunner;
import org.pastalab.fray.core.command.Configuration;
import org.pastalab.fray.core.command.ExecutionInfo;
import org.pastalab.fray.core.command.LambdaExecutor;
import org.pastalab.fray.core.command.NetworkDelegateType;
import org.pastalab.fray.core.command.SystemTimeDelegateType;
import org.pastalab.fray.core.observers.TimelineCoverageType;
import org.pastalab.fray.core.randomness.ControlledRandomProvider;
import org.pastalab.fray.core.randomness.Randomness;
import org.pastalab.fray.core.scheduler.PCTScheduler;
import org.pastalab.fray.core.scheduler.POSScheduler;
import org.pastalab.fray.core.scheduler.Scheduler;

/**
 * Not thread-safe (a command, run by bugbench/fray/run.sh in a JVM on Fray's instrumented JDK 25): runs every program
 * of the bug benchmark under Fray 0.9.2 with its two schedulers, POS and PCT, configured as its in-test launcher
 * ({@code FrayInTestLauncher.launchFray}, the way {@code @FrayTest} runs a JUnit test) configures them, and prints a
 * Markdown table to compare with explore mode's ({@code bugbench/run.sh}): found or not, the iteration and the time to
 * the first failure, how many of {@code replays} replays of the saved recording met the same failure again; then each
 * fixed twin for {@code twinIterations} iterations. Fray's in-process agent switches threads at synchronization points,
 * {@code volatile} and atomic accesses, not at plain field accesses (its {@code interleaveMemoryOps} needs Fray's own
 * command-line agent), so this is Fray as a JUnit suite meets it.
 *
 * <p>Arguments: see {@link #main}.
 */
public final class FrayBench {
    private FrayBench() {
    }

    /** One Fray configuration. */
    enum Config {
        POS("POS"), PCT("PCT");

        final String label;

        Config(String label) {
            this.label = label;
        }

        Scheduler scheduler() {
            return this == PCT ? new PCTScheduler() : new POSScheduler();
        }
    }

    private static int calls;

    private static Configuration config(Runnable body, Config c, Scheduler scheduler, Path report, int iterations,
            boolean replay) {
        ExecutionInfo info = new ExecutionInfo(new LambdaExecutor(() -> {
            body.run();
            return kotlin.Unit.INSTANCE;
        }), false, false, -1);
        // The values FrayInTestLauncher.launchFray passes (Fray 0.9.2).
        return new Configuration(info, report, iterations, 120, scheduler, new ControlledRandomProvider(), true, false,
                true, replay, false, false, NetworkDelegateType.PROACTIVE, SystemTimeDelegateType.NONE, 100_000L,
                true, true, true, false, false, false, TimelineCoverageType.RESOURCE_ORDERING);
    }

    private static Runnable body(Programs.Entry e, boolean fixed) {
        return () -> {
            calls++;
            try {
                e.make(fixed).run(Program.Join.PLAIN);
            } catch (RuntimeException | Error x) {
                throw x;
            } catch (Exception x) {
                throw new RuntimeException(x);
            }
        };
    }

    /** The first line of a failure, for comparing a replay's failure with the original. */
    private static String first(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String s = root.getClass().getName() + ": " + root.getMessage();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * {@code run ITERATIONS REPLAYS TWIN_ITERATIONS DIR PROGRAM}: one program under each scheduler, a line per result
     * appended to {@code DIR/results.tsv} as soon as it is known (a run that hangs loses only what it had not
     * finished); {@code table DIR OUT LIMIT_SECONDS ITERATIONS REPLAYS TWIN_ITERATIONS}: the Markdown table of
     * everything in {@code DIR/results.tsv}, a missing result marked as a hang.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("table")) {
            table(Paths.get(args[1]), Paths.get(args[2]), Integer.parseInt(args[3]), args[4], args[5], args[6]);
            return;
        }
        int iterations = Integer.parseInt(args[1]);
        int replays = Integer.parseInt(args[2]);
        int twinIterations = Integer.parseInt(args[3]);
        Path results = Paths.get(args[4]).resolve("results.tsv");
        Programs.Entry e = Programs.all().stream().filter(x -> x.name.equals(args[5])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("program: no program named " + args[5]));
        PrintStream log = System.err;
        for (Config c : Config.values()) {
            Path report = Paths.get("target/fray/report", e.name + "-" + c.name());
            calls = 0;
            long t0 = System.nanoTime();
            Throwable failure = new TestRunner(config(body(e, false), c, c.scheduler(), report, iterations, false))
                    .run();
            double ms = (System.nanoTime() - t0) / 1e6;
            String cell;
            if (failure == null) {
                cell = String.format(Locale.ROOT, "not found (%d iterations, %.1f s)", calls, ms / 1000);
            } else {
                String what = first(failure);
                int same = 0;
                Path recording = report.resolve("recording");
                for (int r = 0; r < replays; r++) {
                    Randomness rand = Json.Default.decodeFromString(Randomness.Companion.serializer(),
                            Files.readString(recording.resolve("random.json")));
                    Scheduler s = (Scheduler) Class.forName(Files.readString(recording.resolve("scheduler")).trim())
                            .getConstructor(Randomness.class).newInstance(rand);
                    Throwable again = new TestRunner(config(body(e, false), c, s,
                            Paths.get("target/fray/replay", e.name + "-" + c.name()), 1, true)).run();
                    if (again != null && first(again).equals(what)) {
                        same++;
                    }
                }
                cell = String.format(Locale.ROOT, "found at %d, %.2f s; replayed %d/%d", calls, ms / 1000, same,
                        replays);
            }
            log.println(e.name + " " + c.label + ": " + cell + (failure == null ? "" : ": " + first(failure)));
            append(results, e.name + "\t" + c.name() + "\tbug\t" + cell);
            calls = 0;
            Throwable twinFailure = new TestRunner(config(body(e, true), c, c.scheduler(),
                    Paths.get("target/fray/twin", e.name + "-" + c.name()), twinIterations, false)).run();
            String twin = twinFailure == null ? "passed " + calls : "FAILED: " + first(twinFailure);
            log.println(e.name + " " + c.label + " fixed twin: " + twin);
            append(results, e.name + "\t" + c.name() + "\ttwin\t" + twin);
        }
    }

    private static void append(Path file, String line) throws java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, line.replace('\n', ' ') + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static void table(Path dir, Path out, int limitSeconds, String iterations, String replays, String twins)
            throws java.io.IOException {
        java.util.Map<String, String> cells = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("results.tsv"))) {
            String[] f = line.split("\t", 4);
            cells.put(f[0] + "/" + f[1] + "/" + f[2], f[3]);
        }
        String hung = "hung: no result before the program's JVM was stopped at " + limitSeconds + " s";
        int[] found = new int[Config.values().length];
        int programs = 0;
        StringBuilder bugs = new StringBuilder("| program | POS | PCT |\n|---|---|---|\n");
        StringBuilder twinRows = new StringBuilder("| fixed twin | POS | PCT |\n|---|---|---|\n");
        for (Programs.Entry e : Programs.all()) {
            if (!cells.containsKey(e.name + "/POS/bug") && !cells.containsKey(e.name + "/POS/twin")
                    && !Files.exists(dir.resolve(e.name + ".ran"))) {
                continue; // not run (a run of some programs only)
            }
            programs++;
            bugs.append("| ").append(e.name).append(" |");
            twinRows.append("| ").append(e.name).append(" |");
            for (Config c : Config.values()) {
                String cell = cells.getOrDefault(e.name + "/" + c.name() + "/bug", hung);
                if (cell.startsWith("found")) {
                    found[c.ordinal()]++;
                }
                bugs.append(' ').append(cell).append(" |");
                twinRows.append(' ').append(cells.getOrDefault(e.name + "/" + c.name() + "/twin", hung)).append(" |");
            }
            bugs.append('\n');
            twinRows.append('\n');
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Fray 0.9.2 on the bug benchmark: %d programs, up to %s iterations each,"
                + " %s replays of each recording, twins %s iterations, each program in a JVM of its own stopped after"
                + " %d s; Java %s, %d CPUs.%n%n", programs, iterations, replays, twins, limitSeconds,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        md.append(bugs);
        md.append(String.format(Locale.ROOT, "| **found** | **%d of %d** | **%d of %d** |%n%n", found[0], programs,
                found[1], programs));
        md.append(twinRows);
        Files.writeString(out, md.toString());
        System.out.print(md);
    }
}
