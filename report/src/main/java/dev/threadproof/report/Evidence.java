package dev.threadproof.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadproof.evidence.EvidenceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The evidence of one run (or several merged runs): jcstress summaries, Lincheck evidence files and JUnit evidence
 * files, each turned into items that name the runtime members they prove, plus the fail-open guards that tripped.
 */
final class Evidence {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One test's verdict on some members. */
    static final class Item {
        final String source;
        final String test;
        final String type;
        final List<String> members;
        final boolean passed;
        final String detail;
        final String link;
        /**
         * The samples this item gives each member it names ({@link #FULL}: it counts in full): a jcstress test's
         * samples divided among its members, a Lincheck stress run's invocations likewise.
         */
        final long samples;

        Item(String source, String test, String type, List<String> members, boolean passed, String detail,
             String link, long samples) {
            this.source = source;
            this.test = test;
            this.type = type;
            this.members = members;
            this.passed = passed;
            this.detail = detail;
            this.link = link;
            this.samples = samples;
        }

        String describe() {
            String shortTest = test.substring(test.lastIndexOf('.', test.lastIndexOf('.') - 1) + 1);
            return source + " " + shortTest + " (" + detail + ")";
        }
    }

    /** Mutants of one member (the simple type name and member, as {@code SharedLongArray.get}), merged over shards. */
    static final class Mutation {
        int killed;
        int valid;
        final List<String> survivors = new ArrayList<>();
    }

    /**
     * The strength of evidence that does not rest on sampling: Lincheck's model checking (every interleaving of its
     * scenarios, up to its bounds) and an exact test (a JUnit test with {@code @Certifies} whose every run checks exact
     * results). A free-threaded run of the harness is stress, like jcstress: its thread-iterations are its samples.
     */
    static final long FULL = Long.MAX_VALUE;

    /**
     * The source of an explored harness test: controlled scheduling, deterministic within its bound (the schedules it
     * ran), so it counts in full like model checking, and a member whose only full evidence is explored says so.
     */
    static final String EXPLORE = "explore";

    /**
     * The source of what threadproof's race detector saw in a harness test ({@code -Dthreadproof.race=on} or
     * {@code warn}): a reported data race fails the members the test certifies, whatever the test's own result; a
     * race-free run is listed ("race-free under the detector in K executions") and adds no samples (it says nothing of
     * atomicity or linearizability, which the other evidence covers).
     */
    static final String RACE = "race detector";

    /** A test's samples shared by the members it names: each member gets its own share, never the whole. */
    static long perMember(long samples, List<String> members) {
        return members.isEmpty() ? samples : samples / members.size();
    }

    final List<Item> items = new ArrayList<>();
    /** Evidence of other code than the code certified: listed, never counted. */
    final List<String> stale = new ArrayList<>();
    final java.util.Map<String, Mutation> mutation = new java.util.TreeMap<>();
    final List<String> guards = new ArrayList<>();
    final List<String> sources = new ArrayList<>();
    private final String expectedCommit;
    private final String expectedCodeHash;

    Evidence(String expectedCommit) {
        this(expectedCommit, null);
    }

    /**
     * @param expectedCommit   the commit certified, or null/unknown: not checked
     * @param expectedCodeHash the hash of the code certified, or null: not checked (then the commit is)
     */
    Evidence(String expectedCommit, String expectedCodeHash) {
        this.expectedCommit = expectedCommit;
        this.expectedCodeHash = expectedCodeHash == null || expectedCodeHash.isEmpty() ? null : expectedCodeHash;
    }

    /**
     * Whether evidence with this provenance tested other code than the code certified: then it is listed as stale and
     * never counted. With no code hash to compare with, a commit mismatch trips a guard instead, as before.
     */
    private boolean isStale(String what, JsonNode provenance) {
        if (expectedCodeHash == null) {
            checkCommit(what, provenance);
            return false;
        }
        String h = provenance.path("codeHash").asText("");
        if (h.equals(expectedCodeHash)) {
            return false;
        }
        stale.add(what + ": tested code " + (h.isEmpty() ? "of no recorded hash" : abbrev(h)) + ", not the code "
                + "certified (" + abbrev(expectedCodeHash) + "); commit " + provenance.path("commit").asText("unknown")
                + ", " + provenance.path("date").asText("undated"));
        return true;
    }

