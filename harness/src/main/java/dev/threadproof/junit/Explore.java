package dev.threadproof.junit;

import dev.threadproof.annotations.ThreadSafety;
import java.time.Duration;
import java.util.Objects;

/**
 * Thread-safe (stateless; each call explores on the calling thread): explore mode without JUnit, for a program that
 * is not a test method (the project's bug benchmark uses it): runs a body from N threads under the controlled
 * scheduler that {@code -Dthreadproof.mode=explore} uses, and replays a failure by its id.
 *
 * <pre>{@code
 * Explore.Result r = Explore.run("lost-update", 1, 1000, Duration.ofSeconds(30), thread -> {
 *     Counter c = new Counter();                 // a fresh state in every schedule
 *     Thread a = new Thread(c::increment), b = new Thread(c::increment);
 *     a.start(); b.start(); a.join(); b.join();
 *     assertEquals(2, c.get());
 * });
 * if (r.failure() != null) {
 *     System.out.println(r.failure().getMessage());   // the interleaving and the replay id
 *     Explore.Result again = Explore.replay("lost-update", r.failure().replayId(), body);
 *     assert again.replayed();
 * }
 * }</pre>
 *
 * <p>The body must make its own state in each call: every schedule calls it again, and the engine does not reset the
 * heap between schedules. Threads the body starts are scheduled too; a deadlock among them, or an exception that ends
 * one of them, fails the schedule.
 *
 * <p>Memory consistency effects: actions before a call happen-before every action of the body in every schedule, and
 * every action of every schedule happens-before the call returns.
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE, note = "stateless; each call explores on the calling thread and"
        + " sets the default uncaught-exception handler for its duration")
public final class Explore {
    private Explore() {
    }

    /**
     * Conditionally thread-safe (as the body makes it; the engine calls it from the threads of one schedule at a time):
     * what each thread runs.
     */
    @FunctionalInterface
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = "called from the schedule's threads, one schedule at"
            + " a time")
    public interface Body {
        /**
         * Conditionally thread-safe (as the body makes it): runs the program once in one thread of one schedule.
         *
         * @param thread the thread index, {@code 0 .. threads-1}
         * @throws Throwable the failure, which fails the schedule
         */
        @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = "as the body makes it")
        void run(int thread) throws Throwable;
    }

    /** Immutable: how far an exploration or a replay went. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final class Result {
        private final Explorer.Outcome outcome;
        private final long budget;
        private final boolean replayed;

        Result(Explorer.Outcome outcome, long budget, boolean replayed) {
            this.outcome = outcome;
            this.budget = budget;
            this.replayed = replayed;
        }

        /**
         * Immutable: the schedules run, up to and including the failing one.
         *
         * @return the schedule count
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public long schedules() {
            return outcome.schedules;
        }

        /**
         * Immutable: the first failure, or null when every schedule passed.
         *
         * @return the failure, with its interleaving and replay id
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public ExploreFailure failure() {
            return outcome.failure;
        }

        /**
         * Immutable: the wall time of the exploration.
         *
         * @return milliseconds
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public long millis() {
            return outcome.millis;
        }

        /**
         * Immutable: for a replay, whether it met the same failure in the same interleaving at the same schedule.
         *
         * @return true for a faithful replay; false for an exploration or a replay that diverged
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public boolean replayed() {
            return replayed;
        }

        /**
         * Immutable: the bound in words, as the summary and the certificate show it.
         *
         * @return for example {@code explored 200 schedules (bound 200 schedules, lincheck-3.7)}
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public String describe() {
            return outcome.describe(budget);
        }
    }

    /**
     * Thread-safe: explores the body.
     *
     * @param name the program's name (a replay id is tied to it)
     * @param threads threads per schedule, at least 1 (1 runs the body on the exploration's own thread, so the threads
     *     it starts are the ones explored)
     * @param maxSchedules the schedule budget, at least 1
     * @param time the time budget: once it has passed, the search stops
     * @param body what each thread runs
     * @return the result
     * @throws IllegalArgumentException naming the parameter, before anything runs
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Result run(String name, int threads, long maxSchedules, Duration time, Body body) {
        check(name, threads, maxSchedules, time, body);
        return new Result(explore(name, threads, maxSchedules, time, body), maxSchedules, false);
    }

    /**
     * Thread-safe: replays a failure by its id: the same search, run again to the failing schedule, checked against
     * the interleaving the id names.
     *
     * @param name the program's name, as given to {@link #run}
     * @param replayId the id a failure printed
     * @param body the same body
     * @return the result; {@link Result#replayed()} says whether it met the same failure in the same interleaving
     * @throws IllegalArgumentException when the id is malformed or was made by another program
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Result replay(String name, String replayId, Body body) {
        Objects.requireNonNull(replayId, "replayId");
        Explorer.Replay r;
        try {
            r = Explorer.Replay.parse(replayId);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("replayId: " + e.getMessage(), e);
        }
        check(name, r.threads, r.budget, Duration.ofDays(1), body);
        if (!r.names(name)) {
            throw new IllegalArgumentException("replayId: " + replayId + " was made by another program than " + name);
        }
        Explorer.Outcome o = explore(name, r.threads, r.budget, Duration.ofDays(1), body);
        boolean same = o.failure != null && o.failure.schedule() == r.schedule
                && Explorer.traceHash(o.failure).equals(r.traceHash);
        return new Result(o, r.budget, same);
    }

    private static Explorer.Outcome explore(String name, int threads, long maxSchedules, Duration time, Body body) {
        Object none = new Object();
        return Explorer.explore(name, threads, 1, maxSchedules, time, new Explorer.Instances() {
            @Override
            public Object take(long schedule) {
                return none;
            }

            @Override
            public void end(Object instance) {
            }
        }, (o, t) -> { }, (o, t, it) -> body.run(t), (o, t) -> { });
    }

    private static void check(String name, int threads, long maxSchedules, Duration time, Body body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(body, "body");
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (must be at least 1)");
        }
        if (maxSchedules < 1 || maxSchedules > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxSchedules: " + maxSchedules + " (must be in [1, 2^31-1])");
        }
        if (time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("time: " + time + " (must be positive)");
        }
    }
}
