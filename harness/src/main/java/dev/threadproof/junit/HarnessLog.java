package dev.threadproof.junit;

import dev.threadproof.evidence.EvidenceFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe: what the harness did in this JVM, per evidence folder: one record per test invocation, the per-method
 * evidence files for tests that carry a {@code @Certifies} annotation, and the summary written when the test plan
 * ends.
 *
 * <p>Evidence file (one per test method with {@code @Certifies}, in {@code <dir>/evidence/}), schema
 * {@code threadproof-harness-evidence/1}: {@code test}, {@code certifies} ({@code type}, {@code members}),
 * {@code result} (PASSED, FAILED, SKIPPED), {@code mode} (free-threaded, explored, once), {@code threads},
 * {@code iterations}, {@code invocations}, {@code threadIterations}, {@code reason}, {@code failure}, {@code provenance},
 * and for an explored test {@code explored} (the bound in words), {@code schedules}, {@code engine} and
 * {@code replayId}. Summary
 * ({@code <dir>/summary.json}), schema {@code threadproof-harness-summary/2}: the counts the console block shows
 * (with {@code explored} tests and their {@code schedules}), {@code ranOnceByReason} (one entry per reason: {@code reason}, {@code count}, {@code tests}), {@code warnings},
 * {@code leftBehindThreads} (harness threads that ignored the interrupt after a timeout and were alive at the end),
 * and every test with how it ran and, when it failed, every thread's full trace ({@code trace}).
 *
 * <p>Nothing is lost quietly: an evidence file that cannot be written fails its test with an error naming the file
 * and the test; a summary that cannot be written is reported on the console and fails the launcher session (see
 * {@link HarnessSessionListener}).
 */
final class HarnessLog {
    static final String EVIDENCE_SCHEMA = "threadproof-harness-evidence/1";
    static final String SUMMARY_SCHEMA = "threadproof-harness-summary/2";

    /** Failed tests named in the console block; summary.json names all. */
    static final int CONSOLE_FAILURES = 20;

    private static final Map<Path, HarnessLog> LOGS = new ConcurrentHashMap<>();
    /** Files of this JVM's runs that could not be written, each with the tests it concerned; read at session close. */
    private static final java.util.concurrent.ConcurrentLinkedQueue<String> WRITE_ERRORS =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** One test invocation. Written by the test thread, read after it ended. */
    static final class Record {
        final String className;
        final String methodName;
        final String display;
        final boolean freeThreaded;
        final int threads;
        final int iterations;
        final String reason;
        final String[] certifies;
        volatile long threadIterations;
        volatile String result = "RUNNING";
        volatile String failure;
        /** Every failed thread's full trace; null when the test did not fail. */
        volatile String traces;
        /** A static write that ran free-threaded under threadproof.static.writes=warn. */
        volatile String warning;
        /** How far an explored test's search went ("explored 200 schedules (bound 200 schedules, ...)"); else null. */
        volatile String explored;
        /** Schedules an explored test ran. */
        volatile long schedules;
        /** The replay id of an explored failure (or of the replay that ran); else null. */
        volatile String replayId;
        /** The packages the race detector watched this invocation in; null when it was off. */
        volatile String racePackages;
        /** The races the detector reported while this invocation ran (empty: none; null: detector off). */
        volatile List<String> races;

        Record(String className, String methodName, String display, boolean freeThreaded, int threads, int iterations,
               String reason, String[] certifies) {
            this.className = className;
            this.methodName = methodName;
            this.display = display;
            this.freeThreaded = freeThreaded;
            this.threads = threads;
            this.iterations = iterations;
            this.reason = reason;
            this.certifies = certifies;
        }

        String test() {
            return className + "#" + methodName;
        }
    }

    private final Path dir;
    private final String commit;
    private final List<Record> records = new ArrayList<>();

    private HarnessLog(Path dir, String commit) {
        this.dir = dir;
        this.commit = commit;
    }

    static HarnessLog of(HarnessConfig config) {
        return LOGS.computeIfAbsent(config.dir.toAbsolutePath().normalize(), d -> new HarnessLog(d, config.commit));
    }