    private static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    private void checkCommit(String what, JsonNode provenance) {
        String commit = provenance.path("commit").asText("unknown");
        if (expectedCommit != null && !expectedCommit.equals("unknown") && !commit.equals(expectedCommit)) {
            guards.add(what + " is from commit " + commit + ", not " + expectedCommit + " (stale evidence)");
        }
    }

    private static List<String> members(JsonNode cert) {
        List<String> out = new ArrayList<>();
        cert.path("members").forEach(m -> out.add(m.asText()));
        return out;
    }

    /** Reads a jcstress summary written by ci/stress.sh. */
    void addJcstress(Path summary) throws IOException {
        if (!Files.isRegularFile(summary)) {
            guards.add("jcstress summary missing: " + summary);
            return;
        }
        JsonNode root = JSON.readTree(summary.toFile());
        JsonNode prov = root.path("provenance");
        sources.add("jcstress " + summary + ": budget " + prov.path("budget").asText() + ", " + EvidenceFiles.describe(prov) + ", commit "
                + prov.path("commit").asText() + ", " + prov.path("date").asText() + "; " + root.path("samples").asLong()
                + " samples over " + root.path("ran").asInt() + " tests");
        if (isStale("jcstress summary " + summary, prov)) {
            sources.remove(sources.size() - 1);
            return;
        }
        if (root.path("declared").asInt(-1) != root.path("ran").asInt(-2)) {
            guards.add("jcstress: tests found (" + root.path("ran").asInt() + ") differ from tests declared ("
                    + root.path("declared").asInt() + ") in " + summary);
        }
        if (root.path("declared").asInt(0) == 0) {
            guards.add("jcstress: no test declared in " + summary);
        }
        for (JsonNode t : root.path("tests")) {
            String name = t.path("name").asText();
            String status = t.path("status").asText();
            long samples = t.path("samples").asLong();
            if (samples == 0) {
                guards.add("jcstress: " + name + " ran 0 samples");
            }
            if (t.path("control").asBoolean()) {
                if (!status.equals("CONTROL_CAUGHT")) {
                    guards.add("jcstress: negative control " + name + " passed (" + status
                            + "): the budget cannot catch its bug");
                }
                continue;
            }
            if (status.equals("NOT_RUN") || status.equals("ERROR")) {
                guards.add("jcstress: " + name + " " + status);
            }
            JsonNode cert = t.path("certifies");
            if (cert.isMissingNode() || cert.isNull()) {
                continue;
            }
            Path html = summary.getParent().resolve("results").resolve(name + ".html");
            List<String> members = members(cert);
            long each = perMember(samples, members);
            items.add(new Item("jcstress", name, cert.path("type").asText(), members,
                    status.equals("PASSED") && samples > 0,
                    String.format(Locale.ROOT, "%,d samples%s, %d forbidden; %s", samples, members.size() > 1
                            ? String.format(Locale.ROOT, " over %d members, %,d each", members.size(), each) : "",
                            t.path("forbidden").asLong(), EvidenceFiles.describe(prov)), html.toString(), each));
        }
    }

