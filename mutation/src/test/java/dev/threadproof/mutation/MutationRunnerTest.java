package dev.threadproof.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner end to end on a small library and its tests (src/test/resources/fixture): a split read-modify-write
 * that a four-thread test catches, a removed volatile that a one-thread test cannot, and the fail-closed errors.
 */
class MutationRunnerTest {
    static final Path FIXTURE = Paths.get("src", "test", "resources", "fixture");

    @TempDir
    Path tmp;

    private static List<Path> classpath() {
        List<Path> cp = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.add(Paths.get(p));
        }
        return cp;
    }

    private Path compile(Path sources, Path out, List<Path> cp) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp",
                cp.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
        try (Stream<Path> s = Files.walk(sources)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        Files.createDirectories(out);
        assertEquals(0, javac.run(null, null, null, args.toArray(new String[0])), "fixture compiles");
        return out;
    }

    /** Compiles {@code sources} (tests of the fixture library) against its compiled {@code classes}. */
    private Path compileAgainst(Path classes, Path sources, Path out) throws Exception {
        List<Path> cp = new ArrayList<>(classpath());
        cp.add(classes);
        return compile(sources, out, cp);
    }

    @Test
    void aMutantTheTestsCatchIsKilledAndOneTheyCannotSeeSurvives() throws Exception {
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        Path tests = compileAgainst(classes, FIXTURE.resolve("test"), tmp.resolve("test-classes"));
        List<Mutant> mutants = MutantGenerator.generate(FIXTURE.resolve("main"), List.of(
                Operators.byName().get("SPLIT_RMW"), Operators.byName().get("REMOVE_VOLATILE")));
        assertEquals(2, mutants.size(), mutants.toString());
        List<String> seen = new ArrayList<>();
        List<MutationRunner.Outcome> out = new MutationRunner(classes, tests, classpath(), tmp.resolve("work"))
                .run(mutants, o -> seen.add(o.mutant.operator() + " " + o.status));
        assertEquals(List.of("SPLIT_RMW KILLED", "REMOVE_VOLATILE SURVIVED"), seen);
        assertTrue(out.get(0).detail.contains("countsIncrementsFromFourThreads"), out.get(0).detail);
        assertTrue(out.get(0).testsRun >= 1);
        assertEquals(2, out.get(1).testsRun, "the survivor ran every test of its type");

        // The report files of a run.
        MutationMain.write(tmp, out, 1, 1, 1.0, MutationMain.provenance(java.util.Map.of("commit", "abc")));
        String md = Files.readString(tmp.resolve("mutation.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("Mutants killed 1 of 2 valid (0 invalid, 0 equivalent)"), md);
        assertTrue(md.contains("| `Counter.closed` | 0 of 1 |"), md);
        assertTrue(md.contains("- `Counter.closed` Counter.java:"), md);
        String json = Files.readString(tmp.resolve("mutation.json"), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"commit\": \"abc\""), json);
        assertTrue(json.contains("\"cpus\": \"" + Runtime.getRuntime().availableProcessors() + "\""), json);
    }

    @Test
    void coverageRunsOnlyTheTestsThatExecuteTheMutatedMemberAndFlagsAMemberNoTestExecutes() throws Exception {
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        Path tests = compileAgainst(classes, FIXTURE.resolve("test"), tmp.resolve("test-classes"));
        Coverage cov = MutationRunner.measureCoverage(classes, tests, classpath(), tmp.resolve("cov"));
        String four = "fx.CounterTest#countsIncrementsFromFourThreads()";
        String closes = "fx.CounterTest#closes()";
        assertEquals(List.of(four), cov.testsFor("Counter", "increment"));
        assertEquals(List.of(closes), cov.testsFor("Counter", "isClosed"));
        assertEquals(List.of(), cov.testsFor("Counter", "reset"), "declared, never executed");
        assertEquals(2, cov.testsFor("Counter", "closed").size(), "a field: every test that executes its type");
        assertEquals(2, cov.testsFor("Counter", "<init>").size());

        List<Mutant> mutants = MutantGenerator.generate(FIXTURE.resolve("main"), List.of(
                Operators.byName().get("SPLIT_RMW"), Operators.byName().get("WEAKEN_ACCESS_MODE")));
        List<MutationRunner.Outcome> out = new MutationRunner(classes, List.of(MutationRunner.Stage.covered("unit",
                tests, classpath(), cov)), tmp.resolve("work")).run(mutants, o -> { });
        List<String> seen = new ArrayList<>();
        out.forEach(o -> seen.add(o.mutant.member() + " " + o.status));
        assertEquals(List.of("increment KILLED", "reset NO_COVERAGE"), seen);
        assertEquals(1, out.get(0).testsRun, "only the test that executes increment ran");
        assertEquals(0, out.get(1).testsRun);
        assertTrue(!out.get(1).killed());
    }

    @Test
    void exploredTestsRunInAStageOfTheirOwnAndKillWhatTheOneThreadTestsCannotSee() throws Exception {
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        Path both = Files.createDirectories(tmp.resolve("both/fx"));
        for (Path dir : List.of(FIXTURE.resolve("test/fx"), FIXTURE.resolve("explore-test/fx"))) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.collect(Collectors.toList())) {
                    Files.copy(f, both.resolve(f.getFileName()));
                }
            }
        }
        Path tests = compileAgainst(classes, both.getParent(), tmp.resolve("test-classes"));
        assertEquals(List.of("fx.CounterExploreTest"), MutationRunner.allTests(tests, true));
        assertEquals(List.of("fx.CounterTest"), MutationRunner.allTests(tests, false));
        // the coverage run leaves the explored class out (in one JVM with other tests its search could hang)
        Coverage cov = MutationRunner.measureCoverage(classes, tests, classpath(), tmp.resolve("cov"));
        assertEquals(List.of("fx.CounterTest#countsIncrementsFromFourThreads()"), cov.testsFor("Counter", "increment"));

        List<Mutant> mutants = MutantGenerator.generate(FIXTURE.resolve("main"), List.of(
                Operators.byName().get("SPLIT_RMW"), Operators.byName().get("REMOVE_VOLATILE")));
        List<String> seen = new ArrayList<>();
        List<MutationRunner.Outcome> out = new MutationRunner(classes, List.of(MutationRunner.Stage.explored("explore",
                tests, classpath(), List.of("-Dthreadproof.explore.iterations=100"))), tmp.resolve("work"))
                .run(mutants, o -> seen.add(o.mutant.operator() + " " + o.status));
        assertEquals(List.of("SPLIT_RMW KILLED", "REMOVE_VOLATILE SURVIVED"), seen);
        assertTrue(out.get(0).detail.startsWith("explore: "), out.get(0).detail);
        assertTrue(out.get(0).detail.contains("twoIncrementsCountTwo"), out.get(0).detail);
        assertEquals(1, out.get(1).testsRun, "the survivor ran the explored test only");
    }

    @Test
    void theRaceStageKillsARemovedVolatileThatThePlainRunCannotSee() throws Exception {
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        Path tests = compileAgainst(classes, FIXTURE.resolve("race-test"), tmp.resolve("test-classes"));
        Coverage cov = MutationRunner.measureCoverage(classes, tests, classpath(), tmp.resolve("cov"));
        List<Mutant> mutants = MutantGenerator.generate(FIXTURE.resolve("main"),
                List.of(Operators.byName().get("REMOVE_VOLATILE")));
        assertEquals(1, mutants.size(), mutants.toString());
        MutationRunner.Stage race = MutationRunner.Stage.covered("race", tests, classpath(), cov, List.of(
                "-Dthreadproof.race=on", "-Djunit.jupiter.extensions.autodetection.enabled=true",
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading"));
        assertEquals(dev.threadproof.race.Race.SLOWDOWN, race.slowdown, "the detector's slowdown is allowed for");
        java.time.Duration plain = MutationRunner.watchdogLimit(0, 1);
        assertTrue(MutationRunner.watchdogLimit(0, race.slowdown).compareTo(plain.multipliedBy(race.slowdown)) >= 0,
                "a run of short tests under the detector is allowed the slowdown on the JVM's start too");
        List<String> seen = new ArrayList<>();
        List<MutationRunner.Outcome> out = new MutationRunner(classes, List.of(MutationRunner.Stage.covered("unit",
                tests, classpath(), cov), race), tmp.resolve("work"))
                .run(mutants, o -> seen.add(o.mutant.operator() + " " + o.status));
        assertEquals(List.of("REMOVE_VOLATILE KILLED"), seen, "the unit stage passes, the race stage fails it");
        assertTrue(out.get(0).detail.startsWith("race: "), out.get(0).detail);
        assertTrue(out.get(0).detail.contains("closesWhileAnotherThreadLooks"), out.get(0).detail);
    }

    @Test
    void aCoverageRunOfFailingTestsIsAnError() throws Exception {
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        Path src = Files.createDirectories(tmp.resolve("failing/fx"));
        Files.writeString(src.resolve("FailingTest.java"), "package fx;\nclass FailingTest {\n"
                + "  @org.junit.jupiter.api.Test void fails() { org.junit.jupiter.api.Assertions.assertEquals(1,"
                + " new Counter().increment() + 1); }\n}\n");
        Path tests = compileAgainst(classes, tmp.resolve("failing"), tmp.resolve("failing-classes"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MutationRunner.measureCoverage(classes, tests, classpath(), tmp.resolve("cov")));
        assertTrue(e.getMessage().contains("a test fails without any mutant"), e.getMessage());
    }

    @Test
    void aTestJvmThatCannotStartIsAnErrorNotAKill() throws Exception {
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        Path tests = compileAgainst(classes, FIXTURE.resolve("test"), tmp.resolve("test-classes"));
        // No JUnit and no TestRunnerMain on the fork's classpath (only the annotations the mutant compiles against):
        // java exits 1, as a failing test would.
        List<Path> annotationsOnly = List.of(Paths.get(dev.threadproof.annotations.ThreadSafety.class
                .getProtectionDomain().getCodeSource().getLocation().toURI()));
        MutationRunner runner = new MutationRunner(classes, tests, annotationsOnly, tmp.resolve("work"));
        List<Mutant> mutants = MutantGenerator.generate(FIXTURE.resolve("main"),
                List.of(Operators.byName().get("SPLIT_RMW")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(mutants, o -> { }));
        assertTrue(e.getMessage().contains("fail or hang"), e.getMessage());
        Coverage cov = MutationRunner.measureCoverage(classes, tests, classpath(), tmp.resolve("cov"));
        MutationRunner covered = new MutationRunner(classes, List.of(MutationRunner.Stage.covered("unit", tests,
                annotationsOnly, cov)), tmp.resolve("work2"));
        e = assertThrows(IllegalStateException.class, () -> covered.run(mutants, o -> { }));
        assertTrue(e.getMessage().contains("the test JVM failed before any test could fail"), e.getMessage());
    }

    @Test
    void jcstressTestsAreChosenByTheMemberTheirCertifiesNamesOrElseByTheType() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("stress/st"));
        String c = "dev.threadproof.annotations.Certifies";
        Files.writeString(src.resolve("CounterStress.java"), "package st;\npublic class CounterStress {\n"
                + "  @" + c + "(type = fx.Counter.class, members = {\"increment\", \"get\"}) public static class Add {}\n"
                + "  @" + c + "(type = fx.Counter.class, members = {\"close\"}) public static class Close {}\n"
                + "  @" + c + "(type = String.class, members = {\"increment\"}) public static class Other {}\n"
                + "  public static class Plain {}\n}\n");
        Path broken = Files.createDirectories(tmp.resolve("stress/st/broken"));
        Files.writeString(broken.resolve("BrokenStress.java"), "package st.broken;\n"
                + "@" + c + "(type = fx.Counter.class, members = {\"increment\"}) public class BrokenStress {}\n");
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        Path out = compileAgainst(classes, tmp.resolve("stress"), tmp.resolve("stress-classes"));
        String controls = ".*\\.broken\\..*";
        assertEquals(List.of("st.CounterStress.Add"), CertifiesScanner.certifying(out, "fx", "Counter", "increment",
                controls));
        assertEquals(List.of("st.CounterStress.Close"), CertifiesScanner.certifying(out, "fx", "Counter", "close",
                controls));
        assertEquals(List.of("st.CounterStress.Add", "st.CounterStress.Close"),
                CertifiesScanner.certifying(out, "fx", "Counter", "closed", controls), "a field: every test of the type");
        assertEquals(List.of("st.CounterStress.Add", "st.broken.BrokenStress"),
                CertifiesScanner.certifying(out, "fx", "Counter", "increment", null));
    }

    @Test
    void whiteBoxTestsInTheTypesOwnPackageAreChosenWhenTheirCodeRefersToIt() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("stress/fx"));
        String c = "dev.threadproof.annotations.Certifies";
        // Certifies a public call elsewhere; refers to Counter only through a helper nested in the same file.
        Files.writeString(src.resolve("CounterInternalsStress.java"), "package fx;\n"
                + "public class CounterInternalsStress {\n"
                + "  static final class Probe { int peek() { return new Counter().increment(); } }\n"
                + "  @" + c + "(type = String.class, members = {\"length\"}) public static class Peek {\n"
                + "    final Probe probe = new Probe();\n  }\n"
                + "  @" + c + "(type = String.class, members = {\"length\"}) public static class Unrelated {}\n}\n");
        Files.writeString(src.resolve("Elsewhere.java"), "package fx;\n"
                + "@" + c + "(type = String.class, members = {\"length\"}) public class Elsewhere {}\n");
        Path st = Files.createDirectories(tmp.resolve("stress/st"));
        Files.writeString(st.resolve("OtherPackage.java"), "package st;\n"
                + "@" + c + "(type = String.class, members = {\"length\"}) public class OtherPackage {\n"
                + "  int peek() { return new fx.Counter().increment(); }\n}\n");
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        Path out = compileAgainst(classes, tmp.resolve("stress"), tmp.resolve("stress-classes"));
        // Unrelated shares Peek's file, whose nested Probe refers to Counter: a file is one unit of white-box test.
        assertEquals(List.of("fx.CounterInternalsStress.Peek", "fx.CounterInternalsStress.Unrelated"),
                CertifiesScanner.certifying(out, "fx", "Counter", "closed", null));
        assertEquals(List.of(), CertifiesScanner.certifying(out, "fx", "Count", "closed", null),
                "a name that is only a prefix of a referenced type is not a reference");
    }

    @Test
    void aJcstressRunStoppedBeforeItsSummaryStillNamesTheTestThatFailed() {
        List<String> partial = List.of("(Results: 24 planned; 1 passed, 0 failed, 0 soft errs, 0 hard errs)",
                "...... [FAILED] p.JoinStress.CallerSeesTheBlockDone", "       STALE        1   14.29%   Forbidden",
                "(Results: 24 planned; 5 passed, 1 failed, 0 soft errs, 0 hard errs)");
        MutationRunner.Run r = MutationRunner.jcstressRun(1, partial, 5);
        assertEquals(1, r.status);
        assertTrue(r.detail.contains("p.JoinStress.CallerSeesTheBlockDone"), r.detail);
    }

    @Test
    void jcstressResultsAreReadFromItsLastProgressLine() {
        List<String> passed = List.of("(Results: 40 planned; 1 passed, 0 failed, 0 soft errs, 0 hard errs)",
                "(Results: 40 planned; 40 passed, 0 failed, 0 soft errs, 0 hard errs)");
        MutationRunner.Run ok = MutationRunner.jcstressRun(0, passed, 5);
        assertEquals(0, ok.status);
        assertEquals(40, ok.ran);
        List<String> failed = List.of("(Results: 8 planned; 6 passed, 2 failed, 0 soft errs, 0 hard errs)",
                "RUN RESULTS:", "  Failed tests: 1 matching test results.", "", "  x.y.Stress.Publication",
                "  All remaining tests: 7 matching test results.");
        MutationRunner.Run bad = MutationRunner.jcstressRun(1, failed, 5); // jcstress exits 1 when a test fails
        assertEquals(1, bad.status);
        assertTrue(bad.detail.contains("x.y.Stress.Publication"), bad.detail);
        List<String> none = List.of("(Results: 0 planned; 0 passed, 0 failed, 0 soft errs, 0 hard errs)");
        assertEquals(3, MutationRunner.jcstressRun(0, none, 5).status, "nothing ran: an error, never a pass");
        assertEquals(5, MutationRunner.jcstressRun(0, List.of("No matching tests."), 5).status);
        assertEquals(5, MutationRunner.jcstressRun(1, List.of("Exception in thread main"), 5).status,
                "a jcstress that crashed before any result is an error, never a kill");
        assertEquals(5, MutationRunner.jcstressRun(1, passed, 5).status);
    }

    @Test
    void anUnknownStageIsRejectedBeforeAnythingRuns() throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(2, MutationMain.run(new String[] {"--sources", "s", "--classes", "c", "--test-classes", "t",
                "--classpath-file", "cp", "--out", out.toString(), "--stages", "unit,fuzz"}));
        assertTrue(!Files.exists(out), "nothing was written");
    }

    @Test
    void theEquivalentsFileNeedsAReasonPerEntry() throws Exception {
        Path ok = tmp.resolve("ok.txt");
        Files.writeString(ok, "# comment\nCounter.java REMOVE_VOLATILE private volatile boolean closed; | why\n");
        List<String[]> e = MutationMain.readEquivalents(ok);
        assertEquals(1, e.size());
        assertEquals(List.of("Counter.java", "REMOVE_VOLATILE", "private volatile boolean closed;"), List.of(e.get(0)));
        Path bad = tmp.resolve("bad.txt");
        Files.writeString(bad, "Counter.java REMOVE_VOLATILE private volatile boolean closed;\n");
        assertThrows(IllegalArgumentException.class, () -> MutationMain.readEquivalents(bad));
        // Every entry of the runtime's list names a mutant that exists: a stale entry (the code changed) is an error.
        List<String[]> listed = MutationMain.readEquivalents(Paths.get("equivalent-mutants.txt"));
        assertTrue(!listed.isEmpty(), "the runtime's list parses");
        List<Mutant> runtime = MutantGenerator.generate(Paths.get(System.getProperty("mutation.sources")),
                Operators.all());
        for (String[] entry : listed) {
            assertTrue(runtime.stream().anyMatch(m -> MutationMain.isListed(entry, m)),
                    "equivalent-mutants.txt names no mutant of the runtime: " + String.join(" ", entry));
        }
    }

    @Test
    void noMutantsOrAnOriginalThatFailsItsTestsIsAnErrorNotAScore() throws Exception {
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        MutationRunner runner = new MutationRunner(classes, Files.createDirectories(tmp.resolve("no-tests")),
                classpath(), tmp.resolve("work"));
        assertThrows(IllegalStateException.class, () -> runner.run(List.of(), o -> { }));
        List<Mutant> mutants = MutantGenerator.generate(FIXTURE.resolve("main"),
                List.of(Operators.byName().get("REMOVE_VOLATILE")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(mutants, o -> { }));
        assertTrue(e.getMessage().startsWith("no test class (*Test.class) in "), e.getMessage());
    }
}