    /** Drops what was recorded for {@code dir} without writing it (for tests of the harness itself). */
    static void forget(Path dir) {
        LOGS.remove(dir.toAbsolutePath().normalize());
    }

    synchronized void add(Record r) {
        records.add(r);
    }

    /**
     * Marks a record done and rewrites its method's evidence file when the method carries {@code @Certifies}.
     *
     * @param fail whether a file that cannot be written throws (from a callback that can still fail the test); else
     *     the error is kept, printed with the summary and fails the launcher session
     * @throws IllegalStateException naming the file and the test, when {@code fail} and the file cannot be written
     */
    void finish(Record r, String result, Throwable failure, boolean fail) {
        r.result = result;
        r.failure = failure == null ? null : failure.toString();
        if (failure != null && r.traces == null) {
            r.traces = stackTrace(failure);
        }
        if (r.certifies == null) {
            return;
        }
        List<Record> same = new ArrayList<>();
        synchronized (this) {
            for (Record o : records) {
                if (o.test().equals(r.test())) {
                    same.add(o);
                }
            }
        }
        String agg = "PASSED";
        boolean free = true;
        long threadIterations = 0;
        String firstFailure = null;
        for (Record o : same) {
            free &= o.freeThreaded;
            threadIterations += o.threadIterations;
            if (o.result.equals("FAILED") || (o.result.equals("SKIPPED") && agg.equals("PASSED"))) {
                agg = o.result;
            }
            if (firstFailure == null && o.failure != null) {
                firstFailure = o.failure;
            }
        }
        Map<String, Object> ev = EvidenceFiles.record(EVIDENCE_SCHEMA);
        ev.put("test", r.test());
        ev.put("certifies", EvidenceFiles.certifies(r.certifies[0],
                List.of(r.certifies).subList(1, r.certifies.length)));
        ev.put("result", agg);
        String explored = null;
        long schedules = 0;
        String replayId = null;
        for (Record o : same) {
            if (o.explored != null) {
                explored = explored == null ? o.explored : explored;
                schedules += o.schedules;
                replayId = replayId == null ? o.replayId : replayId;
            }
        }
        ev.put("mode", !free ? "once" : explored != null ? "explored" : "free-threaded");
        if (explored != null) {
            putExplored(ev, explored, schedules, replayId);
        }
        Map<String, Object> race = raceEvidence(same);
        if (race != null) {
            ev.put("raceDetector", race);
        }
        ev.put("threads", r.threads);
        ev.put("iterations", r.iterations);
        ev.put("invocations", same.size());
        ev.put("threadIterations", threadIterations);
        ev.put("reason", r.reason);
        ev.put("failure", firstFailure);
        ev.put("provenance", EvidenceFiles.provenance("threadproof-junit", commit));
        Path file = dir.resolve("evidence").resolve(EvidenceFiles.fileName(r.test()));
        try {
            EvidenceFiles.write(file, ev);
        } catch (RuntimeException e) {
            String msg = "threadproof: cannot write the evidence file " + file + " of test " + r.test() + ": " + e;
            if (fail) {
                throw new IllegalStateException(msg, e);
            }
            WRITE_ERRORS.add(msg);
        }
    }

