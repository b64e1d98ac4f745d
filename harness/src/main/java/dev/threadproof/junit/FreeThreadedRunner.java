package dev.threadproof.junit;

import dev.threadproof.annotations.ThreadSafety;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Immutable: runs a body from many new threads at once, a fixed number of iterations each, every iteration started
 * at a barrier, under a watchdog; the engine behind {@link FreeThreaded}, usable on its own.
 *
 * <pre>{@code
 * FreeThreadedRunner.threads(8).iterations(100).timeout(Duration.ofSeconds(10))
 *         .run((thread, iteration) -> cache.put(thread, iteration));
 * }</pre>
 *
 * <p>A runner is a value: each {@code with}-style method returns a new runner, and {@link #run(Body)} may be called
 * from any number of threads at once, each call with threads of its own.
 *
 * <p>Memory consistency effects: actions in the calling thread prior to {@link #run(Body)} happen-before every action
 * of every harness thread, and every action of every harness thread happens-before {@code run} returns or throws
 * (each harness thread is started by, and joined by, the calling thread). Within a call, the actions of all harness
 * threads in iteration {@code k} happen-before the actions of all harness threads in iteration {@code k + 1} (the
 * barrier between them publishes its generation with a volatile write that every party reads).
 *
 * <p>No harness thread outlives the call: {@code run} returns or throws only after every harness thread has ended,
 * except when a thread ignores interruption after a timeout, which the {@link HarnessTimeoutError} then names (and
 * {@link #leftBehind()} counts).
 *
 * <p>A failure keeps JUnit's meaning: a thread whose body threw an {@link AssertionError} fails as a
 * {@link ThreadFailure} (an assertion failure), any other throwable as a {@link ThreadError} (an error); both carry
 * the thread and iteration in their message, before the original type and message.
 */
public final class FreeThreadedRunner {

    /* Implementation notes.
     *
     * Threads. Each call starts `threads` new platform threads, daemon, named "<name>-<index>", with the caller's
     * context class loader, and joins them all before it returns. A pool would save the thread starts (tens of
     * microseconds each) but would let harness threads outlive the test, and keep ThreadLocals of one test alive
     * into the next.
     *
     * Barrier. One StartBarrier with `threads` parties; each iteration begins with await. Waiters spin briefly
     * before they park, so all threads leave the barrier at nearly the same instant: that overlap is what makes a
     * race show. A failure anywhere breaks the barrier for good, which releases every waiting thread and makes
     * every later arrival return at once, so no thread waits for a partner that will never come. (A CyclicBarrier
     * cannot do this: reset() breaks only the current generation, and a thread arriving after it waits forever.)
     *
     * Failures. Each failure is queued with its (iteration, thread); the first in that order is thrown with the
     * others suppressed. Threads already inside the body of the failing iteration finish it (their failures are
     * kept); a thread still waking from that iteration's barrier sees the break and does not start it; no
     * thread starts a later iteration.
     *
     * Watchdog. The timeout bounds one iteration: from the release of its barrier (for iteration 0, from the call's
     * start, so the before-hooks count) until the next release or the end of the last thread. The calling thread
     * joins the harness threads against a deadline of the latest release (read from the barrier) plus the timeout,
     * and moves the deadline whenever a later release happened. Past it, or when the caller is interrupted,
     * it records their stacks and those of every other thread of the JVM (with the lock each waits on,
     * and any deadlock the JVM detects), terminates the barrier, interrupts them and joins them for GRACE more.
     */

    /** A test body, run by every harness thread in every iteration. */
    @FunctionalInterface
    public interface Body {
        /**
         * Confined to one harness thread per call: runs one iteration of the body.
         *
         * @param thread the harness thread's index, {@code 0 .. threads-1}
         * @param iteration the iteration, {@code 0 .. iterations-1}
         * @throws Throwable a failure of this thread in this iteration
         */
        void run(int thread, int iteration) throws Throwable;
    }

    /** A per-thread hook, run once by each harness thread before its first or after its last iteration. */
    @FunctionalInterface
    public interface ThreadHook {
        /**
         * Confined to one harness thread per call: runs the hook for one thread.
         *
         * @param thread the harness thread's index
         * @throws Throwable a failure of this thread
         */
        void run(int thread) throws Throwable;
    }

    /** How long the watchdog waits for threads to end after it interrupted them. */
    static final Duration GRACE = Duration.ofSeconds(5);
    /** Stack frames per thread in a timeout's dump. */
    private static final int DUMP_FRAMES = 48;
    /** Stack frames per thread for the threads that are not the harness's. */
    private static final int OTHER_FRAMES = 16;

    private static final ThreadHook NONE = t -> { };

    private final int threads;
    private final int iterations;
    private final Duration timeout;
    private final String name;
    private final ThreadHook before;
    private final ThreadHook after;
    /** Appended to a timeout's first line: how to change the limit (the extension names its property). */
    private final String timeoutHint;
    /** Whether the failures after the first are added as one line each (message, no stack, no cause). */
    private final boolean compact;

    /** Harness threads that ignored the interrupt after a timeout, in every call of this JVM. */
    private static final ConcurrentLinkedQueue<Thread> LEFT_BEHIND = new ConcurrentLinkedQueue<>();

    private FreeThreadedRunner(int threads, int iterations, Duration timeout, String name, ThreadHook before,
                               ThreadHook after, String timeoutHint, boolean compact) {
        this.threads = threads;
        this.iterations = iterations;
        this.timeout = timeout;
        this.name = name;
        this.before = before;
        this.after = after;
        this.timeoutHint = timeoutHint;
        this.compact = compact;
    }

    private FreeThreadedRunner(int threads, int iterations, Duration timeout, String name, ThreadHook before,
                               ThreadHook after) {
        this(threads, iterations, timeout, name, before, after, "", false);
    }

    /**
     * Thread-safe: a runner of {@code threads} threads, 1 iteration, a 60 s timeout.
     *
     * @param threads how many threads run the body at once, at least 1
     * @return the runner
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static FreeThreadedRunner threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new FreeThreadedRunner(threads, 1, Duration.ofSeconds(60), "threadproof-harness", NONE, NONE, "",
                false);
    }

    /**
     * Thread-safe: this runner with another iteration count.
     *
     * @param iterations how many times each thread runs the body, at least 1
     * @return a new runner
     * @throws IllegalArgumentException if {@code iterations < 1}
     */
    public FreeThreadedRunner iterations(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        return new FreeThreadedRunner(threads, iterations, timeout, name, before, after, timeoutHint, compact);
    }

    /**
     * Thread-safe: this runner with another limit for one iteration: the time from the start of an iteration (the
     * release of its barrier; for the first, the start of the call) until every thread reached the next barrier or
     * ended. A call of {@code k} iterations may thus run up to {@code k} times the limit, and a hang is reported one
     * limit after the iteration it happened in started.
     *
     * @param timeout positive
     * @return a new runner
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public FreeThreadedRunner timeout(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return new FreeThreadedRunner(threads, iterations, timeout, name, before, after, timeoutHint, compact);
    }

    /**
     * Thread-safe: this runner with another thread-name prefix (threads are named {@code <name>-<index>}).
     *
     * @param name not null or blank
     * @return a new runner
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public FreeThreadedRunner name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be null or blank");
        }
        return new FreeThreadedRunner(threads, iterations, timeout, name, before, after, timeoutHint, compact);
    }

    /**
     * Thread-safe: this runner with a hook that each harness thread runs before its first iteration.
     *
     * @param hook not null
     * @return a new runner
     * @throws NullPointerException if {@code hook} is null
     */
    public FreeThreadedRunner beforeEachThread(ThreadHook hook) {
        return new FreeThreadedRunner(threads, iterations, timeout, name, Objects.requireNonNull(hook, "hook"),
                after, timeoutHint, compact);
    }

    /**
     * Thread-safe: this runner with a hook that each harness thread runs after its last iteration, also when it
     * failed.
     *
     * @param hook not null
     * @return a new runner
     * @throws NullPointerException if {@code hook} is null
     */
    public FreeThreadedRunner afterEachThread(ThreadHook hook) {
        return new FreeThreadedRunner(threads, iterations, timeout, name, before,
                Objects.requireNonNull(hook, "hook"), timeoutHint, compact);
    }

    /**
     * Immutable: the thread count.
     *
     * @return how many threads run the body at once
     */
    public int threads() {
        return threads;
    }

    /**
     * Immutable: the iteration count.
     *
     * @return how many times each thread runs the body
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Immutable: the limit of one iteration.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /** This runner with a hint appended to a timeout's message (how to change the limit). */
    FreeThreadedRunner timeoutHint(String hint) {
        return new FreeThreadedRunner(threads, iterations, timeout, name, before, after, hint, compact);
    }

    /** This runner adding the failures after the first as one line each (compact) or with their traces. */
    FreeThreadedRunner compact(boolean compactSuppressed) {
        return new FreeThreadedRunner(threads, iterations, timeout, name, before, after, timeoutHint,
                compactSuppressed);
    }

    /**
     * Thread-safe: the harness threads of every call in this JVM that ignored the interrupt after a timeout and are
     * still alive.
     *
     * @return their names, oldest first
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static List<String> leftBehind() {
        List<String> alive = new ArrayList<>();
        for (java.util.Iterator<Thread> it = LEFT_BEHIND.iterator(); it.hasNext(); ) {
            Thread t = it.next();
            if (t.isAlive()) {
                alive.add(t.getName());
            } else {
                it.remove();
            }
        }
        return alive;
    }

    /**
     * Immutable: how this runner runs a body, as test names show it, e.g. {@code [8 threads x 10]}.
     *
     * @return the description
     */
    public String describe() {
        return describe(threads, iterations);
    }

    static String describe(int threads, int iterations) {
        return "[" + threads + (threads == 1 ? " thread" : " threads") + " x " + iterations + "]";
    }

    /**
     * Thread-safe: runs {@code body} from {@link #threads()} new threads, {@link #iterations()} times each, and
     * returns when all are done.
     *
     * @param body not null
     * @throws NullPointerException if {@code body} is null; nothing runs
     * @throws ThreadFailure the first failure in (iteration, thread) order when it is an assertion failure, the
     *     others suppressed
     * @throws ThreadError the first failure when it is any other throwable, the others suppressed
     * @throws HarnessTimeoutError if an iteration ran past the timeout or the caller was interrupted (then the
     *     caller's interrupt flag is set again)
     */
    public void run(Body body) {
        run(body, null);
    }

    /** {@link #run(Body)}, adding every failure with its full trace to {@code all} (when not null) before it throws. */
    void run(Body body, List<Throwable> all) {
        Objects.requireNonNull(body, "body");
        Call call = new Call(body, all);
        call.start();
        call.await();
    }

    /** One thread's failure, turned into the thrown type only when the call ends. */
    private static final class Failure {
        final String label;
        final int thread;
        final int iteration;
        final Throwable cause;

        Failure(String label, int thread, int iteration, Throwable cause) {
            this.label = label;
            this.thread = thread;
            this.iteration = iteration;
            this.cause = cause;
        }

        /** A ThreadFailure for an assertion, a ThreadError for anything else; brief: one line, no cause or stack. */
        Throwable toThrowable(boolean brief) {
            Throwable e;
            if (cause instanceof AssertionError) {
                e = new ThreadFailure(label, thread, iteration, cause, !brief);
            } else {
                e = new ThreadError(label, thread, iteration, cause, !brief);
            }
            if (brief) {
                e.setStackTrace(new StackTraceElement[0]);
            }
            return e;
        }
    }

    /** The state of one {@link #run(Body)} call. */
    private final class Call {
        private final Body body;
        private final StartBarrier barrier = new StartBarrier(threads);
        private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
        private final Thread[] workers = new Thread[threads];
        private final List<Throwable> all;
        private final long startedAt = System.nanoTime();

        Call(Body body, List<Throwable> all) {
            this.body = body;
            this.all = all;
        }

        void start() {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Thread t = new Thread(() -> work(index), name + "-" + i);
                t.setDaemon(true);
                t.setContextClassLoader(loader);
                workers[i] = t;
                barrier.register(i, t);
            }
            int started = 0;
            try {
                for (Thread t : workers) {
                    t.start();
                    started++;
                }
            } catch (Throwable e) { // OutOfMemoryError ("unable to create native thread") and the like
                barrier.breakBarrier();
                try {
                    stop("could not start harness thread " + started + " (" + e + ")", false);
                } catch (HarnessTimeoutError error) {
                    error.addSuppressed(e);
                    throw error;
                }
            }
        }

        private void work(int thread) {
            try {
                before.run(thread);
            } catch (Throwable e) {
                fail(thread, ThreadFailure.BEFORE_FIRST_ITERATION, e);
                runAfter(thread);
                return;
            }
            try {
                for (int it = 0; it < iterations; it++) {
                    if (!barrier.await(thread)) {
                        return; // another thread failed or the watchdog fired
                    }
                    try {
                        body.run(thread, it);
                    } catch (Throwable e) {
                        fail(thread, it, e);
                        return;
                    }
                }
            } finally {
                runAfter(thread);
            }
        }

        private void runAfter(int thread) {
            try {
                after.run(thread);
            } catch (Throwable e) {
                fail(thread, iterations, e);
            }
        }

        private void fail(int thread, int iteration, Throwable e) {
            failures.add(new Failure(label(thread, iteration), thread, iteration, e));
            barrier.breakBarrier();
        }

        private String label(int thread, int iteration) {
            String where = iteration == ThreadFailure.BEFORE_FIRST_ITERATION ? "@BeforeEachThread"
                    : iteration == iterations ? "@AfterEachThread" : "iteration " + iteration;
            return "thread " + thread + ", " + where + " of " + describe() + ":";
        }

        void await() {
            long limit = timeout.toNanos();
            boolean interrupted = false;
            int expiredIn = -1;
            try {
                for (Thread t : workers) {
                    while (t.isAlive()) {
                        int g = barrier.generation();
                        long left = barrier.releasedAt(g, startedAt) + limit - System.nanoTime();
                        if (left > 0) {
                            TimeUnit.NANOSECONDS.timedJoin(t, left);
                        } else if (barrier.generation() == g) {
                            expiredIn = g;
                            break;
                        }
                    }
                    if (expiredIn >= 0) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (expiredIn >= 0 || interrupted) {
                String why = interrupted ? "the test thread was interrupted"
                        : (expiredIn == 0 ? "the start (a @BeforeEachThread hook, or the wait for the first barrier)"
                                : "iteration " + (expiredIn - 1)) + " ran past the limit of " + format(timeout)
                                + timeoutHint;
                stop(why, interrupted);
            }
            throwFailures();
        }

        /** Dumps the stacks, stops the threads, waits GRACE for them, and throws. */
        private void stop(String why, boolean restoreInterrupt) {
            StringBuilder msg = new StringBuilder(why).append(" in ").append(describe())
                    .append("; stacks of the harness threads at that moment:\n");
            for (Thread t : workers) {
                if (t != null && t.isAlive()) {
                    msg.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
                    StackTraceElement[] stack = t.getStackTrace();
                    for (int i = 0; i < Math.min(stack.length, DUMP_FRAMES); i++) {
                        msg.append("\tat ").append(stack[i]).append('\n');
                    }
                    if (stack.length > DUMP_FRAMES) {
                        msg.append("\t... ").append(stack.length - DUMP_FRAMES).append(" more\n");
                    }
                }
            }
            appendOtherThreads(msg, workers);
            barrier.breakBarrier();
            for (Thread t : workers) {
                if (t != null) {
                    t.interrupt();
                }
            }
            boolean interrupted = restoreInterrupt | joinUninterruptibly(GRACE);
            List<String> stuck = new ArrayList<>();
            for (Thread t : workers) {
                if (t != null && t.isAlive()) {
                    stuck.add(t.getName());
                }
            }
            if (!stuck.isEmpty()) {
                for (Thread t : workers) {
                    if (t != null && t.isAlive()) {
                        LEFT_BEHIND.add(t);
                    }
                }
                msg.append("still running ").append(format(GRACE)).append(" after being interrupted (the body"
                        + " ignores interrupts; these daemon threads are left behind): ").append(stuck).append('\n');
            }
            HarnessTimeoutError error = new HarnessTimeoutError(msg.toString());
            for (Failure f : sorted()) {
                error.addSuppressed(f.toThrowable(false));
                if (all != null) {
                    all.add(f.toThrowable(false));
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw error;
        }

        private boolean joinUninterruptibly(Duration grace) {
            boolean interrupted = false;
            long deadline = System.nanoTime() + grace.toNanos();
            for (Thread t : workers) {
                while (t != null && t.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedJoin(t, left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            return interrupted;
        }

        private List<Failure> sorted() {
            List<Failure> list = new ArrayList<>(failures);
            list.sort(Comparator.comparingInt((Failure f) -> f.iteration).thenComparingInt(f -> f.thread));
            return list;
        }

        private void throwFailures() {
            List<Failure> list = sorted();
            if (list.isEmpty()) {
                return;
            }
            Throwable first = list.get(0).toThrowable(false);
            if (all != null) {
                all.add(first);
            }
            for (int i = 1; i < list.size(); i++) {
                first.addSuppressed(list.get(i).toThrowable(compact));
                if (all != null) {
                    all.add(list.get(i).toThrowable(false));
                }
            }
            if (first instanceof Error) {
                throw (Error) first; // a ThreadFailure
            }
            throw (RuntimeException) first; // a ThreadError

        }
    }

    /**
     * The rest of the JVM at the moment of a timeout: what the harness threads may be waiting for (pool threads, a
     * lock's owner) is often elsewhere. Each other live thread with its state, the lock it waits on and that lock's
     * owner, and its top frames; then any cycle of threads the JVM itself finds deadlocked on monitors or locks.
     */
    private static void appendOtherThreads(StringBuilder msg, Thread[] harness) {
        java.util.Set<Long> skip = new java.util.HashSet<>();
        for (Thread t : harness) {
            if (t != null) {
                skip.add(t.getId());
            }
        }
        skip.add(Thread.currentThread().getId());
        msg.append("stacks of the other threads of this JVM:\n");
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (java.lang.management.ThreadInfo info : mx.dumpAllThreads(false, false)) {
            if (info == null || skip.contains(info.getThreadId())) {
                continue;
            }
            msg.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                msg.append(" on ").append(info.getLockName());
                if (info.getLockOwnerName() != null) {
                    msg.append(" owned by \"").append(info.getLockOwnerName()).append('"');
                }
            }
            msg.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            int frames = Math.min(stack.length, OTHER_FRAMES);
            for (int i = 0; i < frames; i++) {
                msg.append("\tat ").append(stack[i]).append('\n');
            }
            if (stack.length > frames) {
                msg.append("\t... ").append(stack.length - frames).append(" more\n");
            }
        }
        long[] deadlocked = mx.findDeadlockedThreads();
        if (deadlocked != null) {
            List<String> names = new ArrayList<>();
            for (java.lang.management.ThreadInfo info : mx.getThreadInfo(deadlocked)) {
                if (info != null) {
                    names.add(info.getThreadName());
                }
            }
            msg.append("deadlocked, as the JVM finds (a cycle of monitor or lock waits): ").append(names).append('\n');
        }
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%d ms", ms);
    }
}
