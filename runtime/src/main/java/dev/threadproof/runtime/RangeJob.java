package dev.threadproof.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.function.IntConsumer;

/**
 * The iterations of one parallel-range call, and the participants' protocol for sharing them.
 *
 * <p>Implementation notes.
 *
 * <p><b>Representation.</b> Iterations are numbered by ordinal {@code k} in {@code [0, count)}; ordinal {@code k} is
 * index {@code start + k * step}, computed in {@code long} so ranges touching {@code Integer.MIN_VALUE} or
 * {@code Integer.MAX_VALUE} never overflow. Work is claimed in units: a lane ({@code STATIC}), a chunk
 * ({@code DYNAMIC}, {@code GUIDED}). Lanes are claimed with {@code nextLane}, chunks with {@code next}; any
 * participant, the caller included, may claim any unit, so no unit waits for a helper that has not started: the
 * caller keeps claiming until nothing is left, then waits only for units that are running.
 *
 * <p><b>Invariant.</b> Every ordinal is claimed exactly once, then either run or skipped, then added to
 * {@code completed} exactly once. The job is done when {@code completed == count}.
 *
 * <p><b>Memory ordering.</b> The fork edge is the publication of this job to a helper (a volatile write of the
 * worker's task slot, or {@code Executor.execute}); the join edge is the atomic add to {@code completed} that every
 * participant makes after its unit, read by the caller's volatile read of {@code completed}.
 *
 * <p><b>Failure.</b> A body that throws at ordinal {@code k} is recorded; units whose first ordinal is above the
 * lowest recorded failure are skipped. Since unclaimed ordinals are always above claimed ones, a participant that
 * sees a failure may claim and skip everything left at once.
 */
final class RangeJob extends Job {
    private static final VarHandle NEXT_LANE;
    private static final VarHandle NEXT;
    private static final VarHandle COMPLETED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT_LANE = l.findVarHandle(RangeJob.class, "nextLane", int.class);
            NEXT = l.findVarHandle(RangeJob.class, "next", long.class);
            COMPLETED = l.findVarHandle(RangeJob.class, "completed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long start;
    private final int stop;
    private final int step;
    private final long count;
    private final IntConsumer body;
    private final ChunkBody chunkBody;
    private final Schedule.Kind kind;
    private final int chunk;
    private final int lanes;

    private volatile int nextLane;
    private volatile long next;
    private volatile long completed;
    private volatile boolean cancelled;
    final Failures failures = new Failures();

    RangeJob(Span r, Schedule s, int lanes, IntConsumer body, ChunkBody chunkBody, int limit) {
        super(limit);
        this.start = r.start;
        this.stop = r.stop;
        this.step = r.step;
        this.count = r.size;
        this.kind = s.kind();
        this.chunk = s.chunk();
        this.lanes = lanes;
        this.body = body;
        this.chunkBody = chunkBody;
    }

    @Override
    boolean isDone() {
        return completed == count;
    }

    @Override
    void cancel() {
        cancelled = true;
    }

    private boolean stopping() {
        return cancelled || failures.any();
    }

    /** Whether the unit starting at ordinal {@code lo} must be skipped; the caller also polls its interrupt status. */
    private boolean skip(long lo, boolean caller) {
        if (caller && !cancelled && Thread.currentThread().isInterrupted()) {
            cancelled = true;
        }
        return cancelled || lo > failures.min();
    }

    boolean sameShape(Span r, Schedule s) {
        return r.start == start && r.stop == stop && r.step == step && s.kind() == kind && s.chunk() == chunk;
    }

    @Override
    void participate(boolean caller) {
        share(body, chunkBody, caller);
    }

    /**
     * Claims and runs units with the given body until none is left. A team loop passes each member's own body, since
     * it may capture that member's scratch.
     */
    void share(IntConsumer body, ChunkBody chunkBody, boolean caller) {
        switch (kind) {
            case STATIC:
                for (int lane; (lane = (int) NEXT_LANE.getAndAdd(this, 1)) < lanes; ) {
                    if (chunk == 0) {
                        long base = count / lanes;
                        long rem = count % lanes;
                        long lo = lane * base + Math.min(lane, rem);
                        unit(lo, lo + base + (lane < rem ? 1 : 0), body, chunkBody, caller);
                    } else {
                        staticLane(lane, body, chunkBody, caller);
                    }
                }
                break;
            case DYNAMIC:
                for (;;) {
                    boolean rest = stopping();
                    long lo = rest ? (long) NEXT.getAndSet(this, count) : (long) NEXT.getAndAdd(this, (long) chunk);
                    if (lo >= count) {
                        break;
                    }
                    unit(lo, rest ? count : Math.min(lo + chunk, count), body, chunkBody, caller);
                }
                break;
            case GUIDED:
                for (;;) {
                    long lo = next;
                    if (lo >= count) {
                        break;
                    }
                    long rem = count - lo;
                    long size = stopping() ? rem : Math.min(rem, Math.max(chunk, (rem + lanes - 1) / lanes));
                    if (NEXT.compareAndSet(this, lo, lo + size)) {
                        unit(lo, lo + size, body, chunkBody, caller);
                    }
                }
                break;
            default:
                throw new AssertionError(kind);
        }
    }

    /** Runs lane {@code lane} of a chunked static schedule: chunks {@code lane, lane + lanes, ...}. */
    private void staticLane(int lane, IntConsumer body, ChunkBody chunkBody, boolean caller) {
        long period = (long) chunk * lanes;
        for (long lo = (long) lane * chunk; lo < count; lo += period) {
            if (skip(lo, caller)) {
                // Everything left in this lane is above lo: account for it at once.
                long chunksLeft = (count - lo + period - 1) / period;
                long last = lo + (chunksLeft - 1) * period;
                account((chunksLeft - 1) * chunk + Math.min(chunk, count - last));
                return;
            }
            long hi = Math.min(lo + chunk, count);
            run(lo, hi, body, chunkBody);
            account(hi - lo);
        }
    }

    private void unit(long lo, long hi, IntConsumer body, ChunkBody chunkBody, boolean caller) {
        if (!skip(lo, caller)) {
            run(lo, hi, body, chunkBody);
        }
        account(hi - lo);
    }

    private void run(long lo, long hi, IntConsumer body, ChunkBody chunkBody) {
        if (body != null) {
            long k = lo;
            int i = (int) (start + lo * step);
            try {
                for (; k < hi; k++, i += step) {
                    body.accept(i);
                }
            } catch (Throwable t) {
                failures.add(k, t);
            }
        } else {
            long end = start + hi * step;
            int e = (int) (step > 0 ? Math.min(end, stop) : Math.max(end, stop));
            try {
                chunkBody.run((int) (start + lo * step), e);
            } catch (Throwable t) {
                failures.add(lo, t);
            }
        }
    }

    private void account(long n) {
        if ((long) COMPLETED.getAndAdd(this, n) + n == count) {
            signal();
        }
    }

    private CancellationException cancellation; // guarded by this

    /**
     * After the join: throws the lowest failure, or a cancellation if the caller was interrupted. Every member of a
     * team loop gets the same exception object.
     */
    @Override
    void finish() {
        failures.throwIfAny();
        if (cancelled) {
            synchronized (this) {
                if (cancellation == null) {
                    cancellation = new CancellationException("parallel range " + start + ".." + stop
                            + " was cancelled: the calling thread was interrupted; the interrupt status is kept");
                }
                throw cancellation;
            }
        }
    }
}
