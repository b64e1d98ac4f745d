package dev.threadproof.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Runs inside {@code mvn verify}, after the shaded jar exists: the jar lists every test, and {@code ci/stress.sh} at the
 * smoke budget passes (no FORBIDDEN outcome, every declared test ran, every negative control caught) and fails closed
 * when no test matches.
 */
class SmokeStressIT {
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

    private static Process script(List<String> args, Path log) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", ROOT.resolve("ci/stress.sh").toString()));
        cmd.addAll(args);
        cmd.add("--jdk");
        cmd.add(System.getProperty("java.home"));
        return new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    @Test
    void theShadedJarListsEveryTest() throws Exception {
        try (ZipFile jar = new ZipFile(new File("target/jcstress.jar"))) {
            assertTrue(jar.getEntry("META-INF/TestList") != null, "the shaded jar has no META-INF/TestList");
            String list = new String(jar.getInputStream(jar.getEntry("META-INF/TestList")).readAllBytes(),
                    StandardCharsets.UTF_8);
            for (Class<?> c : TestListTest.stressTests()) {
                assertTrue(list.contains(c.getName().replace('$', '.')), c.getName() + " is not in the shaded jar");
                String runner = c.getName().replace('$', '_').replace('.', '/') + "_jcstress.class";
                assertTrue(jar.getEntry(runner) != null, "the shaded jar lacks the generated runner " + runner);
            }
        }
    }

    @Test
    void smokeBudgetPassesAndCatchesEveryControl() throws Exception {
        Path out = Paths.get("target/stress-smoke").toAbsolutePath();
        Path log = Files.createDirectories(out.getParent()).resolve("stress-smoke.log");
        Process p = script(List.of("--budget", "smoke", "--out", out.toString()), log);
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "ci/stress.sh did not finish in 20 minutes");
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), "ci/stress.sh failed:\n" + text);
        String json = Files.readString(out.resolve("summary.json"));
        assertEquals("PASS", new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("verdict").asText(),
                json);
        assertTrue(!json.contains("CONTROL_NOT_CAUGHT") && json.contains("CONTROL_CAUGHT"), json);
        assertTrue(Files.exists(out.resolve("results/index.html")), "jcstress's HTML report is missing");
        System.out.println(text);
    }

    /**
     * The watchdog's negative control: a jcstress test whose actors never return, run with a 20 s limit, must end the
     * run red ("stage timed out", exit 124) with a thread dump of the forked VM that shows the stuck actors, leave no
     * JVM behind, and write no summary that could pass for evidence.
     */
    @Test
    void aHungTestIsStoppedAtTheLimitWithAThreadDump() throws Exception {
        Path out = Paths.get("target/stress-hang").toAbsolutePath();
        Path log = Files.createDirectories(out.getParent()).resolve("stress-hang.log");
        Process p = script(List.of("--budget", "smoke", "--tests", "^dev\\.threadproof\\.stress\\.hang\\.",
                "--limit", "20", "--out", out.toString()), log);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ci/stress.sh did not stop the hung run within 5 minutes");
        String text = Files.readString(log);
        assertEquals(124, p.exitValue(), "a hung run must exit 124:\n" + text);
        assertTrue(text.contains("stage timed out"), text);
        assertTrue(Files.notExists(out.resolve("summary.json")), "a hung run wrote a summary");
        List<Path> dumps;
        try (java.util.stream.Stream<Path> files = Files.list(out.resolve("hang"))) {
            dumps = files.filter(f -> f.getFileName().toString().startsWith("threads-")).collect(
                    java.util.stream.Collectors.toList());
        }
        assertTrue(dumps.size() >= 2, "expected dumps of jcstress and its forked VM, got " + dumps + "\n" + text);
        boolean actorsSeen = false;
        for (Path d : dumps) {
            actorsSeen |= Files.readString(d).contains("DeadlockedActorsControl.await");
        }
        assertTrue(actorsSeen, "no dump shows the stuck actors in DeadlockedActorsControl.await: " + dumps);
        Process ps = new ProcessBuilder("pgrep", "-f", "stress-hang/results").redirectErrorStream(true).start();
        String left = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        ps.waitFor();
        assertEquals("", left, "JVMs of the hung run are still alive: " + left);
    }

    @Test
    void aFilterMatchingNothingFails() throws Exception {
        Path out = Paths.get("target/stress-nothing").toAbsolutePath();
        Path log = Files.createDirectories(out.getParent()).resolve("stress-nothing.log");
        Process p = script(List.of("--budget", "smoke", "--tests", "NoSuchTestAnywhere", "--out", out.toString()), log);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertTrue(p.exitValue() != 0, "ci/stress.sh passed although no test matched:\n" + Files.readString(log));
    }
}
