package dev.threadproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator as users point it at their own library: bad input is an error that names the problem and writes
 * nothing; Surefire/Failsafe reports join with the compiled tests' {@code @Certifies}; fail-open guards for certifying
 * tests that were skipped or never ran.
 */
class ReportInputTest {
    @TempDir
    Path tmp;

    private static final String FIXTURES = "dev.threadproof.report.fixtures.ReportFixtures";

    /** Runs the command line; returns its exit status and keeps what it printed to stderr. */
    private String stderr;

    private int main(String... args) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return ReportMain.run(args);
        } finally {
            System.setErr(old);
            stderr = err.toString(StandardCharsets.UTF_8);
        }
    }

    private List<String> runtimeArgs(String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("--classes", ReportTest.runtimeClasses(),
                "--package", "dev.threadproof.runtime", "--out", tmp.resolve("out").toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void aClassesFolderThatDoesNotExistIsAnErrorAndNothingIsWritten() throws Exception {
        Path junit = Files.createDirectories(tmp.resolve("junit"));
        assertEquals(2, main("--classes", tmp.resolve("no/classes").toString(), "--package", "com.example",
                "--junit", junit.toString(), "--out", tmp.resolve("out").toString()));
        assertTrue(stderr.contains("classes folder or jar " + tmp.resolve("no/classes") + " does not exist"), stderr);
        assertFalse(Files.exists(tmp.resolve("out")), "a report was written from bad input");
    }

    @Test
    void aPackageThatMatchesNoClassIsAnErrorNamingIt() throws Exception {
        List<String> a = runtimeArgs("--package", "dev.threadproof.runtme");
        assertEquals(2, main(a.toArray(new String[0])));
        assertTrue(stderr.contains("package prefix 'dev.threadproof.runtme' matches no class"), stderr);
        assertFalse(Files.exists(tmp.resolve("out")));
        assertEquals(2, main("--classes", ReportTest.runtimeClasses(), "--out", tmp.resolve("out").toString()));
        assertTrue(stderr.contains("no package was given"), stderr);
        assertEquals(2, main("--package", "dev.threadproof.runtime", "--out", tmp.resolve("out").toString()));
        assertTrue(stderr.contains("no classes were given"), stderr);
    }

    @Test
    void anUnknownVerdictInFailOnIsAnError() throws Exception {
        assertEquals(2, main(runtimeArgs("--fail-on", "FAILED,BROKEN").toArray(new String[0])));
        assertTrue(stderr.contains("'BROKEN' is not a verdict"), stderr);
        assertEquals(2, main(runtimeArgs("--fail-on", "CERTIFIED").toArray(new String[0])));
        assertTrue(stderr.contains("CERTIFIED is never a failure"), stderr);
    }

    @Test
    void anAnnotationWithALevelThisReportDoesNotKnowIsAnErrorNamingTheElement() throws Exception {
        // A class compiled against another ThreadSafety, one with a fifth level: the report reads it with its own.
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(src.resolve("dev/threadproof/annotations"));
        Files.writeString(src.resolve("dev/threadproof/annotations/ThreadSafety.java"),
                "package dev.threadproof.annotations;\n"
                + "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                + "public @interface ThreadSafety { Level level(); String note() default \"\";\n"
                + "  enum Level { IMMUTABLE, THREAD_SAFE, CONDITIONAL, CONFINED, LOCK_FREE } }\n");
        Files.createDirectories(src.resolve("com/example/odd"));
        Files.writeString(src.resolve("com/example/odd/Odd.java"), "package com.example.odd;\n"
                + "import dev.threadproof.annotations.ThreadSafety;\n"
                + "@ThreadSafety(level = ThreadSafety.Level.LOCK_FREE) public class Odd {}\n");
        Path classes = tmp.resolve("classes");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("dev/threadproof/annotations/ThreadSafety.java").toString(),
                src.resolve("com/example/odd/Odd.java").toString()));
        BadInputException e = assertThrows(BadInputException.class,
                () -> ApiModel.read(List.of(classes), List.of(), List.of("com.example.odd")));
        assertTrue(e.getMessage().contains("com.example.odd.Odd declares @ThreadSafety(level = LOCK_FREE), which is "
                + "not a level"), e.getMessage());
    }

    @Test
    void aLibraryInAJarIsReadLikeAFolder() throws Exception {
        // The runtime's classes are a folder (module build) or a jar (reactor build): make the other form of it.
        Path given = Path.of(ReportTest.runtimeClasses());
        Path jar = given;
        Path folder = given;
        if (Files.isDirectory(given)) {
            jar = tmp.resolve("lib.jar");
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                 java.util.stream.Stream<Path> files = Files.walk(given)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(p)) {
                        out.putNextEntry(new java.util.jar.JarEntry(given.relativize(p).toString().replace('\\', '/')));
                        Files.copy(p, out);
                        out.closeEntry();
                    }
                }
            }
        } else {
            folder = tmp.resolve("lib");
            try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(given, (ClassLoader) null);
                 java.util.stream.Stream<Path> files = Files.walk(fs.getPath("/"))) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(p)) {
                        Path to = folder.resolve(fs.getPath("/").relativize(p).toString());
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to);
                    }
                }
            }
        }
        List<ApiModel.Row> fromJar = ApiModel.read(List.of(jar), List.of(), List.of("dev.threadproof.runtime"));
        List<ApiModel.Row> fromFolder = ApiModel.read(List.of(folder), List.of(), List.of("dev.threadproof.runtime"));
        assertEquals(fromFolder.size(), fromJar.size());
        assertTrue(fromJar.size() > 100, fromJar.size() + " rows");
    }

    /** A folder holding only the fixture test classes, so the guard for certifying tests that never ran sees them. */
    private Path fixtureTests() throws Exception {
        Path from = Path.of(ReportInputTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path to = tmp.resolve("test-classes");
        Path dir = Files.createDirectories(to.resolve("dev/threadproof/report/fixtures"));
        try (java.util.stream.Stream<Path> s = Files.list(from.resolve("dev/threadproof/report/fixtures"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        return to;
    }

    private Path surefire(String... cases) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("surefire-reports"));
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"x\" "
                + "tests=\"" + cases.length + "\"><properties><property name=\"java.version\" value=\"17.0.15\"/>"
                + "<property name=\"os.arch\" value=\"amd64\"/></properties>\n");
        for (String c : cases) {
            sb.append(c).append('\n');
        }
        Files.writeString(dir.resolve("TEST-fixtures.xml"), sb.append("</testsuite>\n").toString());
        return dir;
    }

    private static String testcase(String nested, String method, String outcome) {
        return "<testcase classname=\"" + FIXTURES + "$" + nested + "\" name=\"" + method + "\" time=\"0.01\">"
                + outcome + "</testcase>";
    }

    private JsonNode report(int expectedExit, String... more) throws Exception {
        assertEquals(expectedExit, main(runtimeArgs(more).toArray(new String[0])), stderr);
        return new ObjectMapper().readTree(tmp.resolve("out/report.json").toFile());
    }

    /** The report's row of the API element {@code name}, as {@code Type.member}. */
    static JsonNode row(JsonNode report, String name) {
        for (JsonNode a : report.path("api")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError(name + " is not in the report");
    }

    @Test
    void surefireReportsJoinWithTheCertifiesOfTheCompiledTests() throws Exception {
        Path tests = fixtureTests();
        Path reports = surefire(testcase("ArrayTests", "adds()", ""),
                testcase("ArrayTests", "sets()", "<failure message=\"lost\">lost</failure>"),
                testcase("ArrayTests", "certifiesNothing()", ""),
                testcase("LongArrayLincheckTests", "linearizable", ""));
        JsonNode r = report(1, "--test-classes", tests.toString(), "--test-reports", reports.toString());
        JsonNode adds = row(r, "SharedDoubleArray.addAndGet");
        assertEquals("CERTIFIED", adds.path("verdict").asText());
        assertEquals("JUnit", adds.path("evidence").get(0).path("source").asText());
        assertEquals(FIXTURES + "$ArrayTests.adds", adds.path("evidence").get(0).path("test").asText());
        assertTrue(adds.path("evidence").get(0).path("detail").asText().contains("JDK 17.0.15, amd64"));
        assertEquals("FAILED", row(r, "SharedDoubleArray.set").path("verdict").asText());
        JsonNode get = row(r, "SharedLongArray.get");
        assertEquals("CERTIFIED", get.path("verdict").asText());
        assertEquals("Lincheck", get.path("evidence").get(0).path("source").asText(), "labelled by what it uses");
        assertEquals(0, r.path("guards").size(), r.path("guards").toString());
    }

    @Test
    void aSkippedCertifyingTestAndOneThatNeverRanTripGuards() throws Exception {
        Path tests = fixtureTests();
        Path reports = surefire(testcase("ArrayTests", "adds()", "<skipped/>"));
        JsonNode r = report(1, "--test-classes", tests.toString(), "--test-reports", reports.toString());
        assertTrue(ReportTest.guard(r, FIXTURES + "$ArrayTests.adds carries @Certifies and was skipped"), r.toString());
        assertTrue(ReportTest.guard(r, "test " + FIXTURES + "$LongArrayLincheckTests carries @Certifies but no test report"),
                r.toString());
        assertEquals("NO_EVIDENCE", row(r, "SharedDoubleArray.addAndGet").path("verdict").asText());
    }

    @Test
    void anEmptyTestReportsFolderTripsAGuard() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-reports"));
        JsonNode r = report(1, "--test-reports", empty.toString());
        assertTrue(ReportTest.guard(r, "test reports folder holds no TEST-*.xml: " + empty), r.toString());
        r = report(1, "--test-reports", tmp.resolve("nowhere").toString());
        assertTrue(ReportTest.guard(r, "test reports folder missing"), r.toString());
    }

    @Test
    void aTestTheHarnessRanOnceCertifiesNothingEvenWhenSurefireSaysItPassed() throws Exception {
        Path tests = fixtureTests();
        Path harness = Files.createDirectories(tmp.resolve("harness/evidence"));
        Files.writeString(tmp.resolve("harness/summary.json"), "{\"tests\": 2, \"freeThreaded\": 1, "
                + "\"threadIterations\": 8, \"provenance\": {\"commit\": \"unknown\"}}");
        Files.writeString(harness.resolve("adds.json"), "{\"test\": \"" + FIXTURES + "$ArrayTests#adds\", "
                + "\"result\": \"PASSED\", \"mode\": \"once\", \"certifies\": {\"type\": "
                + "\"dev.threadproof.runtime.SharedDoubleArray\", \"members\": [\"addAndGet\"]}, \"provenance\": {}}");
        Path reports = surefire(testcase("ArrayTests", "adds()", ""),
                testcase("LongArrayLincheckTests", "linearizable", ""));
        JsonNode r = report(1, "--harness", tmp.resolve("harness").toString(), "--test-classes", tests.toString(),
                "--test-reports", reports.toString());
        assertEquals("NO_EVIDENCE", row(r, "SharedDoubleArray.addAndGet").path("verdict").asText(),
                "a test the harness ran once is not concurrency evidence");
        assertEquals("CERTIFIED", row(r, "SharedLongArray.get").path("verdict").asText());
    }
}
