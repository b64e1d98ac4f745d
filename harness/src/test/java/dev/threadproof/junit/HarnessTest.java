package dev.threadproof.junit;

import static dev.threadproof.junit.HarnessFixtures.BODIES;
import static dev.threadproof.junit.HarnessFixtures.DIRS;
import static dev.threadproof.junit.HarnessFixtures.EVENTS;
import static dev.threadproof.junit.HarnessFixtures.INSTANCES;
import static dev.threadproof.junit.HarnessFixtures.SEEN;
import static dev.threadproof.junit.HarnessFixtures.THREAD_NAMES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** What the harness does to real test classes, run through the Jupiter engine as a user's build would run them. */
class HarnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path evidence;

    @BeforeEach
    void reset() {
        HarnessFixtures.reset();
    }

    @AfterEach
    void forgetRecords() {
        HarnessLog.forget(evidence);
    }

    private EngineExecutionResults run(DiscoverySelector selector, String... config) {
        return EngineRuns.run(evidence, selector, config);
    }

    private EngineExecutionResults run(Class<?> c, String... config) {
        return run(selectClass(c), config);
    }

    private static Throwable onlyFailure(EngineExecutionResults r) {
        return EngineRuns.onlyFailure(r);
    }

    @Test
    void withoutConfigurationAPlainTestRunsOnceOnTheTestThread() {
        run(HarnessFixtures.Plain.class, "junit.jupiter.extensions.autodetection.enabled", "true")
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(1, BODIES.get());
        assertEquals(Set.of(Thread.currentThread().getName()), THREAD_NAMES);
    }

    @Test
    void suiteWideConfigurationRunsAnUnannotatedTestFromManyThreadsOnOneInstance() {
        run(HarnessFixtures.Plain.class, "junit.jupiter.extensions.autodetection.enabled", "true",
                HarnessConfig.THREADS, "5", HarnessConfig.ITERATIONS, "3")
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(15, BODIES.get());
        assertEquals(1, INSTANCES.size(), "one shared test instance");
        assertEquals(5, THREAD_NAMES.size());
        assertFalse(THREAD_NAMES.contains(Thread.currentThread().getName()));
        // @BeforeEach and @AfterEach once, outside the threads, the latter after every body.
        assertEquals(List.of("before " + Thread.currentThread().getName(),
                "after " + Thread.currentThread().getName() + " bodies=15"), EVENTS);
    }

    @Test
    void autoMeansTheUsableCoresAndAtLeastTwo() {
        run(HarnessFixtures.Plain.class, "junit.jupiter.extensions.autodetection.enabled", "true",
                HarnessConfig.THREADS, "auto").testEvents().assertStatistics(s -> s.succeeded(1));
        assertEquals(Math.max(2, Runtime.getRuntime().availableProcessors()), BODIES.get());
    }

    @Test
    void annotatedClassResolvesThreadIterationAndCountPerThread() {
        run(HarnessFixtures.Annotated.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 4; i++) {
                expected.add(t + "/" + i + "/3");
            }
        }
        assertEquals(expected, SEEN);
        assertEquals(12, BODIES.get());
        assertEquals(1, INSTANCES.size());
    }

    @Test
    void theAnnotationOverridesTheConfiguration() {
        run(HarnessFixtures.Annotated.class, HarnessConfig.THREADS, "7", HarnessConfig.ITERATIONS, "9")
                .testEvents().assertStatistics(s -> s.succeeded(1));
        assertEquals(12, BODIES.get());
    }

    @Test
    void aMethodAnnotationCoversOnlyThatMethod() {
        run(HarnessFixtures.MethodLevel.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(10, BODIES.get());
        assertEquals(List.of("plain " + Thread.currentThread().getName()), EVENTS);
    }

    @Test
    void repeatedAndParameterizedInvocationsEachRunFreeThreaded() {
        run(HarnessFixtures.Templates.class).testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        assertEquals(4 * 2 * 3, BODIES.get());
        assertEquals(Set.of("repeated 0", "repeated 1", "a 0", "a 1", "b 0", "b 1"), SEEN);
    }

    @Test
    void nestedClassesInheritTheEnclosingAnnotation() {
        run(HarnessFixtures.Outer.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(4, BODIES.get());
    }

    @Test
    void perThreadSetUpTearDownAndTemporaryDirectories() {
        run(HarnessFixtures.PerThread.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(6, BODIES.get());
        List<String> setUps = EVENTS.stream().filter(e -> e.startsWith("set up")).sorted()
                .collect(Collectors.toList());
        assertEquals(3, setUps.size(), "one @BeforeEachThread per harness thread: " + EVENTS);
        for (int t = 0; t < 3; t++) {
            assertTrue(setUps.get(t).startsWith("set up " + t + " of 3 on threadproof-body-"), setUps.get(t));
        }
        assertEquals(Set.of("torn down 0", "torn down 1", "torn down 2"),
                EVENTS.stream().filter(e -> e.startsWith("torn")).collect(Collectors.toSet()));
        assertEquals(3, new HashSet<>(DIRS).size(), "a directory per thread");
        for (Path d : DIRS) {
            assertFalse(Files.exists(d), d + " is deleted when the invocation ends");
        }
    }

    @Test
    void aTestThatRunsOnceGetsOneThreadItsHooksAndOneDirectory() {
        run(HarnessFixtures.OnceWithDirs.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(1, BODIES.get());
        assertEquals(Set.of("count 1"), SEEN);
        assertEquals(List.of("set up 0 on " + Thread.currentThread().getName()), EVENTS);
        assertEquals(2, DIRS.size());
        assertEquals(DIRS.get(0), DIRS.get(1), "the hook and the body share thread 0's directory");
        assertFalse(Files.exists(DIRS.get(0)), "deleted when the invocation ends");
    }

    @Test
    void everyFailureIsKeptAndTheFirstInIterationThreadOrderIsThrown() {
        EngineExecutionResults r = run(HarnessFixtures.Failing.class);
        Throwable t = onlyFailure(r);
        // an exception that is not an assertion stays an error for JUnit, Surefire and IDEs: not an AssertionError
        ThreadError first = assertInstanceOf(ThreadError.class, t);
        assertFalse(t instanceof AssertionError);
        assertEquals(2, first.thread());
        assertEquals(1, first.iteration());
        assertTrue(first.getMessage().startsWith("thread 2, iteration 1 of [4 threads x 3]: "
                + "java.lang.IllegalStateException: thread 2 broke"), first.getMessage());
        assertEquals("thread 2 broke in iteration 1", first.getCause().getMessage());
        assertEquals(1, first.getSuppressed().length);
        // compact log (the default): the others one line each, no trace, no cause
        ThreadError second = assertInstanceOf(ThreadError.class, first.getSuppressed()[0]);
        assertEquals(3, second.thread());
        assertEquals(1, second.iteration());
        assertTrue(second.getMessage().startsWith("thread 3, iteration 1 of [4 threads x 3]: "
                + "java.lang.IllegalStateException: thread 3 broke"), second.getMessage());
        assertEquals(null, second.getCause());
        assertEquals(0, second.getStackTrace().length);
        // Iteration 1 ran in every thread (the fixture holds each there until all four are in), iteration 2 in none.
        assertEquals(8, BODIES.get());
        // every thread's full trace is in summary.json
        HarnessLog.flush(evidence, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        String trace = readSummary().path("results").get(0).path("trace").asText();
        for (int thread = 2; thread <= 3; thread++) {
            assertTrue(trace.contains("thread " + thread + " broke in iteration 1\n\tat dev.threadproof.junit"
                    + ".HarnessFixtures$Failing.failsInSomeThreads("), trace);
        }
    }

    @Test
    void theFullLogKeepsEveryThreadsTrace() {
        Throwable t = onlyFailure(run(HarnessFixtures.Failing.class, HarnessConfig.LOG, "full"));
        ThreadError second = assertInstanceOf(ThreadError.class, t.getSuppressed()[0]);
        assertEquals("thread 3 broke in iteration 1", second.getCause().getMessage());
        assertTrue(second.getStackTrace().length > 0);
    }

    private JsonNode readSummary() {
        try {
            return JSON.readTree(Files.readString(evidence.resolve("summary.json"), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void assertionValuesSurviveTheLabel() {
        ThreadFailure f = assertInstanceOf(ThreadFailure.class, onlyFailure(run(HarnessFixtures.Assertion.class)));
        assertInstanceOf(AssertionError.class, f, "an assertion failure stays a failure");
        assertEquals(1, f.thread());
        assertEquals(1, f.getExpected().getValue());
        assertEquals(2, f.getActual().getValue());
    }

    @Test
    void anAssumptionThatFailsInEveryThreadAbortsTheTest() {
        run(HarnessFixtures.Assuming.class).testEvents().assertStatistics(s -> s.started(1).aborted(1).failed(0));
    }

    @Test
    void theWatchdogFailsAHangingTestWithStacksAndLeavesNoThreadBehind() {
        int before = harnessThreads();
        EngineExecutionResults r = run(HarnessFixtures.Hanging.class, HarnessConfig.TIMEOUT, "300ms");
        HarnessTimeoutError e = assertInstanceOf(HarnessTimeoutError.class, onlyFailure(r));
        int share = HarnessConfig.cpuShare(3);
        assertTrue(e.getMessage().startsWith("iteration 0 ran past the limit of " + (300 * share) + " ms ("
                + "threadproof.timeout=300 ms per thread-iteration, x" + share + " for 3 threads on "
                + Runtime.getRuntime().availableProcessors()), e.getMessage());
        assertTrue(e.getMessage().contains("raise it with -Dthreadproof.timeout="), e.getMessage());
        assertTrue(e.getMessage().contains("\"threadproof-waitsForever-2\""), e.getMessage());
        assertTrue(e.getMessage().contains(HarnessFixtures.Hanging.class.getName() + ".waitsForever("),
                e.getMessage());
        assertFalse(e.getMessage().contains("still running"), e.getMessage());
        // what the harness threads wait for may be another thread: the rest of the JVM is in the dump too
        assertTrue(e.getMessage().contains("stacks of the other threads of this JVM:\n"), e.getMessage());
        assertTrue(e.getMessage().contains("\"Reference Handler\""), e.getMessage());
        assertEquals(before, harnessThreads(), "harness threads alive after the test");
    }

    @Test
    void noHarnessThreadOutlivesAPassingOrFailingTest() {
        int before = harnessThreads();
        run(HarnessFixtures.Annotated.class);
        run(HarnessFixtures.Failing.class);
        run(HarnessFixtures.PerThread.class);
        assertEquals(before, harnessThreads());
        assertTrue(BODIES.get() > 0);
    }

    private static int harnessThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("threadproof-") && t.isAlive()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void threadUnsafeAndDetectedMutatorsRunOnceWithTheirReason() throws Exception {
        EngineExecutionResults r = run(HarnessFixtures.Unsafe.class,
                HarnessConfig.UNSAFE_METHODS, "dev.threadproof.junit.HarnessFixtures$Helpers#reset*");
        r.testEvents().assertStatistics(s -> s.started(5).succeeded(5));
        // marked, two levels down, lambda, configured run once each; three levels down runs on 2 threads.
        assertEquals(4 + 2, BODIES.get());
        HarnessLog.flush(evidence, System.out);
        String summary = Files.readString(evidence.resolve("summary.json"), StandardCharsets.UTF_8);
        // grouped by reason (the call path that ends a reason is not part of the group), each with its tests
        java.util.Map<String, JsonNode> byReason = new java.util.HashMap<>();
        JSON.readTree(summary).path("ranOnceByReason").forEach(g -> byReason.put(g.path("reason").asText(), g));
        assertEquals(1, byReason.get("@ThreadUnsafe: changes the default locale").path("count").asInt(), summary);
        JsonNode locale = byReason.get("calls java.util.Locale#setDefault");
        assertEquals(1, locale.path("count").asInt(), summary);
        assertEquals("dev.threadproof.junit.HarnessFixtures$Unsafe#setsLocaleTwoLevelsDown",
                locale.path("tests").get(0).asText(), summary);
        assertTrue(byReason.containsKey("calls java.lang.System#setOut"), summary);
        // the reason of each test keeps the path
        assertTrue(summary.contains("calls java.util.Locale#setDefault (in dev.threadproof.junit.HarnessFixtures"
                + "$Unsafe#setsLocaleTwoLevelsDown -> dev.threadproof.junit.HarnessFixtures$Helpers#levelOne -> "
                + "dev.threadproof.junit.HarnessFixtures$Helpers#levelTwo)"), summary);
        assertTrue(summary.contains("calls java.lang.System#setOut (in dev.threadproof.junit.HarnessFixtures"
                + "$Unsafe#redirectsOutInALambda -> dev.threadproof.junit.HarnessFixtures$Unsafe#lambda$"), summary);
        assertTrue(summary.contains("calls dev.threadproof.junit.HarnessFixtures$Helpers#resetGlobals"), summary);
        assertEquals(1, JSON.readTree(summary).path("freeThreaded").asInt(), summary);
        assertEquals(4, JSON.readTree(summary).path("ranOnce").asInt(), summary);
    }

    @Test
    void detectionCanBeSwitchedOff() {
        run(selectMethod(HarnessFixtures.Unsafe.class, "setsLocaleTwoLevelsDown"), HarnessConfig.DETECT, "false")
                .testEvents().assertStatistics(s -> s.succeeded(1));
        assertEquals(2, BODIES.get());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "threadproof.threads|0|must be at least 1",
        "threadproof.threads|-4|must be at least 1",
        "threadproof.threads|many|not a number (use a positive integer or 'auto')",
        "threadproof.iterations|0|must be at least 1",
        "threadproof.iterations|1.5|not a number",
        "threadproof.timeout|soon|not a duration",
        "threadproof.timeout|0s|must be positive",
        "threadproof.detect|yes|must be true or false",
        "threadproof.unsafe.methods|System.exit|'System.exit' is not a method pattern",
        "threadproof.thread|4|unknown key",
        "threadproof.iteration|2|unknown key",
        "threadproof.race|maybe|must be off, on or warn",
        "threadproof.race.packages|com.example,not a package|'not a package' is not a package name such as com.example",
        "threadproof.race.packages|\", \"|names no package",
    })
    void aBadValueFailsTheTestNamingKeyAndValueAndRunsNothing(String key, String value, String why) {
        // Through the launcher, as Surefire runs tests: its listeners see the configuration keys.
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(HarnessFixtures.Annotated.class))
                .configurationParameter(HarnessConfig.DIR, evidence.toString())
                .configurationParameter(key, value).build(), listener);
        List<TestExecutionSummary.Failure> failures = listener.getSummary().getFailures();
        assertEquals(1, failures.size());
        Throwable t = failures.get(0).getException();
        assertTrue(t.getMessage().startsWith("threadproof: bad configuration " + key + "=" + value + ": " + why),
                t.getMessage());
        assertEquals(0, BODIES.get(), "nothing ran");
    }

    @Test
    void aBadAnnotationFailsTheTest() {
        Throwable t = onlyFailure(run(HarnessFixtures.BadAnnotation.class));
        assertTrue(t.getMessage().contains("bad @FreeThreaded(threads=-2, iterations=0)"), t.getMessage());
        assertEquals(0, BODIES.get());
    }

    @Test
    void testsWithCertifiesWriteEvidenceAndTheSummaryCountsEverything() throws Exception {
        EngineExecutionResults r = run(HarnessFixtures.Certified.class, HarnessConfig.COMMIT, "abc123");
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        Path ok = evidence.resolve("evidence")
                .resolve("dev.threadproof.junit.HarnessFixtures$Certified-certifiesString.json");
        String json = Files.readString(ok);
        JsonNode ev = JSON.readTree(json);
        assertEquals("threadproof-harness-evidence/1", ev.path("schema").asText(), json);
        assertEquals("java.lang.String", ev.path("certifies").path("type").asText(), json);
        assertEquals(List.of("length", "isEmpty"), List.of(ev.path("certifies").path("members").get(0).asText(),
                ev.path("certifies").path("members").get(1).asText()), json);
        assertEquals(2, ev.path("certifies").path("members").size(), json);
        assertEquals("PASSED", ev.path("result").asText(), json);
        assertEquals("free-threaded", ev.path("mode").asText(), json);
        assertEquals(2, ev.path("threads").asInt(), json);
        assertEquals(3, ev.path("iterations").asInt(), json);
        assertEquals(1, ev.path("invocations").asInt(), json);
        assertEquals(6, ev.path("threadIterations").asLong(), json);
        assertEquals("abc123", ev.path("provenance").path("commit").asText(), json);
        String failed = Files.readString(evidence.resolve("evidence")
                .resolve("dev.threadproof.junit.HarnessFixtures$Certified-failsFreeThreaded.json"));
        assertEquals("FAILED", JSON.readTree(failed).path("result").asText(), failed);
        assertTrue(JSON.readTree(failed).path("failure").asText().contains("only thread 0 passes"), failed);

        List<String> console = new ArrayList<>();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        HarnessLog.flush(evidence, new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
        console.addAll(List.of(bytes.toString(StandardCharsets.UTF_8).split("\n")));
        // 6 of certifiesString; failsFreeThreaded adds thread 0's first body unless it saw thread 1's break first.
        assertTrue(console.get(0).matches("\\[threadproof] 2 tests: 2 ran free-threaded, 0 ran once; [67]"
                + " thread-iterations"), console.get(0));
        assertTrue(console.get(1).startsWith("[threadproof]   FAILED free-threaded: failsFreeThreaded(int) [2 threads x 3] "
                + "(dev.threadproof.junit.HarnessFixtures$Certified#failsFreeThreaded)"), console.get(1));
        String summary = Files.readString(evidence.resolve("summary.json"));
        JsonNode sum = JSON.readTree(summary);
        assertEquals("threadproof-harness-summary/2", sum.path("schema").asText(), summary);
        assertEquals(2, sum.path("tests").asInt(), summary);
        assertEquals(2, sum.path("freeThreaded").asInt(), summary);
        assertEquals(0, sum.path("ranOnce").asInt(), summary);
    }

    @Test
    void classAnnotationAppendsHowEachTestRunsToItsDisplayName() {
        List<String> names = run(HarnessFixtures.Annotated.class).testEvents().started().stream()
                .map(Event::getTestDescriptor).map(d -> d.getDisplayName()).collect(Collectors.toList());
        assertEquals(List.of("body(int, int, int) [3 threads x 4]"), names);
        List<String> unsafe = run(selectMethod(HarnessFixtures.Unsafe.class, "marked")).testEvents().started()
                .stream().map(Event::getTestDescriptor).map(d -> d.getDisplayName()).collect(Collectors.toList());
        assertEquals(List.of("marked() [once: @ThreadUnsafe: changes the default locale]"), unsafe);
    }

    @Test
    void hostileNamesParametersAndMessagesReachTheSummaryIntact() throws Exception {
        EngineExecutionResults r = run(HarnessFixtures.Hostile.class);
        int n = HarnessFixtures.HOSTILE.length;
        r.testEvents().assertStatistics(s -> s.started(n + 1).succeeded(n).failed(1));
        assertEquals(Set.of(HarnessFixtures.HOSTILE), SEEN);
        List<String> displays = r.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName())
                .collect(Collectors.toList());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        HarnessLog.flush(evidence, new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("summary and evidence: "), console.toString());
        assertEquals(List.of(), HarnessLog.takeWriteErrors());
        JsonNode sum = readSummary();
        assertEquals(n + 1, sum.path("tests").asInt());
        List<String> back = new ArrayList<>();
        sum.path("results").forEach(t -> back.add(t.path("display").asText()));
        for (String d : displays) { // each invocation's name, read back exactly, under its container's
            assertTrue(back.stream().anyMatch(x -> x.contains(d)), visible(d + " in " + back));
        }
        // JUnit 5 strips the trailing NUL, JUnit 6 shows it as U+FFFD; the lone surrogate survives both
        assertTrue(displays.stream().anyMatch(d -> d.startsWith("fails \uD834 with")), visible(displays.toString()));
        String failure = null;
        for (JsonNode t : sum.path("results")) {
            if (t.path("result").asText().equals("FAILED")) {
                failure = t.path("failure").asText();
            }
        }
        assertTrue(failure != null && failure.contains("lone \uD834 and NUL \u0000 in a message"), failure);
        JsonNode ev = JSON.readTree(evidence.resolve("evidence")
                .resolve("dev.threadproof.junit.HarnessFixtures$Hostile-fails.json").toFile());
        assertTrue(ev.path("failure").asText().contains("lone \uD834 and NUL \u0000"), ev.toString());
        try (java.util.stream.Stream<Path> files = Files.walk(evidence)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).collect(Collectors.toList()));
        }
    }

    @Test
    void anEvidenceFileThatCannotBeWrittenFailsItsTestNamingTheFileAndTheTest() throws Exception {
        Files.writeString(evidence.resolve("evidence"), "a file where the evidence folder must go");
        Throwable t = onlyFailure(run(selectMethod(HarnessFixtures.Certified.class, "certifiesString")));
        assertTrue(t.getMessage().contains("cannot write the evidence file " + evidence.resolve("evidence")),
                t.getMessage());
        assertTrue(t.getMessage().contains("of test dev.threadproof.junit.HarnessFixtures$Certified#certifiesString"),
                t.getMessage());
    }

    /** The tests a summary's results name. */
    private static java.util.Set<String> testsOf(JsonNode summary) {
        java.util.Set<String> tests = new java.util.TreeSet<>();
        summary.path("results").forEach(t -> tests.add(t.path("test").asText()));
        return tests;
    }

    @Test
    void jvmsThatShareAFolderMergeTheirResultsIntoOneSummary() throws Exception {
        // Each flush stands for one Surefire fork's JVM (forkCount > 1 or reuseForks=false): the file is all they share.
        run(HarnessFixtures.Annotated.class);
        HarnessLog.flush(evidence, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        JsonNode first = readSummary();
        assertEquals(java.util.Set.of("dev.threadproof.junit.HarnessFixtures$Annotated#body"), testsOf(first));
        run(HarnessFixtures.Unsafe.class, HarnessConfig.UNSAFE_METHODS,
                "dev.threadproof.junit.HarnessFixtures$Helpers#reset*");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        HarnessLog.flush(evidence, new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
        JsonNode both = readSummary();
        assertEquals(1 + 5, both.path("tests").asInt(), both.toString());
        long unsafeIterations = 0;
        for (JsonNode t : both.path("results")) {
            unsafeIterations += t.path("test").asText().contains("$Unsafe#") ? t.path("threadIterations").asLong() : 0;
        }
        assertTrue(unsafeIterations > 0, both.toString());
        assertEquals(first.path("threadIterations").asLong() + unsafeIterations, both.path("threadIterations").asLong(),
                "the second JVM's thread-iterations added to the first's");
        assertEquals(5 - 1, both.path("ranOnce").asInt(), both.toString());
        assertTrue(testsOf(both).contains("dev.threadproof.junit.HarnessFixtures$Annotated#body"), both.toString());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("(with 1 results of other JVMs that tested the"
                + " same code)"), console.toString(StandardCharsets.UTF_8));
        // the console block is this JVM's own: 5 tests
        assertTrue(console.toString(StandardCharsets.UTF_8).startsWith("[threadproof] 5 tests: 1 ran free-threaded,"
                + " 4 ran once"), console.toString(StandardCharsets.UTF_8));
        // The same JVM's tests run again (a rerun without clean) replace their results instead of adding to them.
        run(HarnessFixtures.Annotated.class);
        HarnessLog.flush(evidence, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertEquals(both.path("tests").asInt(), readSummary().path("tests").asInt(), readSummary().toString());
        // A summary of other code is replaced, not merged.
        java.util.Map<String, Object> other = dev.threadproof.evidence.EvidenceFiles.read(
                evidence.resolve("summary.json"));
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> provenance = (java.util.Map<String, Object>) other.get("provenance");
        provenance.put("commit", "0000000000000000000000000000000000000000");
        dev.threadproof.evidence.EvidenceFiles.write(evidence.resolve("summary.json"), other);
        run(HarnessFixtures.Annotated.class);
        HarnessLog.flush(evidence, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertEquals(java.util.Set.of("dev.threadproof.junit.HarnessFixtures$Annotated#body"), testsOf(readSummary()));
    }

    @Test
    void aSummaryThatCannotBeWrittenFailsTheLauncherSession() throws Exception {
        run(HarnessFixtures.Annotated.class);
        Files.createDirectories(evidence.resolve("summary.json")); // a folder where the file must go
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        HarnessLog.flush(evidence, new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("[threadproof] ERROR: threadproof: cannot write"
                + " the summary " + evidence.resolve("summary.json")), console.toString());
        HarnessSessionListener listener = new HarnessSessionListener();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> listener.launcherSessionClosed(null));
        assertTrue(e.getMessage().contains("HarnessFixtures$Annotated#body"), e.getMessage());
        listener.launcherSessionClosed(null); // reported once
        try (java.util.stream.Stream<Path> files = Files.list(evidence)) {
            assertEquals(List.of(evidence.resolve("summary.json"), evidence.resolve(HarnessLog.SUMMARY_LOCK)),
                    files.sorted().collect(Collectors.toList()), "no temporary file is left");
        }
    }

    @Test
    void theTimeoutBoundsOneIterationNotTheWholeTest() {
        // six iterations of 250 ms: 1.5 s in all, each well inside a 1 s limit
        run(HarnessFixtures.SlowIterations.class, HarnessConfig.TIMEOUT, "1s").testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(12, BODIES.get());
    }

    @Test
    void threadsThatIgnoreTheInterruptAreNamedAndCountedAtTheEnd() throws Exception {
        HarnessFixtures.stopIgnoring = false;
        try {
            HarnessTimeoutError e = assertInstanceOf(HarnessTimeoutError.class,
                    onlyFailure(run(HarnessFixtures.IgnoresInterrupts.class, HarnessConfig.TIMEOUT, "200ms")));
            assertTrue(e.getMessage().contains("still running 5 s after being interrupted"), e.getMessage());
            assertTrue(e.getMessage().contains("threadproof-neverStops-0"), e.getMessage());
            assertTrue(FreeThreadedRunner.leftBehind().containsAll(
                    List.of("threadproof-neverStops-0", "threadproof-neverStops-1")), FreeThreadedRunner.leftBehind()
                    .toString());
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            HarnessLog.flush(evidence, new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("harness threads still running at the end"),
                    console.toString());
            assertTrue(readSummary().path("leftBehindThreads").toString().contains("threadproof-neverStops-1"));
        } finally {
            HarnessFixtures.stopIgnoring = true;
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("threadproof-neverStops-")) {
                t.join(10_000);
            }
        }
        assertFalse(FreeThreadedRunner.leftBehind().toString().contains("neverStops"));
    }

    @Test
    void aTestThatWritesAStaticFieldOfTheProjectsTestClassesRunsOnceAndSaysWhichField() throws Exception {
        run(HarnessFixtures.StaticWriter.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(1 + 2, BODIES.get(), "the writer once, the reader on 2 threads");
        HarnessLog.flush(evidence, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        String summary = readSummary().toString();
        assertTrue(summary.contains("writes static field dev.threadproof.junit.HarnessFixtures$Passwords.rotations"
                + " (in dev.threadproof.junit.HarnessFixtures$StaticWriter#rotatesThePassword -> "
                + "dev.threadproof.junit.HarnessFixtures$Passwords#rotate)"), summary);

        HarnessFixtures.reset();
        run(HarnessFixtures.StaticWriter.class, HarnessConfig.STATIC_WRITES, "warn");
        assertEquals(4, BODIES.get(), "warn: both free-threaded");
        HarnessLog.flush(evidence, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        JsonNode sum = readSummary();
        assertEquals(1, sum.path("warnings").size(), sum.toString());
        assertTrue(sum.path("warnings").get(0).asText().contains("Passwords.rotations"), sum.toString());

        HarnessFixtures.reset();
        run(HarnessFixtures.StaticWriter.class, HarnessConfig.STATIC_WRITES, "ignore");
        assertEquals(4, BODIES.get(), "ignore: both free-threaded");
        HarnessLog.flush(evidence, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertEquals(0, readSummary().path("warnings").size());
    }

    @Test
    void dynamicTestsRunOnceAndAreCounted() {
        run(HarnessFixtures.Dynamic.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(2, BODIES.get());
        HarnessLog.flush(evidence, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        JsonNode sum = readSummary();
        assertEquals(2, sum.path("ranOnce").asInt(), sum.toString());
        assertEquals(FreeThreadedExtension.DYNAMIC, sum.path("ranOnceByReason").get(0).path("reason").asText());
        assertEquals("PASSED", sum.path("results").get(0).path("result").asText());
    }

    @Test
    void aJUnitPlatformOlderThanTheMinimumIsNamedInAWarning() {
        assertTrue(HarnessConfig.versionWarning("1.13.4").startsWith("[threadproof] WARNING: JUnit Platform 1.13.4 is"
                + " older than 1.14"));
        assertEquals(null, HarnessConfig.versionWarning("1.14.1"));
        assertEquals(null, HarnessConfig.versionWarning("6.0.1"));
        assertEquals(null, HarnessConfig.versionWarning(null));
    }

    @Test
    void badLogAndStaticWritesValuesNameTheKey() {
        assertTrue(onlyFailure(run(HarnessFixtures.Annotated.class, HarnessConfig.LOG, "verbose")).getMessage()
                .contains("threadproof: bad configuration threadproof.log=verbose: must be compact or full"));
        assertTrue(onlyFailure(run(HarnessFixtures.Annotated.class, HarnessConfig.STATIC_WRITES, "fail"))
                .getMessage().contains("threadproof.static.writes=fail: must be once, warn or ignore"));
    }

    @Test
    void everyInvocationOfATemplateOrFactoryIsNamedWithHowItRanInTheSummary() {
        run(HarnessFixtures.Templates.class);
        run(HarnessFixtures.Dynamic.class);
        HarnessLog.flush(evidence, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        List<String> displays = new ArrayList<>();
        readSummary().path("results").forEach(t -> displays.add(t.path("display").asText()));
        assertTrue(displays.size() >= 4, displays.toString());
        for (String d : displays) {
            assertTrue(d.endsWith(" [2 threads x 3]") || d.endsWith(" [once: " + FreeThreadedExtension.DYNAMIC + "]"),
                    d);
        }
        assertTrue(displays.contains("cases() one [once: " + FreeThreadedExtension.DYNAMIC + "]"), displays.toString());
    }

    @Test
    void theStartLineSaysHowTestsRunAndHowToChangeIt() {
        java.util.Map<String, String> m = java.util.Map.of(HarnessConfig.THREADS, "3", HarnessConfig.ITERATIONS, "5",
                HarnessConfig.TIMEOUT, "90s", HarnessConfig.STATIC_WRITES, "warn");
        HarnessConfig c = HarnessConfig.load(k -> java.util.Optional.ofNullable(m.get(k)), m.keySet());
        String line = FreeThreadedExtension.announcement(c);
        assertTrue(line.startsWith("[threadproof] every test runs free-threaded: [3 threads x 5], timeout 90 s per"
                + " thread-iteration (x" + HarnessConfig.cpuShare(3) + " on "), line);
        for (String s : List.of("static writes warn", "log compact", "-Dthreadproof.threads=N",
                "-Dthreadproof.timeout=", "-Dthreadproof.unsafe.methods=", "summary.json")) {
            assertTrue(line.contains(s), s + " in " + line);
        }
    }

    /** A message that Surefire's XML keeps whole: every char outside printable ASCII as its Java escape. */
    private static String visible(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c)
                    : String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
        }
        return b.toString();
    }
}
