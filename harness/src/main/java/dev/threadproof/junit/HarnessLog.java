package dev.threadproof.junit;

import dev.threadproof.evidence.EvidenceFiles;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Path;
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
 * {@code result} (PASSED, FAILED, SKIPPED), {@code mode} (free-threaded, once), {@code threads}, {@code iterations},
 * {@code invocations}, {@code threadIterations}, {@code reason}, {@code failure}, {@code provenance}. Summary
 * ({@code <dir>/summary.json}), schema {@code threadproof-harness-summary/1}: the counts the console block shows and
 * every test with how it ran.
 */
final class HarnessLog {
    static final String EVIDENCE_SCHEMA = "threadproof-harness-evidence/1";
    static final String SUMMARY_SCHEMA = "threadproof-harness-summary/1";

    /** Failed tests named in the console block; summary.json names all. */
    static final int CONSOLE_FAILURES = 20;

    private static final Map<Path, HarnessLog> LOGS = new ConcurrentHashMap<>();

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

    /** Marks a record done and rewrites its method's evidence file when the method carries {@code @Certifies}. */
    void finish(Record r, String result, Throwable failure) {
        r.result = result;
        r.failure = failure == null ? null : failure.toString();
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
        ev.put("mode", free ? "free-threaded" : "once");
        ev.put("threads", r.threads);
        ev.put("iterations", r.iterations);
        ev.put("invocations", same.size());
        ev.put("threadIterations", threadIterations);
        ev.put("reason", r.reason);
        ev.put("failure", firstFailure);
        ev.put("provenance", EvidenceFiles.provenance("threadproof-junit", commit));
        EvidenceFiles.write(dir.resolve("evidence").resolve(EvidenceFiles.fileName(r.test())), ev);
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

    synchronized void flush(PrintStream out) {
        if (records.isEmpty()) {
            return;
        }
        int free = 0;
        long threadIterations = 0;
        Map<String, Integer> once = new TreeMap<>();
        List<String> failedFree = new ArrayList<>();
        List<Object> tests = new ArrayList<>();
        for (Record r : records) {
            threadIterations += r.threadIterations;
            if (r.freeThreaded) {
                free++;
                if (r.result.equals("FAILED")) {
                    failedFree.add(r.display + " (" + r.test() + ")");
                }
            } else {
                once.merge(r.reason, 1, Integer::sum);
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("test", r.test());
            t.put("display", r.display);
            t.put("mode", r.freeThreaded ? "free-threaded" : "once");
            t.put("threads", r.threads);
            t.put("iterations", r.iterations);
            t.put("reason", r.reason);
            t.put("result", r.result);
            t.put("threadIterations", r.threadIterations);
            t.put("failure", r.failure);
            tests.add(t);
        }
        int onceCount = records.size() - free;
        Map<String, Object> s = EvidenceFiles.record(SUMMARY_SCHEMA);
        s.put("tests", records.size());
        s.put("freeThreaded", free);
        s.put("ranOnce", onceCount);
        s.put("ranOnceByReason", once);
        s.put("failedFreeThreaded", failedFree.size());
        s.put("threadIterations", threadIterations);
        s.put("provenance", EvidenceFiles.provenance("threadproof-junit", commit));
        s.put("results", tests);
        Path file = dir.resolve("summary.json");
        EvidenceFiles.write(file, s);

        StringBuilder b = new StringBuilder();
        b.append("[threadproof] ").append(records.size()).append(records.size() == 1 ? " test" : " tests")
                .append(": ").append(free).append(" ran free-threaded, ").append(onceCount).append(" ran once; ")
                .append(String.format(Locale.ROOT, "%,d", threadIterations)).append(" thread-iterations\n");
        for (Map.Entry<String, Integer> e : once.entrySet()) {
            b.append("[threadproof]   once x").append(e.getValue()).append(": ").append(e.getKey()).append('\n');
        }
        for (int i = 0; i < Math.min(failedFree.size(), CONSOLE_FAILURES); i++) {
            b.append("[threadproof]   FAILED free-threaded: ").append(failedFree.get(i)).append('\n');
        }
        if (failedFree.size() > CONSOLE_FAILURES) {
            b.append("[threadproof]   ... and ").append(failedFree.size() - CONSOLE_FAILURES)
                    .append(" more failed free-threaded (all are in summary.json)\n");
        }
        b.append("[threadproof] summary and evidence: ").append(file).append('\n');
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