    /** {@code t}'s stack trace as {@code printStackTrace} prints it. */
    static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (java.io.PrintWriter pw = new java.io.PrintWriter(w)) {
            t.printStackTrace(pw);
        }
        return w.toString();
    }

    /** The errors of files that could not be written in this JVM, cleared. */
    static List<String> takeWriteErrors() {
        List<String> out = new ArrayList<>();
        for (String e; (e = WRITE_ERRORS.poll()) != null; ) {
            out.add(e);
        }
        return out;
    }

    /** What reasons of one kind share: the reason without the call path ({@code (in A#b -> C#d)}) that ends it. */
    static String reasonKey(String reason) {
        int in = reason.lastIndexOf(" (in ");
        return in > 0 && reason.endsWith(")") ? reason.substring(0, in) : reason;
    }

    /** Writes every folder's summary and prints its console block; called when the test plan ends. */
    static void flushAll(PrintStream out) {
        for (HarnessLog log : LOGS.values()) {
            log.flush(out);
        }
    }

    /** Writes one folder's summary and prints its block (for tests of the harness itself). */
    static void flush(Path dir, PrintStream out) {
        HarnessLog log = LOGS.get(dir.toAbsolutePath().normalize());
        if (log != null) {
            log.flush(out);
        }
    }

    /** The lock file that serializes the summary's read-merge-write among JVMs (Surefire forks) sharing a folder. */
    static final String SUMMARY_LOCK = "summary.lock";

    /** One result of the summary's {@code results}, as written. */
    private static Map<String, Object> result(Record r) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("test", r.test());
        t.put("display", r.display);
        t.put("mode", r.explored != null ? "explored" : r.freeThreaded ? "free-threaded" : "once");
        if (r.explored != null) {
            putExplored(t, r.explored, r.schedules, r.replayId);
        }
        Map<String, Object> race = raceEvidence(List.of(r));
        if (race != null) {
            t.put("raceDetector", race);
        }
        t.put("threads", r.threads);
        t.put("iterations", r.iterations);
        t.put("reason", r.reason);
        t.put("result", r.result);
        t.put("threadIterations", r.threadIterations);
        t.put("warning", r.warning);
        t.put("failure", r.failure);
        t.put("trace", r.traces);
        return t;
    }

    /**
     * What the race detector saw in some invocations of one test: {@code packages}, {@code executions} (invocations it
     * watched), {@code races} and their {@code reports}; null when it watched none.
     */
    private static Map<String, Object> raceEvidence(List<Record> invocations) {
        String packages = null;
        int executions = 0;
        List<String> reports = new ArrayList<>();
        for (Record o : invocations) {
            if (o.racePackages != null && o.races != null) {
                packages = o.racePackages;
                executions++;
                reports.addAll(o.races);
            }
        }
        if (packages == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packages", packages);
        m.put("executions", executions);
        m.put("races", reports.size());
        m.put("reports", reports);
        return m;
    }

    /** An explored test's fields, the same in its evidence file and in the summary's result. */
    private static void putExplored(Map<String, Object> m, String explored, long schedules, String replayId) {
        m.put("explored", explored);
        m.put("schedules", schedules);
        m.put("engine", Explorer.ENGINE);
        m.put("replayId", replayId);
    }

    /** What identifies a result across JVMs: its test and its display name (one per invocation). */
    private static String key(Map<String, Object> result) {
        return result.get("test") + "\u0000" + result.get("display");
    }

    /** The counts of a list of results, for the summary file and the console block. */
    private static final class Counts {
        int free;
        long threadIterations;
        int explored;
        long schedules;
        final Map<String, List<String>> once = new TreeMap<>(); // distinct tests per reason
        final Map<String, Integer> onceCounts = new TreeMap<>(); // invocations per reason
        final List<String> failedFree = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        int raceChecked;
        int races;

        Counts(List<Map<String, Object>> results) {
            for (Map<String, Object> t : results) {
                String test = String.valueOf(t.get("test"));
                if (t.get("raceDetector") instanceof Map) {
                    raceChecked++;
                    races += ((Number) ((Map<?, ?>) t.get("raceDetector")).get("races")).intValue();
                }
                threadIterations += ((Number) t.get("threadIterations")).longValue();
                if (!"once".equals(t.get("mode"))) {
                    free++;
                    if ("FAILED".equals(t.get("result"))) {
                        failedFree.add(t.get("display") + " (" + test + ")");
                    }
                    Object w = t.get("warning");
                    if (w != null && !warnings.contains(test + ": " + w)) {
                        warnings.add(test + ": " + w);
                    }
                    if ("explored".equals(t.get("mode"))) {
                        explored++;
                        schedules += ((Number) t.get("schedules")).longValue();
                    }
                } else {
                    String reason = reasonKey(String.valueOf(t.get("reason")));
                    List<String> names = once.computeIfAbsent(reason, k -> new ArrayList<>());
                    if (!names.contains(test)) {
                        names.add(test);
                    }
                    onceCounts.merge(reason, 1, Integer::sum);
                }
            }
        }
    }

    /**
     * The summary this folder already holds when it records the same code (commit and code hash) as this JVM: another
     * Surefire fork's, or this suite's earlier run; else null.
     *
     * @throws UncheckedIOException when a summary is there and cannot be read
     */
    private static Map<String, Object> previous(Path file, Map<String, Object> provenance) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, Object> before = EvidenceFiles.read(file);
        Object p = before.get("provenance");
        if (!SUMMARY_SCHEMA.equals(before.get("schema")) || !(p instanceof Map) || !(before.get("results") instanceof List)
                || !java.util.Objects.equals(((Map<?, ?>) p).get("commit"), provenance.get("commit"))
                || !java.util.Objects.equals(((Map<?, ?>) p).get("codeHash"), provenance.get("codeHash"))) {
            return null; // another schema or other code: its results say nothing of this run
        }
        return before;
    }

    /**
     * Writes the summary, merged under {@link #SUMMARY_LOCK} with what the folder's summary already holds for the same
     * code (a result of this JVM replaces the one of the same test invocation), and prints this JVM's block.
     */
    @SuppressWarnings("unchecked")
    synchronized void flush(PrintStream out) {
        if (records.isEmpty()) {
            return;
        }
        List<Map<String, Object>> mine = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Record r : records) {
            Map<String, Object> t = result(r);
            mine.add(t);
            keys.add(key(t));
        }
        List<String> leftBehind = FreeThreadedRunner.leftBehind();
        Map<String, Object> provenance = EvidenceFiles.provenance("threadproof-junit", commit);
        Path file = dir.resolve("summary.json");
        String writeError = null;
        int kept = 0;
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(SUMMARY_LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock(); // released when the channel closes
                List<Map<String, Object>> all = new ArrayList<>(mine);
                java.util.Set<String> leftAll = new java.util.LinkedHashSet<>(leftBehind);
                Map<String, Object> before = previous(file, provenance);
                if (before != null) {
                    for (Object o : (List<Object>) before.get("results")) {
                        if (o instanceof Map && !keys.contains(key((Map<String, Object>) o))) {
                            all.add((Map<String, Object>) o);
                            kept++;
                        }
                    }
                    Object lb = before.get("leftBehindThreads");
                    if (lb instanceof List) {
                        for (Object t : (List<Object>) lb) {
                            leftAll.add(String.valueOf(t));
                        }
                    }
                }
                Counts c = new Counts(all);
                List<Object> byReason = new ArrayList<>();
                for (Map.Entry<String, List<String>> e : c.once.entrySet()) {
                    Map<String, Object> g = new LinkedHashMap<>();
                    g.put("reason", e.getKey());
                    g.put("count", c.onceCounts.get(e.getKey()));
                    g.put("tests", e.getValue());
                    byReason.add(g);
                }
                Map<String, Object> s = EvidenceFiles.record(SUMMARY_SCHEMA);
                s.put("tests", all.size());
                s.put("freeThreaded", c.free);
                s.put("explored", c.explored);
                s.put("schedules", c.schedules);
                s.put("ranOnce", all.size() - c.free);
                s.put("ranOnceByReason", byReason);
                s.put("failedFreeThreaded", c.failedFree.size());
                s.put("threadIterations", c.threadIterations);
                s.put("warnings", c.warnings);
                s.put("raceChecked", c.raceChecked);
                s.put("races", c.races);
                if (c.raceChecked > 0) {
                    s.put("benignRaces", dev.threadproof.race.Race.benignRaces());
                }
                s.put("leftBehindThreads", new ArrayList<>(leftAll));
                s.put("provenance", provenance);
                s.put("results", all);
                EvidenceFiles.write(file, s);
            }
        } catch (IOException | RuntimeException e) {
            List<String> names = new ArrayList<>();
            for (Record r : records) {
                names.add(r.test());
            }
            writeError = "threadproof: cannot write the summary " + file + " (" + e + "); the " + records.size()
                    + " tests it concerns: " + (names.size() > 10 ? names.subList(0, 10) + " and " + (names.size() - 10)
                    + " more" : names);
            WRITE_ERRORS.add(writeError);
        }

        Counts c = new Counts(mine);
        int onceCount = records.size() - c.free;
        StringBuilder b = new StringBuilder();
        b.append("[threadproof] ").append(records.size()).append(records.size() == 1 ? " test" : " tests")
                .append(": ").append(c.free).append(" ran free-threaded, ").append(onceCount).append(" ran once; ")
                .append(String.format(Locale.ROOT, "%,d", c.threadIterations)).append(" thread-iterations")
                .append(c.explored > 0 ? String.format(Locale.ROOT, "; %d explored, %,d schedules (%s)", c.explored,
                        c.schedules, Explorer.ENGINE) : "").append('\n');
        if (c.raceChecked > 0) {
            b.append("[threadproof]   race detector: ").append(c.raceChecked).append(c.raceChecked == 1 ? " test"
                    : " tests").append(" watched, ").append(c.races).append(c.races == 1 ? " data race" : " data races")
                    .append(" reported (").append(dev.threadproof.race.Race.threadsTracked())
                    .append(" threads tracked in ").append(dev.threadproof.race.Race.clockSlots()).append(" clock slots)");
            java.util.Map<String, String> benign = dev.threadproof.race.Race.benignRaces();
            if (!benign.isEmpty()) {
                b.append("; @BenignRace (not checked): ");
                java.util.List<String> parts = new ArrayList<>();
                benign.forEach((f, why) -> parts.add(f + " (" + why + ")"));
                b.append(String.join("; ", parts));
            }
            b.append('\n');
        }
        for (Map.Entry<String, List<String>> e : c.once.entrySet()) {
            List<String> names = e.getValue();
            b.append("[threadproof]   once x").append(c.onceCounts.get(e.getKey())).append(": ").append(e.getKey())
                    .append(" (").append(names.size() == 1 ? names.get(0) : names.get(0) + " and "
                            + (names.size() - 1) + " more").append(")\n");
        }
        for (String w : c.warnings) {
            b.append(w.contains(": explore") ? "[threadproof]   WARNING " : "[threadproof]   WARNING ran free-threaded"
                    + " although it writes shared state: ").append(w).append('\n');
        }
        for (int i = 0; i < Math.min(c.failedFree.size(), CONSOLE_FAILURES); i++) {
            b.append("[threadproof]   FAILED free-threaded: ").append(c.failedFree.get(i)).append('\n');
        }
        if (c.failedFree.size() > CONSOLE_FAILURES) {
            b.append("[threadproof]   ... and ").append(c.failedFree.size() - CONSOLE_FAILURES)
                    .append(" more failed free-threaded (all are in summary.json)\n");
        }
        if (!leftBehind.isEmpty()) {
            b.append("[threadproof]   ").append(leftBehind.size()).append(leftBehind.size() == 1 ? " harness thread"
                    : " harness threads").append(" still running at the end (they ignored the interrupt after a"
                    + " timeout): ").append(leftBehind).append('\n');
        }
        if (writeError != null) {
            b.append("[threadproof] ERROR: ").append(writeError).append('\n');
        } else {
            b.append("[threadproof] summary and evidence: ").append(file).append(kept > 0 ? " (with " + kept
                    + " results of other JVMs that tested the same code)" : "").append('\n');
        }
        out.print(b);
        out.flush();
        records.clear();
    }

    /** The type and members named by a {@code @Certifies} annotation of any package on the method or its class. */
    static String[] certifies(Method m, Class<?> testClass) {
        for (Annotation a : m.getAnnotations()) {
            String[] c = readCertifies(a);
            if (c != null) {
                return c;
            }
        }
        for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
            for (Annotation a : c.getAnnotations()) {
                String[] r = readCertifies(a);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static String[] readCertifies(Annotation a) {
        if (!a.annotationType().getSimpleName().equals("Certifies")) {
            return null;
        }
        try {
            Class<?> type = (Class<?>) a.annotationType().getMethod("type").invoke(a);
            String[] members = (String[]) a.annotationType().getMethod("members").invoke(a);
            String[] out = new String[members.length + 1];
            out[0] = type.getName();
            System.arraycopy(members, 0, out, 1, members.length);
            return out;
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null; // an annotation named Certifies without type() and members(): not threadproof's
        }
    }
}
