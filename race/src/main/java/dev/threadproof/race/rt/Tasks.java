package dev.threadproof.race.rt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Thread-safe: the wrappers that carry happens-before through a hand-off of a task to an executor (ExecutorService's
 * memory consistency effects: "actions in a thread prior to the submission of a Runnable or Callable task to an
 * ExecutorService happen-before any actions taken by that task, which in turn happen-before the result is retrieved
 * via Future.get()"). The submitter releases into the wrapper; the task acquires it when it starts and releases into
 * it (and into its executor) when it ends; {@code Future.get} on the returned future, and the executor's
 * {@code awaitTermination}/{@code close}, acquire it.
 */
final class Tasks {
    private Tasks() {
    }

    /** Wraps one task (a Runnable, Callable or Supplier; anything else is returned as it is). */
    static Object wrap(Object task, Object executor) {
        if (task instanceof Wrapper) {
            return task;
        }
        Object w;
        if (task instanceof Callable) {
            w = new CallableTask<>((Callable<?>) task, executor);
        } else if (task instanceof Runnable) {
            w = new RunnableTask((Runnable) task, executor);
        } else if (task instanceof Supplier) {
            w = new SupplierTask<>((Supplier<?>) task, executor);
        } else if (task instanceof Collection) {
            List<Object> all = new ArrayList<>();
            for (Object t : (Collection<?>) task) {
                all.add(wrap(t, executor));
            }
            LAST_BATCH.set(all);
            return all;
        } else {
            return task;
        }
        Detector.release(w);
        return w;
    }

    /** The tasks of the calling thread's last invokeAll/invokeAny, whose results that call returned. */
    static final ThreadLocal<List<Object>> LAST_BATCH = new ThreadLocal<>();

    /** Marks the detector's wrappers. */
    interface Wrapper {
    }

    private abstract static class Task implements Wrapper {
        final Object executor;

        Task(Object executor) {
            this.executor = executor;
        }

        void begin() {
            Detector.acquire(this);
        }

        void end() {
            Detector.release(this);
            if (executor != null) {
                Detector.release(executor);
            }
        }
    }

    static final class RunnableTask extends Task implements Runnable {
        private final Runnable task;

        RunnableTask(Runnable task, Object executor) {
            super(executor);
            this.task = task;
        }

        @Override
        public void run() {
            begin();
            try {
                task.run();
            } finally {
                end();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    static final class CallableTask<V> extends Task implements Callable<V> {
        private final Callable<V> task;

        CallableTask(Callable<V> task, Object executor) {
            super(executor);
            this.task = task;
        }

        @Override
        public V call() throws Exception {
            begin();
            try {
                return task.call();
            } finally {
                end();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    static final class SupplierTask<V> extends Task implements Supplier<V> {
        private final Supplier<V> task;

        SupplierTask(Supplier<V> task, Object executor) {
            super(executor);
            this.task = task;
        }

        @Override
        public V get() {
            begin();
            try {
                return task.get();
            } finally {
                end();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }
}
