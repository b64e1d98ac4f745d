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

    @Test
    void aMutantTheTestsCatchIsKilledAndOneTheyCannotSeeSurvives() throws Exception {
        Path classes = compile(FIXTURE.resolve("main"), tmp.resolve("classes"), classpath());
        List<Path> testCp = new ArrayList<>(classpath());
        testCp.add(classes);
        Path tests = compile(FIXTURE.resolve("test"), tmp.resolve("test-classes"), testCp);
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
        MutationMain.write(tmp, out, 1, 1, 1.0);
        String md = Files.readString(tmp.resolve("mutation.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("Mutants killed 1 of 2 valid (0 invalid, 0 equivalent)"), md);
        assertTrue(md.contains("| `Counter.closed` | 0 of 1 |"), md);
        assertTrue(md.contains("- `Counter.closed` Counter.java:"), md);
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
        assertEquals(1, MutationMain.readEquivalents(Paths.get("equivalent-mutants.txt")).size(),
                "the runtime's list parses");
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
