package dev.threadproof.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.Parallel;
import dev.threadproof.runtime.WorkerPool;
import dev.threadproof.runtime.Workers;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Pools and workers under concurrency: the common pool is one instance whoever asks first; {@code close} racing with a
 * call lets it run completely or rejects it, never half; a {@code Workers.limit} opened in one thread does not change
 * another.
 *
 * <p>Run one: {@code ci/stress.sh --tests PoolStress}. Observed (smoke, JDK 17, 2 CPUs): only ACCEPTABLE outcomes.
 */
public class PoolStress {
    private PoolStress() {
    }

    @JCStressTest
    @Certifies(type = WorkerPool.class, members = {"common"})
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "Both actors got the same, open common pool.")
    @Outcome(expect = FORBIDDEN, desc = "The actors got different common pools, or a closed one.")
    @State
    public static class CommonPoolOneInstance {
        volatile WorkerPool p1;
        volatile WorkerPool p2;

        @Actor
        public void actor1() {
            p1 = WorkerPool.common();
        }

        @Actor
        public void actor2() {
            p2 = WorkerPool.common();
        }

        @Arbiter
        public void arbiter(ZZ_Result r) {
            r.r1 = p1 == p2;
            r.r2 = !p1.isClosed();
        }
    }

    @JCStressTest
    @Certifies(type = WorkerPool.class, members = {"close", "isClosed", "isTerminated"})
    @Outcome(id = "32, 1", expect = ACCEPTABLE, desc = "The call ran completely before close took effect.")
    @Outcome(id = "0, 2", expect = ACCEPTABLE, desc = "The call was rejected before any body ran.")
    @Outcome(expect = FORBIDDEN, desc = "The call ran partly, or close left the pool running.")
    @State
    public static class CloseVersusCall {
        final WorkerPool pool = WorkerPool.create(1);
        final AtomicInteger ran = new AtomicInteger();
        volatile int outcome;

        @Actor
        public void caller() {
            try {
                Parallel.range(32).workers(Workers.on(pool)).forEach(i -> ran.incrementAndGet());
                outcome = 1;
            } catch (RejectedExecutionException e) {
                outcome = 2;
            }
        }

        @Actor
        public void closer() {
            pool.close();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = ran.get();
            r.r2 = pool.isClosed() && pool.isTerminated() ? outcome : -outcome;
        }
    }

    @JCStressTest
    @Certifies(type = Workers.class, members = {"limit", "info"})
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The limit held in its own thread and was invisible to the other.")
    @Outcome(expect = FORBIDDEN, desc = "A limit leaked into another thread, or did not hold in its own.")
    @State
    public static class LimitIsConfined {
        @Actor
        public void limited(II_Result r) {
            try (Workers.Limit l = Workers.limit(1)) {
                r.r1 = Workers.info().limit();
            }
        }

        @Actor
        public void other(II_Result r) {
            r.r2 = Workers.info().limit();
        }
    }
}
