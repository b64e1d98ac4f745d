package dev.threadproof.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The state a team of a parallel block shares: its barrier, its current work-sharing loop, and whether it is broken.
 *
 * <p>Implementation notes.
 *
 * <p><b>Barrier.</b> A counting barrier with a generation number. A member reads the generation, increments
 * {@code arrived}; the last to arrive resets {@code arrived} and then publishes the next generation (a volatile
 * write, so a member that sees the new generation also sees the reset), then unparks the others. Waiters spin for
 * and then park ({@link SpinThenPark}). Every member's actions before the barrier happen-before every member's
 * actions after it, through the atomic increment and the volatile generation.
 *
 * <p><b>Breaking.</b> A team breaks when a member throws, when a member returns while others wait at a barrier (a
 * usage error: every member must reach every barrier), or when the caller is interrupted. Waiters then throw
 * {@link Aborted}, which the block drops in favour of the cause. "Returned" and "arrived" follow the Dekker pattern
 * (each side increments its own counter, then reads the other's), so a member that returns early is always noticed.
 *
 * <p><b>Work sharing.</b> The k-th {@code team.range(...)} loop of every member uses one shared job, created by the
 * first member to reach it. Since a loop ends with a barrier, when any member reaches loop k every member has left
 * loop k-1, so a single slot holds the current loop.
 */
final class TeamState {
    /**
     * The members' threads, by id: volatile accesses. A member registers (a volatile write) before it reads
     * {@code broken}; a breaker sets {@code broken} (a volatile CAS) before it reads the threads to unpark: a Dekker
     * pair, so either the member sees the team broken or the breaker sees the member and unparks it. With plain
     * accesses the Java Memory Model let a breaker miss a registered member that then parks for good (found by
     * threadproof's race detector: the register write and unparkAll's read were unordered).
     */
    private static final VarHandle THREADS = MethodHandles.arrayElementVarHandle(Thread[].class);
    final int size;
    private final Thread[] threads;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger returned = new AtomicInteger();
    private volatile int generation;
    private final AtomicReference<Throwable> broken = new AtomicReference<>();
    private final AtomicReference<SharedLoop> loop = new AtomicReference<>();
    /** Per member: how many work-sharing loops it has entered; each member reads and writes only its own slot. */
    private final int[] loops;

    /** Thrown at a barrier of a broken team; the parallel block reports the cause instead. */
    static final class Aborted extends CancellationException {
        private static final long serialVersionUID = 1L;

        Aborted(Throwable cause) {
            super("the team was broken: " + cause);
            initCause(cause);
        }
    }

    TeamState(int size) {
        this.size = size;
        this.threads = new Thread[size];
        this.loops = new int[size];
    }

    void register(int id) {
        THREADS.setVolatile(threads, id, Thread.currentThread());
    }

    Throwable brokenCause() {
        return broken.get();
    }

    void breakTeam(Throwable cause) {
        if (broken.compareAndSet(null, cause)) {
            SharedLoop l = loop.get();
            if (l != null) {
                l.job.cancel();
            }
            unparkAll();
        }
    }

    private void unparkAll() {
        Thread self = Thread.currentThread();
        for (int i = 0; i < threads.length; i++) {
            Thread t = (Thread) THREADS.getVolatile(threads, i);
            if (t != null && t != self) {
                LockSupport.unpark(t);
            }
        }
    }

    void memberReturned(int id) {
        returned.incrementAndGet();
        if (arrived.get() > 0) {
            breakTeam(new IllegalStateException("team member " + id + " returned from the parallel block's body while other "
                    + "members wait at a barrier: every member must reach every barrier and every team.range loop"));
        }
    }

    void await(int id) {
        Throwable cause = broken.get();
        if (cause != null) {
            throw new Aborted(cause);
        }
        int gen = generation;
        if (arrived.incrementAndGet() == size) {
            arrived.set(0);
            generation = gen + 1;
            unparkAll();
            return;
        }
        // A member that returned will never arrive; but one that returned after this barrier completed is fine.
        // Its advance of the generation happens-before its return is counted, so reading `returned` first and the
        // generation second cannot mistake a completed barrier for an abandoned one.
        if (returned.get() > 0 && generation == gen) {
            breakTeam(new IllegalStateException("team member " + id + " waits at a barrier that a member who "
                    + "already returned will never reach: every member must reach every barrier and every "
                    + "team.range loop"));
        }
        BarrierWait w = new BarrierWait(gen, id);
        SpinThenPark.await(w);
        if (w.interrupted) {
            Thread.currentThread().interrupt();
        }
        if (generation == gen) {
            throw new Aborted(broken.get());
        }
    }

    /**
     * A member's wait at one barrier: over when the generation moves on or the team breaks. Members are registered in
     * {@code threads} before they can wait, and the releasing member unparks every registered thread after its write,
     * so announcing is only reading the condition again.
     */
    private final class BarrierWait implements SpinThenPark.Waiter {
        private final int gen;
        private final int id;
        boolean interrupted;

        BarrierWait(int gen, int id) {
            this.gen = gen;
            this.id = id;
        }

        @Override
        public boolean ready() {
            return generation != gen || broken.get() != null;
        }

        @Override
        public boolean announce() {
            return ready();
        }

        @Override
        public void unparked() {
            if (Thread.interrupted()) {
                interrupted = true;
                if (id == 0) {
                    breakTeam(new CancellationException("parallel block cancelled: the calling thread was "
                            + "interrupted; the interrupt status is kept"));
                }
            }
        }
    }

    /**
     * A team's current work-sharing loop: its position among the team's loops, the job its members share, and the
     * buffer a reduction's members fill (null for a plain loop). The first member to reach the loop creates it.
     */
    private static final class SharedLoop {
        final int seq;
        final RangeJob job;
        final Object buffer;

        SharedLoop(int seq, RangeJob job, Object buffer) {
            this.seq = seq;
            this.job = job;
            this.buffer = buffer;
        }
    }

    /** Member {@code id}'s next work-sharing loop: the one the team shares, created by the first member to reach it. */
    private SharedLoop nextLoop(int id, Span range, Schedule schedule, java.util.function.Supplier<?> buffer) {
        int seq = loops[id]++;
        Schedule s = Env.resolve(schedule);
        for (;;) {
            SharedLoop cur = loop.get();
            if (cur != null && cur.seq == seq) {
                if (!cur.job.sameShape(range, s)) {
                    throw new IllegalStateException("team members reached work-sharing loop #" + seq
                            + " with different ranges or schedules: every member must run the same team.range loops "
                            + "in the same order");
                }
                return cur;
            }
            SharedLoop next = new SharedLoop(seq, new RangeJob(range, s, size, null, null, 0),
                    buffer == null ? null : buffer.get());
            if (loop.compareAndSet(cur, next)) {
                return next;
            }
        }
    }

    /** Runs member {@code id}'s share of its next work-sharing loop, then the loop's barrier; throws its failure. */
    void share(int id, Span range, Schedule schedule, java.util.function.IntConsumer body, ChunkBody chunkBody) {
        RangeJob job = nextLoop(id, range, schedule, null).job;
        job.share(body, chunkBody, id == 0);
        await(id);
        job.finish();
    }

    /**
     * The reproducible sum of a team loop: the members share the blocks of {@link ParallelRange#sum} and the tree they
     * are reduced into ({@link RunTree}); after the loop's barrier every member returns the tree's one result, equal
     * to {@code Parallel.range(...).sum(f)} over the same range.
     */
    double sum(int id, Span range, Schedule schedule, java.util.function.IntToDoubleFunction f) {
        return Reductions.sum(range, f, new SharedBlocks(id, schedule));
    }

    /**
     * A reduction's blocks run as member {@code id}'s next work-sharing loop: the member that creates the loop makes
     * the shared object, every member reduces its claims of blocks into it and gets it back after the loop's barrier.
     */
    private final class SharedBlocks implements Reductions.BlockLoop {
        private final int id;
        private final Schedule schedule;

        SharedBlocks(int id, Schedule schedule) {
            this.id = id;
            this.schedule = schedule;
        }

        @Override
        public <B> B run(int blocks, java.util.function.Supplier<B> shared, Reductions.BlockRuns<B> body) {
            SharedLoop loop = nextLoop(id, new Span(0, blocks, 1), schedule, shared);
            RangeJob job = loop.job;
            @SuppressWarnings("unchecked")
            B s = (B) loop.buffer; // made by this loop's supplier, in whichever member created the loop
            job.share(null, (lo, hi) -> body.run(s, lo, hi), id == 0);
            await(id);
            job.finish();
            return s;
        }
    }
}
