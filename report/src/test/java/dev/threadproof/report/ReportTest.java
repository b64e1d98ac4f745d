package dev.threadproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator on crafted evidence: every fail-open guard trips, verdicts join claims with evidence, shards merge. */
class ReportTest {
    @TempDir
    Path tmp;

    private Path jcstress(String name, String body) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path f = dir.resolve("summary.json");
        Files.writeString(f, body, StandardCharsets.UTF_8);
        return f;
    }

    private static String summary(String commit, String javaVersion, int declared, int ran, String tests) {
        return "{\"schema\": \"threadproof-jcstress-summary/1\", \"verdict\": \"PASS\", \"provenance\": {\"jdk\": \"x\", "
                + "\"javaVersion\": \"" + javaVersion + "\", \"cpus\": 2, \"arch\": \"amd64\", \"budget\": \"smoke\", "
                + "\"commit\": \"" + commit + "\", \"date\": \"2026-11-22\"}, \"declared\": " + declared + ", \"ran\": "
                + ran + ", \"samples\": 100, \"tests\": [" + tests + "]}";
    }

    private static String test(String name, String status, long samples, boolean control, String type,
                               String members) {
        return "{\"name\": \"" + name + "\", \"control\": " + control + ", \"status\": \"" + status + "\", \"samples\": "
                + samples + ", \"forbidden\": 0, \"certifies\": " + (type == null ? "null" : "{\"type\": \"" + type
                + "\", \"members\": [" + members + "]}") + "}";
    }

    /** The runtime's compiled classes, the API these tests certify. */
    static String runtimeClasses() throws Exception {
        return java.nio.file.Paths.get(dev.threadproof.runtime.Parallel.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
    }

    private JsonNode run(int expectedExit, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--classes", runtimeClasses(), "--package", "dev.threadproof.runtime"));
        all.add("--out");
        all.add(tmp.resolve("out").toString());
        assertEquals(expectedExit, ReportMain.run(all.toArray(new String[0])), "exit status");
        return new ObjectMapper().readTree(tmp.resolve("out/report.json").toFile());
    }

    private static String verdict(JsonNode report, String name) {
        for (JsonNode a : report.path("api")) {
            if (a.path("name").asText().equals(name)) {
                return a.path("verdict").asText();
            }
        }
        throw new AssertionError(name + " is not in the report");
    }

    static boolean guard(JsonNode report, String text) {
        for (JsonNode g : report.path("guards")) {
            if (g.asText().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static final String SDA = "dev.threadproof.runtime.SharedDoubleArray";

    @Test
    void aMissingEvidenceFileTripsAGuard() throws Exception {
        JsonNode r = run(1, "--jcstress", tmp.resolve("nowhere/summary.json").toString(),
                "--lincheck", tmp.resolve("none").toString());
        assertTrue(guard(r, "jcstress summary missing"), r.toString());
        assertTrue(guard(r, "Lincheck evidence folder missing"), r.toString());
        assertEquals("RED", r.path("verdict").asText());
        assertTrue(Files.readString(tmp.resolve("out/TEST-thread-safety-report.xml")).contains("<failure"));
    }

    @Test
    void noEvidenceAtAllIsRed() throws Exception {
        JsonNode r = run(1);
        assertTrue(guard(r, "no evidence was given"));
        assertEquals("NO_EVIDENCE", verdict(r, "SharedDoubleArray.addAndGet"));
    }

    @Test
    void aZeroSampleTestTripsAGuard() throws Exception {
        Path f = jcstress("zero", summary("c1", "17", 1, 1,
                test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 0, false, SDA, "\"addAndGet\"")));
        JsonNode r = run(1, "--jcstress", f.toString());
        assertTrue(guard(r, "ran 0 samples"), r.toString());
        assertEquals("FAILED", verdict(r, "SharedDoubleArray.addAndGet"), "zero samples is not passing evidence");
    }

    @Test
    void aPassingNegativeControlTripsAGuard() throws Exception {
        Path f = jcstress("control", summary("c1", "17", 2, 2,
                test("x.broken.PlainAdd", "CONTROL_NOT_CAUGHT", 1000, true, null, "") + ", "
                        + test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 1000, false, SDA, "\"addAndGet\"")));
        JsonNode r = run(1, "--jcstress", f.toString());
        assertTrue(guard(r, "negative control x.broken.PlainAdd passed"), r.toString());
        assertEquals("CERTIFIED", verdict(r, "SharedDoubleArray.addAndGet"));
    }

    @Test
    void testsFoundDifferingFromTestsDeclaredTripsAGuard() throws Exception {
        Path f = jcstress("declared", summary("c1", "17", 3, 2,
                test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 10, false, SDA, "\"addAndGet\"")));
        assertTrue(guard(run(1, "--jcstress", f.toString()), "differ from tests declared"));
    }

    @Test
    void aStageThatTimedOutTurnsPassingEvidenceRed() throws Exception {
        Path f = jcstress("timedout", summary("c1", "17", 1, 1,
                test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 1000, false, SDA, "\"addAndGet\"")));
        JsonNode green = run(0, "--jcstress", f.toString(), "--fail-on", "FAILED");
        assertEquals("GREEN", green.path("verdict").asText(), "the same evidence without the guard is green");
        JsonNode r = run(1, "--jcstress", f.toString(), "--fail-on", "FAILED",
                "--guard", "stage timed out: [2/3] jcstress after 20s; thread dumps in out/hang");
        assertEquals("RED", r.path("verdict").asText());
        assertTrue(guard(r, "stage timed out: [2/3] jcstress after 20s"), r.toString());
        assertEquals(2, ReportMain.run(new String[] {"--guard", " ", "--out", tmp.resolve("blank").toString()}),
                "a blank guard is a usage error");
        assertTrue(Files.notExists(tmp.resolve("blank")), "nothing is written on bad input");
    }

    private static String withCodeHash(String summaryJson, String hash) {
        return summaryJson.replace("\"commit\": \"", "\"codeHash\": \"" + hash + "\", \"commit\": \"");
    }

    @Test
    void aTestSharedByMembersGivesEachItsShareAndEvidenceBelowTheFloorIsThin() throws Exception {
        Path f = jcstress("shared", summary("c1", "17", 1, 1,
                test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 150_000, false, SDA, "\"addAndGet\", \"get\"")));
        JsonNode r = run(1, "--jcstress", f.toString(), "--fail-on", "FAILED,THIN", "--floor", "100000");
        assertEquals("THIN", verdict(r, "SharedDoubleArray.addAndGet"), "150,000 samples over 2 members is 75,000 each");
        assertEquals("THIN", verdict(r, "SharedDoubleArray.get"));
        assertEquals(75_000, ReportInputTest.row(r, "SharedDoubleArray.get").path("samplesPerMember").asLong());
        assertEquals(3.0 / 75_000, ReportInputTest.row(r, "SharedDoubleArray.get").path("rarestRace").asDouble(), 1e-15);
        assertEquals("RED", r.path("verdict").asText());
        assertTrue(r.path("strength").asText().contains("75,000 samples per member"), r.path("strength").asText());
        assertTrue(r.path("strength").asText().contains("1 in 25,000"), r.path("strength").asText());

        JsonNode warned = run(0, "--jcstress", f.toString(), "--fail-on", "FAILED", "--floor", "100000");
        assertEquals("THIN", verdict(warned, "SharedDoubleArray.get"), "a warning at smoke still says THIN");
        assertEquals("GREEN", warned.path("verdict").asText());

        JsonNode met = run(0, "--jcstress", f.toString(), "--fail-on", "FAILED,THIN", "--floor", "75000");
        assertEquals("CERTIFIED", verdict(met, "SharedDoubleArray.get"));
        assertEquals("SharedDoubleArray.addAndGet", met.path("weakest").path("name").asText());
        assertEquals(2, ReportMain.run(new String[] {"--floor", "many", "--out", tmp.resolve("bad").toString()}));
    }

    @Test
    void evidenceOfOtherCodeIsStaleListedAndNeverCounted() throws Exception {
        Path f = jcstress("hashed", withCodeHash(summary("c1", "17", 1, 1,
                test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 1000, false, SDA, "\"addAndGet\"")), "aaaa"));
        JsonNode current = run(1, "--jcstress", f.toString(), "--code-hash", "aaaa", "--commit", "c2");
        assertEquals("CERTIFIED", verdict(current, "SharedDoubleArray.addAndGet"),
                "the same code under another commit (a docs-only change) keeps its evidence");
        assertFalse(guard(current, "stale evidence"), current.toString());
        assertEquals(0, current.path("stale").size());

        JsonNode other = run(1, "--jcstress", f.toString(), "--code-hash", "bbbb", "--commit", "c1");
        assertEquals("NO_EVIDENCE", verdict(other, "SharedDoubleArray.addAndGet"), "stale evidence is never counted");
        assertEquals(1, other.path("stale").size(), other.toString());
        assertTrue(other.path("stale").get(0).asText().contains("tested code aaaa"), other.toString());
    }

    @Test
    void evidenceFromAnotherCommitTripsAGuard() throws Exception {
        Path f = jcstress("stale", summary("old", "17", 1, 1,
                test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 10, false, SDA, "\"addAndGet\"")));
        assertTrue(guard(run(1, "--jcstress", f.toString(), "--commit", "new"), "stale evidence"));
    }

    @Test
    void aDeclaredMemberWithoutEvidenceIsNoEvidenceAndFailingEvidenceIsFailed() throws Exception {
        Path f = jcstress("partial", summary("c1", "17", 2, 2,
                test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 500, false, SDA, "\"addAndGet\"") + ", "
                        + test("x.SharedDoubleArrayStress.Cas", "FAILED", 500, false, SDA, "\"compareAndSet\"")));
        JsonNode r = run(1, "--jcstress", f.toString());
        assertEquals("CERTIFIED", verdict(r, "SharedDoubleArray.addAndGet"));
        assertEquals("FAILED", verdict(r, "SharedDoubleArray.compareAndSet"));
        assertEquals("NO_EVIDENCE", verdict(r, "SharedDoubleArray.getAndSet"));
        assertEquals("FAILED", verdict(r, "SharedDoubleArray"), "a type's row is its worst member");
        assertEquals("NOT_REQUIRED", verdict(r, "Schedule.parse"), "IMMUTABLE members need no evidence");
        assertEquals("USER_CONTRACT", verdict(r, "ChunkBody.run"));
        String md = Files.readString(tmp.resolve("out/report.md"));
        assertTrue(md.contains("`SharedDoubleArray.addAndGet` | THREAD_SAFE | CERTIFIED | jcstress "
                + "SharedDoubleArrayStress.AddAtomicity (500 samples, 0 forbidden; JDK 17, 2 CPUs, amd64)"), md);
        assertTrue(md.contains("3/N of samples"), "the report explains what the sample count means");
        assertTrue(Files.readString(tmp.resolve("out/index.html")).contains("SharedDoubleArray.compareAndSet"));
    }

    @Test
    void twoShardsMergeAndKeepTheirMachines() throws Exception {
        Path a = jcstress("shard1", summary("c1", "17.0.15", 1, 1,
                test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 700, false, SDA, "\"addAndGet\"")));
        Path b = jcstress("shard2", summary("c1", "25.0.3", 1, 1,
                test("x.SharedDoubleArrayStress.GetAndAdd", "PASSED", 900, false, SDA, "\"getAndAdd\"")));
        JsonNode r = run(1, "--jcstress", a.toString(), "--jcstress", b.toString(), "--commit", "c1");
        assertEquals("CERTIFIED", verdict(r, "SharedDoubleArray.addAndGet"));
        assertEquals("CERTIFIED", verdict(r, "SharedDoubleArray.getAndAdd"));
        assertEquals(2, r.path("evidenceSources").size());
        String md = Files.readString(tmp.resolve("out/report.md"));
        assertTrue(md.contains("JDK 17.0.15") && md.contains("JDK 25.0.3"), "each shard keeps its JDK");
        assertTrue(!guard(r, "stale"), "same commit: no stale-evidence guard");
    }

    private Path harness(String name, int freeThreaded, String... evidence) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name).resolve("evidence"));
        Files.writeString(dir.getParent().resolve("summary.json"), "{\"schema\": \"threadproof-harness-summary/2\", "
                + "\"tests\": 3, \"freeThreaded\": " + freeThreaded + ", \"ranOnce\": 1, \"threadIterations\": 80, "
                + "\"provenance\": {\"commit\": \"c1\"}}");
        for (int i = 0; i < evidence.length; i++) {
            Files.writeString(dir.resolve("e" + i + ".json"), evidence[i]);
        }
        return dir.getParent();
    }

    private static String harnessEvidence(String test, String member, String result, String mode, long iterations) {
        return "{\"schema\": \"threadproof-harness-evidence/1\", \"test\": \"" + test + "\", \"certifies\": "
                + "{\"type\": \"" + SDA + "\", \"members\": [\"" + member + "\"]}, \"result\": \"" + result
                + "\", \"mode\": \"" + mode + "\", \"threads\": 4, \"iterations\": 10, \"threadIterations\": "
                + iterations + ", \"provenance\": {\"javaVersion\": \"17\", \"cpus\": 2, \"arch\": \"amd64\", "
                + "\"commit\": \"c1\"}}";
    }

    @Test
    void harnessEvidenceCertifiesOnlyWhatPassedFreeThreaded() throws Exception {
        Path dir = harness("harness", 2,
                harnessEvidence("x.ArrayTest#adds", "addAndGet", "PASSED", "free-threaded", 40),
                harnessEvidence("x.ArrayTest#sets", "set", "FAILED", "free-threaded", 13),
                harnessEvidence("x.ArrayTest#snapshots", "snapshot", "PASSED", "once", 1));
        JsonNode r = run(1, "--harness", dir.toString(), "--commit", "c1");
        assertEquals("CERTIFIED", verdict(r, "SharedDoubleArray.addAndGet"));
        assertEquals("FAILED", verdict(r, "SharedDoubleArray.set"));
        assertEquals("NO_EVIDENCE", verdict(r, "SharedDoubleArray.snapshot"), "a test that ran once proves nothing");
        String md = Files.readString(tmp.resolve("out/report.md"));
        assertTrue(md.contains("harness ArrayTest.adds (4 threads x 10, 40 thread-iterations; JDK 17, 2 CPUs, amd64)"),
                md);
        assertTrue(r.path("evidenceSources").toString().contains("1 ran once and certify nothing"), r.toString());
        // a free-threaded run is stress: its thread-iterations are its samples, held to the floor
        assertEquals(40, ReportInputTest.row(r, "SharedDoubleArray.addAndGet").path("samplesPerMember").asLong());
        JsonNode floored = run(1, "--harness", dir.toString(), "--commit", "c1", "--floor", "41");
        assertEquals("THIN", verdict(floored, "SharedDoubleArray.addAndGet"));
    }

    private static String raceEvidence(String test, String member, String result, int races) {
        return harnessEvidence(test, member, result, "free-threaded", 40).replace("\"provenance\"",
                "\"raceDetector\": {\"packages\": \"x\", \"executions\": 3, \"races\": " + races
                + ", \"reports\": [" + (races == 0 ? "" : "\"Data race on field x.Array.cells of x.Array@1\\n  write\"")
                + "]}, \"provenance\"");
    }

    @Test
    void aRaceTheDetectorReportedFailsTheMemberEvenWhenTheTestPassedAndACleanRunIsListed() throws Exception {
        Path dir = harness("race", 2,
                raceEvidence("x.ArrayTest#adds", "addAndGet", "PASSED", 0),
                raceEvidence("x.ArrayTest#sets", "set", "PASSED", 1)); // warn: the test passed, the race stands
        JsonNode r = run(1, "--harness", dir.toString(), "--commit", "c1");
        assertEquals("CERTIFIED", verdict(r, "SharedDoubleArray.addAndGet"));
        assertEquals("FAILED", verdict(r, "SharedDoubleArray.set"), "a data race fails the member its test certifies");
        String md = Files.readString(tmp.resolve("out/report.md"));
        assertTrue(md.contains("race detector ArrayTest.adds (race-free under the detector in 3 executions, packages x"),
                md);
        assertTrue(md.contains("1 data race reported by the detector, packages x: Data race on field x.Array.cells"),
                md);
        assertTrue(r.path("evidenceSources").toString().contains("2 watched by the race detector (1 races)"),
                r.toString());
        // a race-free run adds no samples: the free-threaded run's 40 thread-iterations stay the row's strength
        assertEquals(40, ReportInputTest.row(r, "SharedDoubleArray.addAndGet").path("samplesPerMember").asLong());
    }

    private static String exploredEvidence(String test, String member, String result, long schedules) {
        return harnessEvidence(test, member, result, "explored", schedules * 2).replace("\"provenance\"",
                "\"explored\": \"explored " + schedules + " schedules (bound 200 schedules, lincheck-3.7)\", "
                + "\"schedules\": " + schedules + ", \"engine\": \"lincheck-3.7\", \"provenance\"");
    }

    @Test
    void anExploredTestCountsInFullWithinItsBoundAndTheRowSaysSo() throws Exception {
        Path dir = harness("explored", 0,
                exploredEvidence("x.ArrayTest#adds", "addAndGet", "PASSED", 200),
                exploredEvidence("x.ArrayTest#sets", "set", "FAILED", 7),
                exploredEvidence("x.ArrayTest#gets", "get", "PASSED", 200),
                harnessEvidence("x.ArrayTest#getsStress", "get", "PASSED", "free-threaded", 40));
        Files.writeString(dir.resolve("summary.json"), Files.readString(dir.resolve("summary.json"))
                .replace("\"tests\": 3", "\"explored\": 4, \"tests\": 3"));
        JsonNode r = run(1, "--harness", dir.toString(), "--commit", "c1", "--floor", "1000");
        assertEquals("CERTIFIED", verdict(r, "SharedDoubleArray.addAndGet"), "deterministic within its bound: no floor");
        assertEquals("FAILED", verdict(r, "SharedDoubleArray.set"), "a failing schedule fails the member");
        assertEquals("explored", ReportInputTest.row(r, "SharedDoubleArray.addAndGet").path("strength").asText());
        String md = Files.readString(tmp.resolve("out/report.md"));
        assertTrue(md.contains("explore ArrayTest.adds (explored 200 schedules (bound 200 schedules, lincheck-3.7),"
                + " 4 threads x 10; JDK 17, 2 CPUs, amd64)"), md);
        assertTrue(md.contains("explored within a bound only: explored 200 schedules (bound 200 schedules,"
                + " lincheck-3.7)"), md);
        assertTrue(!guard(r, "no test ran free-threaded"), "explored tests are runs of the harness: " + r);
    }

    @Test
    void harnessEvidenceOfTheSameCodeUnderALaterCommitIsCurrentAndOfOtherCodeIsStale() throws Exception {
        Path dir = harness("hashed-harness", 1,
                withCodeHash(harnessEvidence("x.ArrayTest#adds", "addAndGet", "PASSED", "free-threaded", 40), "aaaa"));
        Files.writeString(dir.resolve("summary.json"), withCodeHash(Files.readString(dir.resolve("summary.json")),
                "aaaa"));
        JsonNode current = run(1, "--harness", dir.toString(), "--code-hash", "aaaa", "--commit", "c2");
        assertEquals("CERTIFIED", verdict(current, "SharedDoubleArray.addAndGet"),
                "the same code under a docs-only commit keeps its harness evidence");
        assertFalse(guard(current, "stale evidence"), current.toString());
        assertEquals(0, current.path("stale").size(), current.toString());

        JsonNode other = run(1, "--harness", dir.toString(), "--code-hash", "bbbb", "--commit", "c1");
        assertEquals("NO_EVIDENCE", verdict(other, "SharedDoubleArray.addAndGet"), "stale evidence is never counted");
        assertTrue(other.path("stale").size() >= 2, "the summary and the evidence file are listed: " + other);
    }

    @Test
    void aHarnessFolderWithoutSummaryOrFreeThreadedTestsTripsAGuard() throws Exception {
        assertTrue(guard(run(1, "--harness", tmp.resolve("none").toString()), "harness summary missing"));
        Path dir = harness("idle", 0, harnessEvidence("x.T#t", "addAndGet", "PASSED", "free-threaded", 0));
        JsonNode r = run(1, "--harness", dir.toString());
        assertTrue(guard(r, "no test ran free-threaded"), r.toString());
        assertTrue(guard(r, "ran 0 thread-iterations"), r.toString());
        assertEquals("FAILED", verdict(r, "SharedDoubleArray.addAndGet"));
    }

    @Test
    void aSurvivingMutantMakesACertifiedMemberWeak() throws Exception {
        Path f = jcstress("weak", summary("c1", "17", 2, 2,
                test("x.SharedDoubleArrayStress.AddAtomicity", "PASSED", 500, false, SDA, "\"addAndGet\"") + ", "
                        + test("x.SharedDoubleArrayStress.GetAndAdd", "PASSED", 500, false, SDA, "\"getAndAdd\"")));
        Path mutation = tmp.resolve("mutation.json");
        Files.writeString(mutation, "{\"schema\": \"threadproof-mutation/1\", \"shard\": \"1/1\", \"mutants\": ["
                + "{\"id\": \"SharedDoubleArray.java:150:SPLIT_RMW:2\", \"type\": \"SharedDoubleArray\", "
                + "\"member\": \"addAndGet\", \"diff\": \"- a  + b\", \"status\": \"SURVIVED\"},"
                + "{\"id\": \"SharedDoubleArray.java:151:SPLIT_RMW:3\", \"type\": \"SharedDoubleArray\", "
                + "\"member\": \"addAndGet\", \"diff\": \"- c  + d\", \"status\": \"KILLED\"},"
                + "{\"id\": \"SharedDoubleArray.java:160:SPLIT_RMW:4\", \"type\": \"SharedDoubleArray\", "
                + "\"member\": \"getAndAdd\", \"diff\": \"- e  + f\", \"status\": \"TIMED_OUT\"},"
                + "{\"id\": \"SharedDoubleArray.java:161:WEAKEN_ACCESS_MODE:0\", \"type\": \"SharedDoubleArray\", "
                + "\"member\": \"getAndAdd\", \"diff\": \"- g  + h\", \"status\": \"EQUIVALENT\"},"
                + "{\"id\": \"RangeJob.java:64:REMOVE_VOLATILE:3\", \"type\": \"RangeJob\", "
                + "\"member\": \"cancelled\", \"diff\": \"- i  + j\", \"status\": \"SURVIVED\"}]}");
        JsonNode r = run(1, "--jcstress", f.toString(), "--mutation", mutation.toString());
        assertEquals("WEAK", verdict(r, "SharedDoubleArray.addAndGet"));
        assertEquals("CERTIFIED", verdict(r, "SharedDoubleArray.getAndAdd"), "killed, timed out, equivalent");
        assertEquals(1, r.path("counts").path("WEAK").asInt());
        String md = Files.readString(tmp.resolve("out/report.md"));
        assertTrue(md.contains("mutants killed 1 of 2"), md);
        assertTrue(md.contains("mutants killed 1 of 1"), md);
        assertTrue(md.contains("- `SharedDoubleArray.addAndGet` SharedDoubleArray.java:150:SPLIT_RMW:2: - a  + b"), md);
        // A survivor in package-private code belongs to no row: the headline's WEAK=1 must not hide it.
        assertTrue(md.contains("- `RangeJob.cancelled` (internal) RangeJob.java:64:REMOVE_VOLATILE:3: - i  + j"), md);
        assertTrue(md.contains("Mutation testing: 2 of 4 valid, non-equivalent mutants killed (50%); 2 survived: 1 in "
                + "public members (their verdict is WEAK), 1 in package-private code or private state"), md);
        assertEquals("RangeJob.cancelled RangeJob.java:64:REMOVE_VOLATILE:3: - i  + j",
                r.path("internalSurvivors").path(0).asText());
        assertTrue(Files.readString(tmp.resolve("out/index.html")).contains("<li>RangeJob.cancelled RangeJob.java:64"));
        assertTrue(Files.readString(tmp.resolve("out/index.html")).contains("survived: SharedDoubleArray.java:150"));
        assertTrue(!Files.readString(tmp.resolve("out/TEST-thread-safety-report.xml"))
                .contains("but WEAK"), "WEAK fails nothing without --fail-on-weak");
        run(1, "--jcstress", f.toString(), "--mutation", mutation.toString(), "--fail-on-weak");
        assertTrue(Files.readString(tmp.resolve("out/TEST-thread-safety-report.xml")).contains("but WEAK"));
        assertTrue(guard(run(1, "--mutation", tmp.resolve("none.json").toString()), "mutation results missing"));
    }

    @Test
    void everyPublicRuntimeElementIsInTheModelWithItsLevel() throws Exception {
        List<ApiModel.Row> rows = ApiModel.read(List.of(Path.of(runtimeClasses())), List.of(),
                List.of("dev.threadproof.runtime"));
        assertTrue(rows.size() > 100, rows.size() + " rows");
        assertTrue(rows.stream().noneMatch(row -> row.level == null), "an undeclared element");
        assertTrue(rows.stream().anyMatch(row -> row.simpleName().equals("ParallelRange.forEach")
                && row.level.equals("THREAD_SAFE")));
        assertEquals(2, ReportMain.run(new String[] {"--jcstress"}), "a flag without a value is a usage error");
    }
}
