package dev.threadproof.mutation;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Confined to one thread: runs the unit tests against each mutant, in a JVM of its own, and says which mutants they
 * kill. The working tree is never changed: each mutant is compiled into a folder under the work folder, and its
 * classes come first on the forked JVM's classpath.
 *
 * <p>Per mutant: compile it (a mutant that does not compile is {@code INVALID}); run the test classes that refer to
 * the mutated type, then stop at the first failure ({@code KILLED}). A run still going after the stated limit is
 * stopped by the watchdog and counts as a kill ({@code TIMED_OUT}): the limit is {@link #TIMEOUT_FACTOR} times the
 * original classes' run of the same tests, plus {@link #TIMEOUT_SLACK}. A run in which no test executed is an error,
 * never a survivor.
 */
public final class MutationRunner {
    /** A mutant's test run may take this many times the original's before the watchdog stops it. */
    public static final int TIMEOUT_FACTOR = 3;
    /** Added to the limit, for the JVM start and the JIT. */
    public static final Duration TIMEOUT_SLACK = Duration.ofSeconds(10);

    /** Immutable: what happened to one mutant. */
    public static final class Outcome {
        /** The mutant. */
        public final Mutant mutant;
        /** KILLED, TIMED_OUT, SURVIVED, INVALID or EQUIVALENT. */
        public final String status;
        /** The test that killed it, the compile errors, or empty. */
        public final String detail;
        /** How many tests ran. */
        public final long testsRun;
        /** Wall time of compile and run. */
        public final long millis;

        /**
         * Immutable: an outcome.
         *
         * @param mutant the mutant
         * @param status its status
         * @param detail the killing test, the compile errors, or why it is equivalent
         * @param testsRun how many tests ran
         * @param millis wall time
         */
        public Outcome(Mutant mutant, String status, String detail, long testsRun, long millis) {
            this.mutant = mutant;
            this.status = status;
            this.detail = detail;
            this.testsRun = testsRun;
            this.millis = millis;
        }

        /** Whether the evidence caught the mutant. */
        public boolean killed() {
            return status.equals("KILLED") || status.equals("TIMED_OUT");
        }
    }

    /** Immutable: one kind of evidence, tried in order, cheapest first: compiled test classes and their classpath. */
    public static final class Stage {
        final String name;
        final Path testClasses;
        final List<Path> classpath;
        final List<String> jvmArgs;

        /**
         * Immutable: a stage.
         *
         * @param name e.g. {@code unit} or {@code lincheck}
         * @param testClasses the compiled test classes
         * @param classpath their dependencies, with this module's jar and the JUnit launcher for the forked main
         * @param jvmArgs extra flags for the forked JVM (e.g. {@code -XX:+EnableDynamicAgentLoading} for Lincheck)
         */
        public Stage(String name, Path testClasses, List<Path> classpath, List<String> jvmArgs) {
            this.name = name;
            this.testClasses = testClasses;
            this.classpath = List.copyOf(classpath);
            this.jvmArgs = List.copyOf(jvmArgs);
        }
    }

    private final Path classes;
    private final List<Stage> stages;
    private final Path work;
    private final String java;

    /**
     * Confined: a runner with one stage of unit tests.
     *
     * @param classes the original compiled classes (e.g. {@code runtime/target/classes})
     * @param testClasses the compiled tests
     * @param classpath the tests' dependencies (JUnit, the harness, ...), with this module's jar for the forked main
     * @param work a folder for the mutants' sources and classes
     */
    public MutationRunner(Path classes, Path testClasses, List<Path> classpath, Path work) {
        this(classes, List.of(new Stage("unit", testClasses, classpath, List.of())), work);
    }

    /**
     * Confined: a runner whose stages run in order for each mutant until one kills it.
     *
     * @param classes the original compiled classes
     * @param stages the evidence, cheapest first
     * @param work a folder for the mutants' sources and classes
     */
    public MutationRunner(Path classes, List<Stage> stages, Path work) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("stages must not be empty");
        }
        this.classes = classes;
        this.stages = List.copyOf(stages);
        this.work = work;
        this.java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The test classes (binary names) of a stage whose class files refer to {@code type} in {@code pkg}; for the first
     * stage, all of them when none does.
     */
    static List<String> testsFor(Path testClasses, String pkg, String type, boolean allIfNone) throws IOException {
        List<String> all = new ArrayList<>();
        List<String> referring = new ArrayList<>();
        byte[] needle = ((pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + type).getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> s = Files.walk(testClasses)) {
            for (Path p : s.filter(f -> f.toString().endsWith("Test.class")).sorted().collect(Collectors.toList())) {
                String name = testClasses.relativize(p).toString().replace(File.separatorChar, '.')
                        .replaceAll("\\.class$", "");
                all.add(name);
                if (contains(Files.readAllBytes(p), needle)) {
                    referring.add(name);
                }
            }
        }
        return referring.isEmpty() && allIfNone ? all : referring;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String pkgOf(Mutant m) {
        return m.file().contains("/") ? m.file().substring(0, m.file().lastIndexOf('/')).replace('/', '.') : "";
    }

    /** A forked test run: exit status, tests run, killing test, wall time; status -1 when the watchdog stopped it. */
    private long[] fork(Stage stage, Path mutantClasses, List<String> tests, Duration limit, StringBuilder killedBy)
            throws IOException, InterruptedException {
        List<String> cp = new ArrayList<>();
        if (mutantClasses != null) {
            cp.add(mutantClasses.toString());
        }
        cp.add(classes.toString());
        cp.add(stage.testClasses.toString());
        stage.classpath.forEach(p -> cp.add(p.toString()));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss4m"));
        cmd.addAll(stage.jvmArgs);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), TestRunnerMain.class.getName()));
        cmd.addAll(tests);
        Path log = Files.createTempFile(work, "run", ".log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        long ran = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("TESTS_RUN ")) {
                ran = Long.parseLong(line.substring(10).trim());
            } else if (line.startsWith("KILLED_BY ")) {
                killedBy.append(line.substring(10));
            }
        }
        Files.deleteIfExists(log);
        return new long[] {done ? p.exitValue() : -1, ran, millis};
    }

    /**
     * Confined: runs the tests of the original classes once per mutated type, then every mutant.
     *
     * @param mutants the mutants
     * @param progress receives each outcome as it is known
     * @return the outcomes, in the mutants' order
     * @throws IOException if the work folder cannot be written
     * @throws InterruptedException if interrupted while a forked run is going
     * @throws IllegalStateException if there are no mutants, the original classes fail their tests, a run executed
     *     no test, or no mutant compiled: a mutation score is never reported from such a run
     */
    public List<Outcome> run(List<Mutant> mutants, Consumer<Outcome> progress)
            throws IOException, InterruptedException {
        if (mutants.isEmpty()) {
            throw new IllegalStateException("no mutant was generated: nothing can be scored");
        }
        Files.createDirectories(work);
        Map<String, long[]> baselines = new HashMap<>();
        List<Outcome> out = new ArrayList<>();
        for (Mutant m : mutants) {
            long t0 = System.nanoTime();
            Path dir = work.resolve(m.id().replaceAll("[^A-Za-z0-9._-]", "_"));
            MutantCompiler.Result compiled = MutantCompiler.compile(m, List.of(classes), dir);
            if (!compiled.valid()) {
                Outcome o = new Outcome(m, "INVALID", compiled.errors().trim(), 0,
                        (System.nanoTime() - t0) / 1_000_000);
                out.add(o);
                progress.accept(o);
                continue;
            }
            Outcome o = null;
            long ranInAll = 0;
            for (int si = 0; si < stages.size() && o == null; si++) {
                Stage stage = stages.get(si);
                List<String> tests = testsFor(stage.testClasses, pkgOf(m), m.type(), si == 0);
                if (tests.isEmpty()) {
                    if (si == 0) {
                        throw new IllegalStateException("no test class (*Test.class) in " + stage.testClasses);
                    }
                    continue;
                }
                String key = stage.name + " " + pkgOf(m) + "." + m.type();
                long[] base = baselines.get(key);
                if (base == null) {
                    StringBuilder failure = new StringBuilder();
                    base = fork(stage, null, tests, Duration.ofMinutes(30), failure);
                    if (base[0] != 0) {
                        throw new IllegalStateException("the original classes fail or hang in the " + stage.name
                                + " tests for " + key + " (exit " + base[0] + "): " + failure + "; fix them first");
                    }
                    if (base[1] == 0) {
                        throw new IllegalStateException("no " + stage.name + " test ran for " + key + ": " + tests);
                    }
                    baselines.put(key, base);
                }
                Duration limit = Duration.ofMillis(base[2] * TIMEOUT_FACTOR).plus(TIMEOUT_SLACK);
                StringBuilder killedBy = new StringBuilder();
                long[] r = fork(stage, dir.resolve("classes"), tests, limit, killedBy);
                ranInAll += r[1];
                long millis = (System.nanoTime() - t0) / 1_000_000;
                if (r[0] == -1) {
                    o = new Outcome(m, "TIMED_OUT", stage.name + ": stopped by the watchdog after "
                            + limit.toSeconds() + " s", ranInAll, millis);
                } else if (r[0] == 1) {
                    o = new Outcome(m, "KILLED", stage.name + ": " + killedBy, ranInAll, millis);
                } else if (r[0] != 0 || r[1] == 0) {
                    throw new IllegalStateException("the " + stage.name + " run of mutant " + m.id() + " ended with"
                            + " exit status " + r[0] + " after " + r[1] + " tests: a run that executed no test is an"
                            + " error");
                }
            }
            if (o == null) {
                o = new Outcome(m, "SURVIVED", ranInAll + " tests passed", ranInAll,
                        (System.nanoTime() - t0) / 1_000_000);
            }
            out.add(o);
            progress.accept(o);
        }
        if (out.stream().noneMatch(o -> !o.status.equals("INVALID"))) {
            throw new IllegalStateException("none of the " + out.size() + " mutants compiled: nothing was scored");
        }
        return out;
    }
}
