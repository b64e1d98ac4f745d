package dev.threadproof.junit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thread-safe (stateless; one exploration per call, run on the calling thread): explore mode's engine. It runs a body
 * from N threads of its own under Lincheck's model checker ({@code org.jetbrains.lincheck.Lincheck
 * .runConcurrentTest}), which controls every thread started inside the exploration and picks the interleaving at each
 * synchronization and shared-memory access, for up to a number of schedules or a time budget, and turns the first
 * failure into an {@link ExploreFailure} with the interleaving and a replay id.
 *
 * <p>Why Lincheck and how its search is used (measured on {@code bugbench/}, see {@code docs/explore.md}): its search is
 * deterministic for a given program and budget, so a replay is the same search run again to the failing schedule's
 * number, checked by a hash of the interleaving. Lincheck does not reset the heap between schedules (the caller gives
 * each schedule its own state, {@link Instances}), and when the exploration ends it restores what it saw at the start
 * (statics and the objects the exploration captured), so the harness counts schedules in a probe kept outside that
 * heap (a system-property value for the exploration's duration, removed at its end).
 */
final class Explorer {
    /** The engine's name as the summary, the evidence and the certificate show it. */
    static final String ENGINE = "lincheck-3.7";
    /** Prefix of a replay id, with its format version. */
    static final String ID_PREFIX = "x1";
    private static final Pattern ID =
            Pattern.compile("x1-([0-9a-f]{8})-(\\d+)x(\\d+)-b(\\d+)-s(\\d+)-([0-9a-f]{8})");
    private static final Pattern IDENTITY = Pattern.compile("@[0-9a-f]{4,8}\\b");
    private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda[$/\\w.]*");
    private static final AtomicLong RUNS = new AtomicLong();

    private Explorer() {
    }

    /** What a harness thread runs in one iteration, on the schedule's test instance. */
    @FunctionalInterface
    interface Body {
        void run(Object instance, int thread, int iteration) throws Throwable;
    }

    /** What a harness thread runs before its first or after its last iteration. */
    @FunctionalInterface
    interface Hook {
        void run(Object instance, int thread) throws Throwable;
    }

    /**
     * The test instances of the schedules: each schedule takes its own (made before the exploration, so that every
     * schedule starts from the same state and a replay meets the same one), and ends it after its threads ended.
     */
    interface Instances {
        /** The instance of schedule {@code schedule} (counted from 1; the engine's re-runs of a failure count too). */
        Object take(long schedule);

        /** Runs the instance's per-test tear-down ({@code @AfterEach}) inside the schedule, after its threads. */
        void end(Object instance) throws Throwable;
    }

    /** Immutable: how far one exploration went. */
    static final class Outcome {
        /** Schedules the body ran to its end (or to the failure). */
        final long schedules;
        /** True when the engine ran out of interleavings before the schedule budget: the search was complete. */
        final boolean exhausted;
        /** True when the time budget ended the search first. */
        final boolean timeUp;
        final long millis;
        /** The failure, or null. */
        final ExploreFailure failure;
        /** Why the engine could not run the body (a limit of the engine, not a failure of the test), or null. */
        final String engineError;

        Outcome(long schedules, boolean exhausted, boolean timeUp, long millis, ExploreFailure failure,
                String engineError) {
            this.engineError = engineError;
            this.schedules = schedules;
            this.exhausted = exhausted;
            this.timeUp = timeUp;
            this.millis = millis;
            this.failure = failure;
        }

        /** The bound in words: "explored 200 schedules (bound 200 schedules, lincheck-3.7)". */
        String describe(long maxSchedules) {
            return "explored " + schedules + (schedules == 1 ? " schedule" : " schedules") + " ("
                    + (exhausted ? "every interleaving the engine distinguishes"
                    : timeUp ? "time budget reached" : "bound " + maxSchedules + " schedules")
                    + ", " + ENGINE + ")";
        }
    }

    /** Immutable: a parsed replay id. */
    static final class Replay {
        final String testHash;
        final int threads;
        final int iterations;
        final long budget;
        final long schedule;
        final String traceHash;
        final String id;

        private Replay(String id, String testHash, int threads, int iterations, long budget, long schedule,
                       String traceHash) {
            this.id = id;
            this.budget = budget;
            this.testHash = testHash;
            this.threads = threads;
            this.iterations = iterations;
            this.schedule = schedule;
            this.traceHash = traceHash;
        }

        /** Parses an id, or fails naming the property and what an id looks like. */
        static Replay parse(String id) {
            Matcher m = ID.matcher(id.trim());
            if (!m.matches()) {
                throw HarnessConfig.bad(HarnessConfig.REPLAY, id, "not a replay id (an explored failure prints one,"
                        + " such as x1-3fa2c1d0-2x1-b200-s17-9c0e11ab)");
            }
            return new Replay(id.trim(), m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), m.group(6));
        }

        /** Whether this id was made by the test with this key. */
        boolean names(String testKey) {
            return testHash.equals(hash(testKey));
        }
    }

    /**
     * Explores the body.
     *
     * @param testKey the test's unique key (the replay id holds its hash)
     * @param threads harness threads per schedule; 1 runs the body on the exploration's own thread, so that threads
     *     the body starts itself are the ones explored
     * @param iterations iterations of each harness thread per schedule
     * @param maxSchedules the schedule budget
     * @param time the time budget: once it has passed, the remaining schedules skip the body
     * @param before per-thread set-up, inside each schedule
     * @param body the body
     * @param after per-thread tear-down, inside each schedule
     * @return the outcome; its failure is null when every schedule passed
     */
    static Outcome explore(String testKey, int threads, int iterations, long maxSchedules, Duration time,
                           Instances instances, Hook before, Body body, Hook after) {
        if (maxSchedules < 1 || maxSchedules > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxSchedules: " + maxSchedules + " is not in [1, 2^31-1]");
        }
        // The key is the test's hash, so an exploration and its replay look the probe up by the same key: the lookup
        // is part of the traced interleaving. A second exploration of the same test at once gets a numbered key.
        Probe probe = new Probe(System.nanoTime() + Math.max(1, time.toNanos()));
        String key = "dev.threadproof.junit.explore." + hash(testKey);
        while (System.getProperties().putIfAbsent(key, probe) != null) {
            key = "dev.threadproof.junit.explore." + hash(testKey) + "." + RUNS.incrementAndGet();
        }
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(new Uncaught(key, previous));
        long start = System.nanoTime();
        try {
            org.jetbrains.lincheck.Lincheck.runConcurrentTest((int) maxSchedules,
                    new Schedule(key, threads, iterations, instances, before, body, after));
        } catch (Throwable e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            long at = probe.firstFailure.get() > 0 ? probe.firstFailure.get() : probe.started.get();
            String report = (e.getMessage() != null ? e.getMessage() : e.toString()).trim();
            boolean traced = report.contains(INTERLEAVING_MARK);
            String traceHash = traced ? hash(interleaving(report)) : NO_TRACE;
            String id = String.format(Locale.ROOT, "%s-%s-%dx%d-b%d-s%d-%s", ID_PREFIX, hash(testKey), threads,
                    iterations, maxSchedules, at, traceHash);
            Throwable cause = probe.firstThrown != null ? probe.firstThrown
                    : e.getClass().getName().startsWith("org.jetbrains.lincheck.LincheckAssertionError") ? null : e;
            String first = cause != null ? String.valueOf(cause) : firstLine(report);
            String engineError = engineError(report, cause);
            if (engineError != null) {
                return new Outcome(at, false, false, millis, null, engineError);
            }
            ExploreFailure f = new ExploreFailure("explore: schedule " + at + " of at most " + maxSchedules + " failed ("
                    + ENGINE + ", " + FreeThreadedRunner.describe(threads, iterations) + "): " + first
                    + "\nreplay it with -D" + HarnessConfig.REPLAY + "=" + id + "\n" + (traced ? "" : "(the engine"
                    + " printed no interleaving for this failure, only what follows; a replay checks the schedule)\n")
                    + report, id, at, cause);
            return new Outcome(at, false, false, millis, f, null);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
            System.getProperties().remove(key);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long ran = probe.completed.get();
        return new Outcome(ran, probe.started.get() < maxSchedules && !probe.timeUp, probe.timeUp, millis, null,
                null);
    }

    /**
     * The engine's own limit or fault, when that is what ended the search rather than the body: its report of an
     * internal error, an operation it does not support inside an exploration (file and process operations), or its
     * analysis aborting; null for a failure of the body, a deadlock or a hang.
     */
    static String engineError(String report, Throwable cause) {
        if (report.contains("caught a bug in Lincheck")) {
            return "the engine failed internally: " + firstLine(report.substring(report.indexOf("Exception stacktrace:")
                    + "Exception stacktrace:".length()));
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (isEngine(name) || String.valueOf(t.getMessage()).contains("not supported in Lincheck")) {
                return "the engine cannot run it: " + t;
            }
            // Thrown by the engine's own code on the way (its heap snapshot reading a field it may not open): the
            // first frame outside the JDK is the engine's.
            for (StackTraceElement f : t.getStackTrace()) {
                String c = f.getClassName();
                if (isEngine(c)) {
                    return "the engine cannot run it: " + t;
                }
                if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) {
                    break;
                }
            }
        }
        if (report.contains("LincheckAnalysisAbortedError")) {
            return "the engine aborted its analysis";
        }
        return null;
    }

    private static boolean isEngine(String className) {
        return className.startsWith("org.jetbrains.lincheck.") || className.startsWith("org.jetbrains.kotlinx.lincheck.")
                || className.startsWith("sun.nio.ch.lincheck.");
    }

    /**
     * What starts the interleaving in the engine's report of a failure. Rarely (seen once in about 50 replays of one
     * failure, JDK 17) the engine's report holds only an exception of its own trace collection instead.
     */
    static final String INTERLEAVING_MARK = "The following interleaving";

    /** The trace hash of a failure whose report holds no interleaving. */
    static final String NO_TRACE = "00000000";

    /**
     * Whether a replay met the failure its id names: the same schedule of the deterministic search and the same
     * interleaving; when either report holds no interleaving ({@link #NO_TRACE}), the schedule alone.
     *
     * @param schedule the schedule the id names
     * @param traceHash the trace hash the id names
     * @param got the replay's failure
     * @return whether they match
     */
    static boolean replayMatches(long schedule, String traceHash, ExploreFailure got) {
        String gotHash = traceHash(got);
        return got.schedule() == schedule && (gotHash.equals(traceHash) || gotHash.equals(NO_TRACE)
                || traceHash.equals(NO_TRACE));
    }

    /** The hash that ties a replay id to its test and interleaving: the first 8 hex digits of SHA-256. */
    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format(Locale.ROOT, "%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The part of the engine's report that a replay must reproduce: the interleaving, without stack-frame lines (their
     * generated accessor and lambda class names vary from run to run) and identity hash codes.
     */
    static String interleaving(String report) {
        StringBuilder b = new StringBuilder();
        for (String line : report.split("\n")) {
            String t = line.trim();
            if (t.startsWith("at ") || t.startsWith("... ")) {
                continue;
            }
            b.append(IDENTITY.matcher(LAMBDA.matcher(line).replaceAll("\\$\\$Lambda")).replaceAll("@")).append('\n');
        }
        return b.toString();
    }

    /** The trace hash of a failure's report, as a replay id holds it. */
    static String traceHash(ExploreFailure f) {
        return f.replayId().substring(f.replayId().lastIndexOf('-') + 1);
    }

    private static String firstLine(String s) {
        for (String line : s.split("\n")) {
            if (!line.isBlank() && !line.startsWith("=")) {
                return line.trim();
            }
        }
        return s;
    }

    /**
     * Not thread-safe alone, shared through the system properties for one exploration: the counts the engine's heap
     * restoration cannot reset.
     */
    static final class Probe {
        final AtomicLong started = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong firstFailure = new AtomicLong();
        final long deadline;
        volatile boolean timeUp;
        volatile Throwable firstThrown;
        /** The first exception that ended a thread the body started, in the current schedule. */
        volatile Throwable uncaught;
        volatile String uncaughtIn;

        Probe(long deadline) {
            this.deadline = deadline;
        }
    }

    /**
     * Thread-safe (one schedule at a time, on the engine's thread): one schedule: start the harness threads (or run
     * the body here for one thread), join them, rethrow the first failure in thread order. A named class rather than a
     * lambda, so that the engine sees every object it hands to the threads.
     */
    private static final class Schedule implements Runnable {
        private final String key;
        private final int threads;
        private final int iterations;
        private final Instances instances;
        private final Hook before;
        private final Body body;
        private final Hook after;

        Schedule(String key, int threads, int iterations, Instances instances, Hook before, Body body, Hook after) {
            this.key = key;
            this.instances = instances;
            this.threads = threads;
            this.iterations = iterations;
            this.before = before;
            this.body = body;
            this.after = after;
        }

        /**
         * The probe, looked up in the first schedule and kept: the engine does not reset this object's fields between
         * schedules (it restores them when the exploration ends, when the caller holds the probe itself), so later
         * schedules trace one field read instead of a map lookup.
         */
        private Probe probe;

        @Override
        public void run() {
            if (probe == null) {
                probe = (Probe) System.getProperties().get(key);
            }
            Probe probe = this.probe;
            long me = probe.started.incrementAndGet();
            if (probe.timeUp || System.nanoTime() - probe.deadline > 0) {
                probe.timeUp = true;
                return;
            }
            probe.uncaught = null;
            Object instance = instances.take(me);
            Worker failed = null;
            if (threads == 1) {
                Worker w = new Worker(instance, 0, iterations, before, body, after);
                w.run();
                failed = w.failure != null ? w : null;
            } else {
                Worker[] workers = new Worker[threads];
                Thread[] started = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    workers[t] = new Worker(instance, t, iterations, before, body, after);
                    started[t] = new Thread(workers[t], "threadproof-explore-" + t);
                    started[t].start();
                }
                for (int t = 0; t < threads; t++) {
                    try {
                        started[t].join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("threadproof: explore interrupted", e);
                    }
                }
                for (Worker w : workers) {
                    if (w.failure != null) {
                        failed = w;
                        break;
                    }
                }
            }
            Throwable failure;
            Throwable ended = null;
            try {
                instances.end(instance);
            } catch (Throwable e) {
                ended = e;
            }
            if (failed != null) {
                failure = failed.failure;
            } else if (ended != null) {
                failure = ended;
            } else if (probe.uncaught != null) {
                failure = new ThreadError("a thread the test started (" + probe.uncaughtIn + ") ended with", 0, 0,
                        probe.uncaught, true);
            } else {
                probe.completed.incrementAndGet();
                return;
            }
            if (probe.firstFailure.compareAndSet(0, me)) {
                probe.firstThrown = failure;
            }
            if (failure instanceof Error) {
                throw (Error) failure;
            }
            if (failure instanceof RuntimeException) {
                throw (RuntimeException) failure;
            }
            if (failed == null) {
                throw new ThreadError("@AfterEach after the threads:", 0, 0, failure, true);
            }
            throw new ThreadError("thread " + failed.thread + ", iteration " + failed.iteration + " of "
                    + FreeThreadedRunner.describe(threads, iterations) + ":", failed.thread, failed.iteration, failure,
                    true);
        }
    }

    /**
     * Thread-safe: the default uncaught-exception handler while an exploration runs: it records the first exception
     * that ends a thread the body started (the schedule then fails with it) and passes it on to the handler it
     * replaced (or prints it as the JVM does).
     */
    private static final class Uncaught implements Thread.UncaughtExceptionHandler {
        private final String key;
        private final Thread.UncaughtExceptionHandler previous;

        Uncaught(String key, Thread.UncaughtExceptionHandler previous) {
            this.key = key;
            this.previous = previous;
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            Object p = System.getProperties().get(key);
            if (p instanceof Probe && ((Probe) p).uncaught == null) {
                ((Probe) p).uncaughtIn = t.getName();
                ((Probe) p).uncaught = e;
            }
            if (previous != null) {
                previous.uncaughtException(t, e);
            } else {
                System.err.print("Exception in thread \"" + t.getName() + "\" ");
                e.printStackTrace();
            }
        }
    }

    /** Not thread-safe (its own harness thread): one harness thread of one schedule. */
    private static final class Worker implements Runnable {
        private final int thread;
        private final int iterations;
        private final Hook before;
        private final Body body;
        private final Hook after;
        private final Object instance;
        Throwable failure;
        int iteration = ThreadFailure.BEFORE_FIRST_ITERATION;

        Worker(Object instance, int thread, int iterations, Hook before, Body body, Hook after) {
            this.instance = instance;
            this.thread = thread;
            this.iterations = iterations;
            this.before = before;
            this.body = body;
            this.after = after;
        }

        @Override
        public void run() {
            try {
                before.run(instance, thread);
                for (iteration = 0; iteration < iterations; iteration++) {
                    body.run(instance, thread, iteration);
                }
                after.run(instance, thread);
            } catch (Throwable e) {
                failure = e;
            }
        }
    }
}
