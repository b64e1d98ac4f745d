package dev.threadproof.race.rt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Thread-safe: the wrappers that carry happens-before through a hand-off of a task to an executor (ExecutorService's
 * memory consistency effects: "actions in a thread prior to the submission of a Runnable or Callable task to an
 * ExecutorService happen-before any actions taken by that task, which in turn happen-before the result is retrieved
 * via Future.get()"). The submitter releases into the wrapper; the task acquires it when it starts and releases into
 * it (and into its executor) when it ends; {@code Future.get} on the returned future, and the executor's
 * {@code awaitTermination}/{@code close}, acquire it.
 *
 * <p>A dependent stage's callback ({@code CompletableFuture.thenApply} and the like) is wrapped the same way, and also
 * acquires the stage it depends on when it starts (CompletableFuture's completion, by {@code complete} or by the task
 * that computed it, happens-before the actions that depend on it); the dependent future is then an alias of the
 * wrapper, so {@code join} on it acquires the callback's end.
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

    /** Wraps the callback of a dependent stage of {@code source} (a Function, Consumer, Runnable, ...). */
    static Object stage(Object callback, Object source) {
        if (callback instanceof Wrapper) {
            return callback;
        }
        Object w;
        if (callback instanceof Function) {
            w = new FunctionTask<>(castFunction(callback), source);
        } else if (callback instanceof BiFunction) {
            w = new BiFunctionTask<>(castBiFunction(callback), source);
        } else if (callback instanceof Consumer) {
            w = new ConsumerTask<>(castConsumer(callback), source);
        } else if (callback instanceof BiConsumer) {
            w = new BiConsumerTask<>(castBiConsumer(callback), source);
        } else if (callback instanceof Runnable) {
            w = new RunnableTask((Runnable) callback, null, source);
        } else if (callback instanceof Supplier) {
            w = new SupplierTask<>((Supplier<?>) callback, null, source);
        } else {
            return callback;
        }
        Detector.release(w);
        return w;
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Object> castFunction(Object f) {
        return (Function<Object, Object>) f;
    }

    @SuppressWarnings("unchecked")
    private static BiFunction<Object, Object, Object> castBiFunction(Object f) {
        return (BiFunction<Object, Object, Object>) f;
    }

    @SuppressWarnings("unchecked")
    private static Consumer<Object> castConsumer(Object f) {
        return (Consumer<Object>) f;
    }

    @SuppressWarnings("unchecked")
    private static BiConsumer<Object, Object> castBiConsumer(Object f) {
        return (BiConsumer<Object, Object>) f;
    }

    /** The tasks of the calling thread's last invokeAll/invokeAny, whose results that call returned. */
    static final ThreadLocal<List<Object>> LAST_BATCH = new ThreadLocal<>();

    /** Marks the detector's wrappers. */
    interface Wrapper {
    }

    private abstract static class Task implements Wrapper {
        final Object executor;
        /** The stage a dependent stage's callback depends on, acquired when it starts; else null. */
        final Object source;

        Task(Object executor) {
            this(executor, null);
        }

        Task(Object executor, Object source) {
            this.executor = executor;
            this.source = source;
        }

        void begin() {
            Detector.acquire(this);
            Detector.acquire(source);
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
            this(task, executor, null);
        }

        RunnableTask(Runnable task, Object executor, Object source) {
            super(executor, source);
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
            this(task, executor, null);
        }

        SupplierTask(Supplier<V> task, Object executor, Object source) {
            super(executor, source);
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

    static final class FunctionTask<T, R> extends Task implements Function<T, R> {
        private final Function<T, R> task;

        FunctionTask(Function<T, R> task, Object source) {
            super(null, source);
            this.task = task;
        }

        @Override
        public R apply(T t) {
            begin();
            try {
                return task.apply(t);
            } finally {
                end();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    static final class BiFunctionTask<T, U, R> extends Task implements BiFunction<T, U, R> {
        private final BiFunction<T, U, R> task;

        BiFunctionTask(BiFunction<T, U, R> task, Object source) {
            super(null, source);
            this.task = task;
        }

        @Override
        public R apply(T t, U u) {
            begin();
            try {
                return task.apply(t, u);
            } finally {
                end();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    static final class ConsumerTask<T> extends Task implements Consumer<T> {
        private final Consumer<T> task;

        ConsumerTask(Consumer<T> task, Object source) {
            super(null, source);
            this.task = task;
        }

        @Override
        public void accept(T t) {
            begin();
            try {
                task.accept(t);
            } finally {
                end();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    static final class BiConsumerTask<T, U> extends Task implements BiConsumer<T, U> {
        private final BiConsumer<T, U> task;

        BiConsumerTask(BiConsumer<T, U> task, Object source) {
            super(null, source);
            this.task = task;
        }

        @Override
        public void accept(T t, U u) {
            begin();
            try {
                task.accept(t, u);
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
