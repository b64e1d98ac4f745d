package dev.threadproof.lincheck;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.Parallel;
import dev.threadproof.runtime.WorkerPool;
import dev.threadproof.runtime.Workers;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * The {@link WorkerPool} lifecycle is linearizable: a call that linearizes before {@code close} runs every index, one
 * after it is rejected with nothing run, and when {@code close} returns no call is in progress.
 *
 * <p>Scope: {@code run} (a 4-iteration range with 2 workers on a 1-thread pool, so the pool thread takes part),
 * {@code close} (returning {@code activeCalls()} right after), {@code isClosed}. Each scenario gets a fresh pool,
 * closed by the validation step so no thread outlives it. Excluded: {@code isTerminated}, which depends on when the
 * worker thread's exit is observed, not on the order of operations.
 *
 * <p>Stress only: the pool's worker is a real thread that Lincheck's model checker does not manage, so model checking
 * cannot explore its interleavings (it would see the caller spin-waiting on an unmanaged thread). The negative control
 * {@link BrokenCheckThenActCloseLincheckTest} shows a lifecycle of this shape fails under model checking when close
 * does not wait.
 */
@Certifies(type = WorkerPool.class, members = {"close", "isClosed", "activeCalls"})
public class WorkerPoolLincheckTest {
    private final WorkerPool pool = WorkerPool.create(1);

    @Operation
    public int run() {
        AtomicInteger ran = new AtomicInteger();
        try {
            Parallel.range(4).workers(Workers.on(pool, 2)).forEach(i -> ran.incrementAndGet());
            return ran.get();
        } catch (RejectedExecutionException e) {
            return ran.get() == 0 ? -1 : -100 - ran.get();
        }
    }

    @Operation
    public int close() {
        pool.close();
        return pool.activeCalls();
    }

    @Operation
    public boolean isClosed() {
        return pool.isClosed();
    }

    @Validate
    public void closePool() {
        pool.close();
    }

    /** The sequential specification: open until closed; a call runs all 4 indices or, once closed, is rejected. */
    public static final class Spec {
        private boolean closed;

        public int run() {
            return closed ? -1 : 4;
        }

        public int close() {
            closed = true;
            return 0;
        }

        public boolean isClosed() {
            return closed;
        }

        public void closePool() {
        }
    }

    @Test
    void stress() {
        assertNull(Lincheck.run(getClass(), Spec.class, Lincheck.Strategy.STRESS, false));
    }
}
