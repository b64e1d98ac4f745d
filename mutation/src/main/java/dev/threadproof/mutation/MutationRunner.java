package dev.threadproof.mutation;

import dev.threadproof.race.Race;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Confined to one thread: runs the evidence against each mutant, in a JVM of its own, and says which mutants it
 * kills. The working tree is never changed: each mutant is compiled into a folder under the work folder, and its
 * classes come first on the forked JVM's classpath.
 *
 * <p>Per mutant: compile it (a mutant that does not compile is {@code INVALID}); then run the stages in order and stop
 * at the first failure ({@code KILLED}): typically the unit tests that execute the mutated member (by coverage, see
 * {@link #measureCoverage}), the Lincheck test classes that refer to the mutated type, and the jcstress tests whose
 * {@code @Certifies} names it. A run still going after the stated limit is stopped by the watchdog and counts as a
 * kill ({@code TIMED_OUT}): the limit is {@link #TIMEOUT_FACTOR} times the original classes' run of the same tests,
 * plus {@link #TIMEOUT_SLACK}, times the stage's slowdown ({@link #watchdogLimit}). A mutant that no stage has a test for is {@code NO_COVERAGE}, a survivor; a run in which
 * no test executed is an error, never a survivor.
 */
public final class MutationRunner {
    /**
     * Opens java.lang to the tests, as the build's test forks have it: explore mode's engine reads the fields of the
     * objects a test reaches (a thread's group, the JDK's process reaper) to snapshot the heap.
     */
    private static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    /** A mutant's test run may take this many times the original's before the watchdog stops it. */
    public static final int TIMEOUT_FACTOR = 3;
    /** Added to the limit, for the JVM start and the JIT. */
    public static final Duration TIMEOUT_SLACK = Duration.ofSeconds(10);

    /**
     * The watchdog's limit for a run whose original took {@code originalMillis}: {@link #TIMEOUT_FACTOR} times that
     * plus {@link #TIMEOUT_SLACK}, all of it times {@code slowdown}. The slack scales too: under the race detector the
     * JVM's start includes attaching the agent from a helper JVM and retransforming JUnit (1.5 to 6.5 s measured), and
     * a run of short tests stopped at an unscaled 10 s slack would count as a kill (the first full run with the race
     * stage stopped eight such runs after 10 to 24 s).
     *
     * @param originalMillis the original classes' time for the same tests
     * @param slowdown 1, or {@link dev.threadproof.race.Race#SLOWDOWN} under the race detector
     * @return the limit
     */
    static Duration watchdogLimit(long originalMillis, int slowdown) {
        return Duration.ofMillis(originalMillis * TIMEOUT_FACTOR).plus(TIMEOUT_SLACK).multipliedBy(slowdown);
    }

    /** Immutable: what happened to one mutant. */
    public static final class Outcome {
        /** The mutant. */
        public final Mutant mutant;
        /** KILLED, TIMED_OUT, SURVIVED, NO_COVERAGE, INVALID or EQUIVALENT. */
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

    /** Immutable: one kind of evidence, tried in order, cheapest first: compiled tests, how to run and select them. */
    public static final class Stage {
        final String name;
        final boolean jcstress;
        final Path testClasses;
        final List<Path> classpath;
        final List<String> jvmArgs;
        final List<String> toolArgs;
        final Coverage coverage;
        /** Whether the stage runs only the explored test classes (which every other stage leaves out). */
        final boolean explored;
        /**
         * How much slower than the coverage run the stage's tests may be before the watchdog stops them: 1, or
         * {@link Race#SLOWDOWN} for tests under the race detector (a slow run stopped there must not count as a kill).
         */
        final int slowdown;

        private Stage(String name, boolean jcstress, Path testClasses, List<Path> classpath, List<String> jvmArgs,
                      List<String> toolArgs, Coverage coverage) {
            this(name, jcstress, testClasses, classpath, jvmArgs, toolArgs, coverage, false);
        }

        private Stage(String name, boolean jcstress, Path testClasses, List<Path> classpath, List<String> jvmArgs,
                      List<String> toolArgs, Coverage coverage, boolean explored) {
            this.explored = explored;
            this.slowdown = jvmArgs.stream().anyMatch(a -> a.startsWith("-Dthreadproof.race=") && !a.endsWith("=off"))
                    ? Race.SLOWDOWN : 1;
            this.name = name;
            this.jcstress = jcstress;
            this.testClasses = testClasses;
            this.classpath = List.copyOf(classpath);
            this.jvmArgs = List.copyOf(jvmArgs);
            this.toolArgs = List.copyOf(toolArgs);
            this.coverage = coverage;
        }

        /**
         * Immutable: a stage of JUnit test classes that refer to the mutated type (by name, in their class files).
         *
         * @param name e.g. {@code unit} or {@code lincheck}
         * @param testClasses the compiled test classes
         * @param classpath their dependencies, with this module's jar and the JUnit launcher for the forked main
         * @param jvmArgs extra flags for the forked JVM (e.g. {@code -XX:+EnableDynamicAgentLoading} for Lincheck)
         */
        public Stage(String name, Path testClasses, List<Path> classpath, List<String> jvmArgs) {
            this(name, false, testClasses, classpath, jvmArgs, List.of(), null);
        }

        /**
         * Immutable: a stage of JUnit test methods chosen by coverage: those that execute the mutated member, fastest
         * first, with the watchdog's limit taken from their time in the coverage run.
         *
         * @param name e.g. {@code unit}
         * @param testClasses the compiled test classes
         * @param classpath their dependencies, with this module's jar and the JUnit launcher
         * @param coverage what {@link CoverageMain} measured on the original classes
         * @return the stage
         */
        public static Stage covered(String name, Path testClasses, List<Path> classpath, Coverage coverage) {
            return new Stage(name, false, testClasses, classpath, List.of(), List.of(), coverage);
        }

        /**
         * Immutable: the same covering unit tests, in a JVM started with {@code jvmArgs}: the {@code race} stage runs
         * them under threadproof's race detector ({@code -Dthreadproof.race=on}), which fails a test in which it
         * reports a data race, so a mutant that removes a {@code volatile} is killed by a test that makes the two
         * unordered accesses, whether or not the result came out wrong.
         *
         * @param name the stage's name
         * @param testClasses the unit tests' compiled classes
         * @param classpath the tests' dependencies
         * @param coverage which tests execute which member
         * @param jvmArgs extra flags for the forked JVM
         * @return the stage
         */
        public static Stage covered(String name, Path testClasses, List<Path> classpath, Coverage coverage,
                List<String> jvmArgs) {
            return new Stage(name, false, testClasses, classpath, jvmArgs, List.of(), coverage);
        }

        /**
         * Immutable: a stage of the explored test classes (those whose class file holds
         * {@code @FreeThreaded(mode = EXPLORE)}) that refer to the mutated type, in a JVM of their own: explore mode's
         * engine controls only the threads started inside its search, so a pool left by another test class would hang
         * it. Every other stage, and the coverage run, leaves these classes out.
         *
         * @param name e.g. {@code explore}
         * @param testClasses the compiled test classes
         * @param classpath their dependencies, with threadproof-junit, this module's jar and the JUnit launcher
         * @param jvmArgs extra flags for the forked JVM (e.g. {@code -XX:+EnableDynamicAgentLoading} on JDK 21+)
         * @return the stage
         */
        public static Stage explored(String name, Path testClasses, List<Path> classpath, List<String> jvmArgs) {
            return new Stage(name, false, testClasses, classpath, jvmArgs, List.of(), null, true);
        }

        /**
         * Immutable: a stage of jcstress tests whose {@code @Certifies} names the mutated member (or, when none does,
         * its type; negative controls, in a package named {@code broken}, left out), run by jcstress's own main with
         * {@code args}.
         *
         * @param name e.g. {@code jcstress}
         * @param testClasses the compiled jcstress tests, to read their {@code @Certifies}
         * @param classpath the jcstress jar (its forks inherit the classpath, so the mutant comes first there too)
         * @param args the budget, e.g. {@code -m sanity -f 1 -iters 1 -time 200}
         * @return the stage
         */
        public static Stage jcstress(String name, Path testClasses, List<Path> classpath, List<String> args) {
            return new Stage(name, true, testClasses, classpath, List.of(), args, null);
        }
    }

    /** Immutable: how one forked run ended. */
    static final class Run {
        /** 0 every test passed, 1 a test failed, -1 stopped by the watchdog, anything else an error. */
        final int status;
        final long ran;
        final long millis;
        final String detail;

        Run(int status, long ran, long millis, String detail) {
            this.status = status;
            this.ran = ran;
            this.millis = millis;
            this.detail = detail;
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
        return testsFor(testClasses, pkg, type, allIfNone, false);
    }

    /**
     * The test classes of a stage whose class files refer to {@code type} in {@code pkg}: the explored ones, or all the
     * others; for the first stage, all of those when none does.
     */
    static List<String> testsFor(Path testClasses, String pkg, String type, boolean allIfNone, boolean explored)
            throws IOException {
        List<String> all = allTests(testClasses, explored);
        List<String> referring = new ArrayList<>();
        byte[] needle = ((pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + type).getBytes(StandardCharsets.UTF_8);
        for (String name : all) {
            if (contains(Files.readAllBytes(testClasses.resolve(name.replace('.', File.separatorChar) + ".class")),
                    needle)) {
                referring.add(name);
            }
        }
        return referring.isEmpty() && allIfNone ? all : referring;
    }

    /** The binary names of every test class ({@code *Test.class}) under {@code testClasses}, sorted. */
    static List<String> allTests(Path testClasses) throws IOException {
        try (Stream<Path> s = Files.walk(testClasses)) {
            return s.filter(f -> f.toString().endsWith("Test.class")).sorted()
                    .map(p -> testClasses.relativize(p).toString().replace(File.separatorChar, '.')
                            .replaceAll("\\.class$", ""))
                    .collect(Collectors.toList());
        }
    }

    /** The test classes under {@code testClasses} that are explored ({@link #isExplored}), or those that are not. */
    static List<String> allTests(Path testClasses, boolean explored) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : allTests(testClasses)) {
            if (isExplored(Files.readAllBytes(testClasses.resolve(name.replace('.', File.separatorChar) + ".class")))
                    == explored) {
                out.add(name);
            }
        }
        return out;
    }

    private static final byte[] MODE_DESCRIPTOR = "Ldev/threadproof/junit/FreeThreaded$Mode;"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] EXPLORE = "EXPLORE".getBytes(StandardCharsets.UTF_8);

    /**
     * Whether a test class file asks for explore mode: an annotation value of type {@code FreeThreaded.Mode} (on the
     * class or a method) and the constant name {@code EXPLORE} in its constant pool.
     */
    static boolean isExplored(byte[] classFile) {
        return contains(classFile, MODE_DESCRIPTOR) && contains(classFile, EXPLORE);
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

    /**
     * What a mutant compiles against: the original classes first, then the stages' classpaths (which hold the original
     * classes' own dependencies, such as threadproof-annotations for the runtime).
     */
    List<Path> compileClasspath() {
        java.util.LinkedHashSet<Path> cp = new java.util.LinkedHashSet<>();
        cp.add(classes);
        for (Stage s : stages) {
            cp.addAll(s.classpath);
        }
        return new ArrayList<>(cp);
    }

    /** Runs a stage's tests against the mutant's classes (or the original's, when null) in a JVM of its own. */
    private Run fork(Stage stage, Path mutantClasses, List<String> tests, Duration limit)
            throws IOException, InterruptedException {
        // Absolute: the fork runs in a folder of its own (jcstress writes its results into the working folder).
        List<String> cp = new ArrayList<>();
        if (mutantClasses != null) {
            cp.add(mutantClasses.toAbsolutePath().toString());
        }
        cp.add(classes.toAbsolutePath().toString());
        if (!stage.jcstress) {
            cp.add(stage.testClasses.toAbsolutePath().toString());
        }
        stage.classpath.forEach(p -> cp.add(p.toAbsolutePath().toString()));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss4m", OPEN_LANG));
        cmd.addAll(stage.jvmArgs);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp)));
        Path cwd = Files.createTempDirectory(work, stage.name);
        if (stage.jcstress) {
            cmd.add("org.openjdk.jcstress.Main");
            cmd.addAll(stage.toolArgs);
            cmd.addAll(List.of("-t", tests.stream().map(t -> "\\Q" + t + "\\E").collect(Collectors.joining("|",
                    "^(", ")$"))));
        } else {
            cmd.add(TestRunnerMain.class.getName());
            cmd.addAll(tests);
            // the harness's summary and evidence of the mutant's run stay in its folder, not the project's target/
            cmd.add(cmd.indexOf("-cp"), "-Dthreadproof.harness.dir=" + cwd.resolve("harness").toAbsolutePath());
        }
        Path log = cwd.resolve("run.log");
        long t0 = System.nanoTime();
        // Unit and Lincheck tests run where the coverage run ran them (the tool's working folder: tests may read the
        // project's files), jcstress in a folder of its own, since it writes its results where it runs.
        File dirOfRun = stage.jcstress ? cwd.toFile() : new File(System.getProperty("user.dir"));
        Process p = new ProcessBuilder(cmd).directory(dirOfRun).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        // The log stays beside the mutant (or the original's run) for whoever reads a kill or a survivor.
        Files.copy(log, (mutantClasses != null ? mutantClasses.getParent() : work).resolve(
                (mutantClasses != null ? "" : "original-") + cwd.getFileName() + ".log"));
        deleteTree(cwd);
        if (!done) {
            // A jcstress test that saw a FORBIDDEN outcome (a STALE thread among them: its forks then exit slowly)
            // failed before the watchdog stopped the run: that failure is the kill, not the watchdog.
            Run partial = stage.jcstress ? jcstressRun(1, lines, millis) : null;
            if (partial != null && partial.status == 1) {
                return new Run(1, partial.ran, millis, partial.detail + "; the watchdog then stopped the run");
            }
            return new Run(-1, 0, millis, "");
        }
        return stage.jcstress ? jcstressRun(p.exitValue(), lines, millis) : junitRun(p.exitValue(), lines, millis);
    }

    private static Run junitRun(int exit, List<String> lines, long millis) {
        long ran = 0;
        StringBuilder killedBy = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("TESTS_RUN ")) {
                ran = Long.parseLong(line.substring(10).trim());
            } else if (line.startsWith("KILLED_BY ")) {
                killedBy.append(line.substring(10));
            }
        }
        if (exit == 1 && killedBy.length() == 0) {
            // The JVM's own exit status 1 (no main class, a bad flag, an error in a static initializer) is not a kill.
            return new Run(4, ran, millis, "the test JVM failed before any test could fail: " + tail(lines));
        }
        return new Run(exit, ran, millis, killedBy.length() > 0 ? killedBy.toString() : tail(lines));
    }

    /** jcstress's last progress line, {@code (Results: N planned; P passed, F failed, S soft errs, H hard errs)}. */
    private static final Pattern JCSTRESS_RESULTS = Pattern.compile(
            "\\(Results: \\d+ planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    static Run jcstressRun(int exit, List<String> lines, long millis) {
        long[] r = null;
        for (String line : lines) {
            Matcher m = JCSTRESS_RESULTS.matcher(line);
            if (m.find()) {
                r = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4))};
            }
        }
        if (r == null) {
            return new Run(5, 0, millis, "jcstress (exit " + exit + ") printed no results: " + tail(lines));
        }
        long ran = r[0] + r[1] + r[2] + r[3];
        if (r[1] + r[3] == 0) {
            // jcstress exits non-zero when a test fails; without a failed test that is an error of the run.
            return new Run(exit != 0 ? 5 : ran == 0 ? 3 : 0, ran, millis, exit != 0 ? "jcstress exited " + exit
                    + " with no failed test: " + tail(lines) : "");
        }
        // The names under "Failed tests:" and "Error tests:" in jcstress's closing summary.
        StringBuilder failed = new StringBuilder();
        boolean in = false;
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith("Failed tests:") || t.startsWith("Error tests:")) {
                in = true;
            } else if (t.startsWith("All remaining tests:") || t.startsWith("Interesting tests:")) {
                in = false;
            } else if (in && t.matches("[\\w.$]+") && failed.indexOf(t) < 0) {
                failed.append(failed.length() == 0 ? "" : ", ").append(t);
            } else if (t.matches("\\.* \\[FAILED\\] [\\w.$]+")) {
                // A progress line: the only record of a failure when the run was stopped before its summary.
                String name = t.substring(t.lastIndexOf(' ') + 1);
                if (failed.indexOf(name) < 0) {
                    failed.append(failed.length() == 0 ? "" : ", ").append(name);
                }
            }
        }
        return new Run(1, ran, millis, r[1] + " failed, " + r[3] + " hard errors"
                + (failed.length() == 0 ? "" : ": " + failed));
    }

    private static String tail(List<String> lines) {
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Confined: runs every unit test ({@code *Test.class}) of the original classes once, in a JVM of its own under
     * {@link CoverageAgent}, and returns which test methods execute which members.
     *
     * @param classes the original compiled classes, the ones instrumented
     * @param testClasses the compiled tests
     * @param classpath the tests' dependencies, with this module's classes or jar and ASM
     * @param work a folder for the coverage file and the agent's jar
     * @return the coverage
     * @throws IOException if a file cannot be written or read
     * @throws InterruptedException if interrupted while the run is going
     * @throws IllegalStateException if a test of the original classes fails or none runs
     */
    public static Coverage measureCoverage(Path classes, Path testClasses, List<Path> classpath, Path work)
            throws IOException, InterruptedException {
        Files.createDirectories(work);
        // -javaagent needs a jar: one that holds only a manifest; the agent's class comes from the classpath.
        Path agent = work.resolve("coverage-agent.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Premain-Class", CoverageAgent.class.getName());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(agent), mf)) {
            jar.flush();
        }
        Path file = work.resolve("coverage.tsv");
        List<String> cp = new ArrayList<>(List.of(classes.toAbsolutePath().toString(),
                testClasses.toAbsolutePath().toString()));
        classpath.forEach(p -> cp.add(p.toAbsolutePath().toString()));
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xss4m", OPEN_LANG, "-javaagent:" + agent + "=" + classes.toAbsolutePath(), "-cp",
                String.join(File.pathSeparator, cp), CoverageMain.class.getName(), file.toString()));
        cmd.addAll(allTests(testClasses, false)); // explored classes run in a stage of their own
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the coverage run of the original classes ended with exit status " + exit
                    + (exit == 1 ? ": a test fails without any mutant; fix it first" : ""));
        }
        return Coverage.read(file);
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
        Map<String, Run> baselines = new HashMap<>();
        List<Outcome> out = new ArrayList<>();
        for (Mutant m : mutants) {
            long t0 = System.nanoTime();
            Path dir = work.resolve(m.id().replaceAll("[^A-Za-z0-9._-]", "_"));
            MutantCompiler.Result compiled = MutantCompiler.compile(m, compileClasspath(), dir);
            if (!compiled.valid()) {
                Outcome o = new Outcome(m, "INVALID", compiled.errors().trim(), 0,
                        (System.nanoTime() - t0) / 1_000_000);
                out.add(o);
                progress.accept(o);
                continue;
            }
            Outcome o = null;
            long ranInAll = 0;
            List<String> uncovered = new ArrayList<>();
            for (int si = 0; si < stages.size() && o == null; si++) {
                Stage stage = stages.get(si);
                List<String> tests;
                Duration limit;
                if (stage.coverage != null) {
                    tests = stage.coverage.testsFor(m.type(), m.member());
                    limit = watchdogLimit(stage.coverage.millis(tests), stage.slowdown);
                } else {
                    tests = stage.jcstress
                            ? CertifiesScanner.certifying(stage.testClasses, pkgOf(m), m.type(), m.member(),
                                    ".*\\.broken\\..*")
                            : testsFor(stage.testClasses, pkgOf(m), m.type(), si == 0 && !stage.explored,
                                    stage.explored);
                    limit = null;
                }
                if (tests.isEmpty()) {
                    if (si == 0 && stage.coverage == null && !stage.explored) {
                        throw new IllegalStateException("no test class (*Test.class) in " + stage.testClasses);
                    }
                    uncovered.add(stage.name);
                    continue;
                }
                if (limit == null) {
                    String key = stage.name + " " + pkgOf(m) + "." + m.type();
                    Run base = baselines.get(key);
                    if (base == null) {
                        base = fork(stage, null, tests, Duration.ofMinutes(30));
                        if (base.status != 0) {
                            throw new IllegalStateException("the original classes fail or hang in the " + stage.name
                                    + " tests for " + key + " (exit " + base.status + "): " + base.detail
                                    + "; fix them first");
                        }
                        if (base.ran == 0) {
                            throw new IllegalStateException("no " + stage.name + " test ran for " + key + ": "
                                    + tests);
                        }
                        baselines.put(key, base);
                    }
                    limit = Duration.ofMillis(base.millis * TIMEOUT_FACTOR).plus(TIMEOUT_SLACK);
                }
                Run r = fork(stage, dir.resolve("classes"), tests, limit);
                ranInAll += r.ran;
                long millis = (System.nanoTime() - t0) / 1_000_000;
                if (r.status == -1) {
                    o = new Outcome(m, "TIMED_OUT", stage.name + ": stopped by the watchdog after "
                            + limit.toSeconds() + " s", ranInAll, millis);
                } else if (r.status == 1) {
                    o = new Outcome(m, "KILLED", stage.name + ": " + r.detail, ranInAll, millis);
                } else if (r.status != 0 || r.ran == 0) {
                    throw new IllegalStateException("the " + stage.name + " run of mutant " + m.id() + " ended with"
                            + " exit status " + r.status + " after " + r.ran + " tests (" + r.detail + "): a run"
                            + " that executed no test is an error");
                }
            }
            if (o == null && ranInAll == 0) {
                o = new Outcome(m, "NO_COVERAGE", "no test of any stage executes " + m.type() + "." + m.member(),
                        0, (System.nanoTime() - t0) / 1_000_000);
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