    /** Reads a folder of Lincheck evidence files. */
    void addLincheck(Path dir) throws IOException {
        List<Path> files = list(dir, "Lincheck evidence");
        for (Path f : files) {
            JsonNode root = JSON.readTree(f.toFile());
            JsonNode prov = root.path("provenance");
            if (isStale("Lincheck evidence " + f.getFileName(), prov)) {
                continue;
            }
            String test = root.path("test").asText();
            String result = root.path("result").asText();
            long explored = root.path("iterations").asLong() * root.path("invocationsPerIteration").asLong();
            if (explored == 0) {
                guards.add("Lincheck: " + test + " explored 0 invocations");
            }
            if (root.path("control").asBoolean()) {
                if (!result.equals("CONTROL_CAUGHT")) {
                    guards.add("Lincheck: negative control " + test + " passed (" + result + ")");
                }
                continue;
            }
            JsonNode cert = root.path("certifies");
            if (cert.isMissingNode() || cert.isNull()) {
                continue;
            }
            String strategy = root.path("strategy").asText();
            boolean modelChecking = strategy.equalsIgnoreCase("MODEL_CHECKING");
            items.add(new Item("Lincheck", test + " " + strategy.toLowerCase(Locale.ROOT).replace('_', ' '),
                    cert.path("type").asText(), members(cert), result.equals("PASSED") && explored > 0,
                    root.path("iterations").asLong() + " scenarios x " + root.path("invocationsPerIteration").asLong()
                            + " invocations; " + EvidenceFiles.describe(prov), null,
                    modelChecking ? FULL : perMember(explored, members(cert))));
        }
        if (!files.isEmpty()) {
            sources.add("Lincheck " + dir + ": " + files.size() + " evidence files");
        }
    }

    /** Reads a folder of JUnit evidence files (concurrent unit tests with @Certifies). */
    void addJunit(Path dir) throws IOException {
        List<Path> files = list(dir, "JUnit evidence");
        for (Path f : files) {
            JsonNode root = readTestFile(f, "JUnit");
            if (root == null) {
                continue;
            }
            JsonNode prov = root.path("provenance");
            String test = root.path("test").asText();
            String result = root.path("result").asText();
            JsonNode cert = root.path("certifies");
            items.add(new Item("JUnit", test.replace('#', '.'), cert.path("type").asText(), members(cert),
                    result.equals("PASSED"), "exact test; " + EvidenceFiles.describe(prov), null, FULL));
        }
        if (!files.isEmpty()) {
            sources.add("JUnit " + dir + ": " + files.size() + " evidence files");
        }
    }

    /**
     * Reads the folder that threadproof-junit writes ({@code target/threadproof/harness}): {@code summary.json} and one
     * evidence file per test method that carries {@code @Certifies}. Only a test that passed free-threaded certifies
     * what it names; one that ran once (marked {@code @ThreadUnsafe}, or found to touch process-global state) is
     * listed as a source and certifies nothing.
     */
    void addHarness(Path dir) throws IOException {
        Path summary = dir.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            guards.add("harness summary missing: " + summary + " (did the tests run with threadproof-junit?)");
            return;
        }
        JsonNode s = JSON.readTree(summary.toFile());
        // The same rule as every other source: with a code hash, a summary of other code is stale (its evidence files
        // are checked one by one below); a summary of the same code under a later commit (docs, tests) is current.
        isStale("harness summary " + summary, s.path("provenance"));
        if (s.path("freeThreaded").asInt(0) == 0 && s.path("explored").asInt(0) == 0) {
            guards.add("harness: no test ran free-threaded in " + summary);
        }
        List<Path> files = list(dir.resolve("evidence"), "harness evidence");
        int once = 0;
        int explored = 0;
        int raced = 0;
        int raceRaces = 0;
        for (Path f : files) {
            JsonNode root = readTestFile(f, "harness");
            if (root == null) {
                continue;
            }
            JsonNode prov = root.path("provenance");
            String test = root.path("test").asText();
            String result = root.path("result").asText();
            harnessTests.add(test.replace('#', '.'));
            ranClasses.add(test.substring(0, Math.max(0, test.indexOf('#'))));
            if (root.path("raceDetector").isObject()) {
                raced++;
                raceRaces += addRace(root, test, prov);
            }
            if (root.path("mode").asText().equals("explored")) {
                JsonNode cert = root.path("certifies");
                boolean passed = result.equals("PASSED") && root.path("schedules").asLong() > 0;
                items.add(new Item(EXPLORE, test.replace('#', '.'), cert.path("type").asText(), members(cert), passed,
                        String.format(Locale.ROOT, "%s, %d threads x %d%s; %s", root.path("explored").asText(),
                                root.path("threads").asInt(), root.path("iterations").asInt(),
                                root.path("replayId").isTextual() ? ", replay " + root.path("replayId").asText() : "",
                                EvidenceFiles.describe(prov)), null, FULL)); // deterministic within its bound
                explored++;
                continue;
            }
            if (!root.path("mode").asText().equals("free-threaded")) {
                once++;
                continue;
            }
            if (root.path("threadIterations").asLong() == 0) {
                guards.add("harness: " + test + " ran 0 thread-iterations");
            }
            JsonNode cert = root.path("certifies");
            items.add(new Item("harness", test.replace('#', '.'), cert.path("type").asText(), members(cert),
                    result.equals("PASSED") && root.path("threadIterations").asLong() > 0,
                    String.format(Locale.ROOT, "%d threads x %d, %,d thread-iterations; %s",
                            root.path("threads").asInt(), root.path("iterations").asInt(),
                            root.path("threadIterations").asLong(), EvidenceFiles.describe(prov)), null,
                    perMember(root.path("threadIterations").asLong(), members(cert)))); // a stress run: sampled
        }
        sources.add("harness " + dir + ": " + s.path("tests").asInt() + " tests, " + s.path("freeThreaded").asInt()
                + " free-threaded, " + s.path("threadIterations").asLong() + " thread-iterations; "
                + files.size() + " evidence files" + (explored > 0 ? ", " + explored + " explored" : "")
                + (once > 0 ? ", " + once + " ran once and certify nothing" : "")
                + (raced > 0 ? ", " + raced + " watched by the race detector (" + raceRaces + " races)" : ""));
    }

    /** The race detector's item of one harness evidence file; returns the races it reported. */
    private int addRace(JsonNode root, String test, JsonNode prov) {
        JsonNode race = root.path("raceDetector");
        JsonNode cert = root.path("certifies");
        int races = race.path("races").asInt();
        long executions = race.path("executions").asLong();
        String packages = race.path("packages").asText();
        String detail;
        if (races == 0) {
            detail = String.format(Locale.ROOT, "race-free under the detector in %d %s, packages %s; %s", executions,
                    executions == 1 ? "execution" : "executions", packages, EvidenceFiles.describe(prov));
        } else {
            String first = race.path("reports").path(0).asText().lines().findFirst().orElse("");
            detail = String.format(Locale.ROOT, "%d data %s reported by the detector, packages %s: %s; %s", races,
                    races == 1 ? "race" : "races", packages, first, EvidenceFiles.describe(prov));
        }
        items.add(new Item(RACE, test.replace('#', '.'), cert.path("type").asText(), members(cert),
                races == 0 && executions > 0, detail, null, 0));
        return races;
    }

    /**
     * Reads a {@code mutation.json} that ci/mutate.sh wrote (several merge: shards). INVALID and EQUIVALENT mutants do
     * not count; every other survivor is listed under its member.
     */
    void addMutation(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            guards.add("mutation results missing: " + file);
            return;
        }
        JsonNode root = JSON.readTree(file.toFile());
        if (expectedCodeHash != null && isStale("mutation " + file, root)) {
            return; // mutants of other code say nothing of this code's evidence
        }
        int valid = 0;
        int killed = 0;
        for (JsonNode m : root.path("mutants")) {
            String status = m.path("status").asText();
            if (status.equals("INVALID") || status.equals("EQUIVALENT")) {
                continue;
            }
            valid++;
            Mutation mu = mutation.computeIfAbsent(m.path("type").asText() + "." + m.path("member").asText(),
                    k -> new Mutation());
            mu.valid++;
            if (status.equals("KILLED") || status.equals("TIMED_OUT")) {
                mu.killed++;
                killed++;
            } else {
                mu.survivors.add(m.path("id").asText() + ": " + m.path("diff").asText());
            }
        }
        if (valid == 0) {
            guards.add("mutation: no valid mutant in " + file + " (nothing was scored)");
        }
        sources.add("mutation " + file + ": shard " + root.path("shard").asText("?") + ", " + killed + " of " + valid
                + " valid mutants killed; commit " + root.path("commit").asText("unknown") + ", jcstress budget "
                + root.path("budget").asText("unknown") + ", " + root.path("jdk").asText("unknown JDK") + ", "
                + root.path("cpus").asText("?") + " CPUs, " + root.path("date").asText("undated"));
    }

    /** The tests of the Surefire/Failsafe reports and harness evidence read so far, as {@code class.method}. */
    private final java.util.Set<String> ranTests = new java.util.HashSet<>();
    private final java.util.Set<String> ranClasses = new java.util.HashSet<>();

    /**
     * Reads a folder of Surefire or Failsafe XML reports ({@code TEST-*.xml}): every test case whose method or class
     * carries {@code @Certifies} (found through {@code tests}, a loader over the compiled tests) certifies what it names
     * when it passed, and fails it when it failed. A skipped certifying test trips a guard. A test the harness reported
     * (read harness folders first) is left to the harness's evidence: free-threaded it certifies, run once it does not. A test that refers to Lincheck is labelled Lincheck.
     *
     * @param dir   the reports folder, e.g. {@code target/surefire-reports}
     * @param tests a loader that sees the compiled tests and their classpath
     */
    void addTestReports(Path dir, ClassLoader tests) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            guards.add("test reports folder missing: " + dir);
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
            guards.add("test reports folder holds no TEST-*.xml: " + dir);
            return;
        }
        int cases = 0;
        int certifying = 0;
        for (Path f : files) {
            org.w3c.dom.Document doc = TestReports.parse(f);
            String env = TestReports.environment(doc);
            org.w3c.dom.NodeList list = doc.getElementsByTagName("testcase");
            for (int i = 0; i < list.getLength(); i++) {
                org.w3c.dom.Element tc = (org.w3c.dom.Element) list.item(i);
                cases++;
                String cls = tc.getAttribute("classname");
                String method = TestReports.methodName(tc.getAttribute("name"));
                ranClasses.add(cls);
                String test = cls + "." + method;
                TestReports.Claim claim = TestReports.claim(tests, cls, method);
                if (claim == null || harnessTests.contains(test) || !ranTests.add(test)) {
                    continue; // the harness's evidence decides for the tests it ran; a rerun counts once
                }
                certifying++;
                String outcome = TestReports.outcome(tc);
                if (outcome.equals("skipped")) {
                    guards.add("test report: " + test + " carries @Certifies and was skipped (" + f.getFileName() + ")");
                    continue;
                }
                items.add(new Item(claim.lincheck ? "Lincheck" : "JUnit", test, claim.type, claim.members,
                        outcome.equals("passed"), outcome + " in " + f.getFileName() + "; " + env, null, FULL));
            }
        }
        sources.add("test reports " + dir + ": " + files.size() + " files, " + cases + " test cases, " + certifying
                + " with @Certifies");
    }

    /**
     * Trips a guard for every test under {@code testRoots} that carries {@code @Certifies} but appears in none of the
     * test reports or harness evidence read: a certifying test that was filtered out, or whose reports were not given,
     * must not leave its members looking merely unproven.
     */
    void checkEveryCertifyingTestRan(List<Path> testRoots, ClassLoader tests) throws IOException {
        for (String cls : TestReports.certifyingClasses(testRoots, tests)) {
            if (!ranClasses.contains(cls)) {
                guards.add("test " + cls + " carries @Certifies but no test report or harness evidence of it was "
                        + "found (filtered out, or its report folder not given?)");
            }
        }
    }

    private final java.util.Set<String> harnessTests = new java.util.HashSet<>();

    /**
     * One test's evidence file (JUnit or harness): null if it is stale (listed, not counted); a skipped test trips a
     * guard.
     */
    private JsonNode readTestFile(Path f, String source) throws IOException {
        JsonNode root = JSON.readTree(f.toFile());
        if (isStale(source + " evidence " + f.getFileName(), root.path("provenance"))) {
            return null;
        }
        if (root.path("result").asText().equals("SKIPPED")) {
            guards.add(source + ": " + root.path("test").asText() + " was skipped");
        }
        return root;
    }

    private List<Path> list(Path dir, String what) throws IOException {
        if (!Files.isDirectory(dir)) {
            guards.add(what + " folder missing: " + dir);
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        if (files.isEmpty()) {
            guards.add(what + " folder holds no evidence file: " + dir);
        }
        return files;
    }
}
