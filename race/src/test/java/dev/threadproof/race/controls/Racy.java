package dev.threadproof.race.controls;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The detector's negative controls: six classic data races, each with its fixed twin (the same code with the one
 * synchronization it lacks). Each {@code run(boolean fixed)} makes both conflicting accesses in every execution, in
 * either order; the threads are ordered in time only by sleeps and spins, which give no happens-before edge, so the
 * racy form races whatever the schedule and the fixed form never does.
 */
public final class Racy {
    private Racy() {
    }

    /** Runs the bodies in new threads and joins them all (start and join are happens-before edges). */
    static void inThreads(Runnable... bodies) {
        Thread[] threads = new Thread[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            threads[i] = new Thread(bodies[i], "control-" + i);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static void pause(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis)); // no happens-before edge
    }

    // 1. Unsafe publication through a plain field.
    static final class Box {
        int value;

        Box(int value) {
            this.value = value;
        }
    }

    static final class Publication {
        Box plain;
        volatile Box safe;

        int run(boolean fixed) {
            int[] seen = new int[1];
            inThreads(() -> {
                if (fixed) {
                    safe = new Box(42);
                } else {
                    plain = new Box(42);
                }
            }, () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                Box b;
                while ((b = fixed ? safe : plain) == null && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                seen[0] = b == null ? -1 : b.value;
            });
            return seen[0];
        }
    }

    // 2. Double-checked locking without volatile.
    static final class Lazy {
        private final Object lock = new Object();
        private Box instance;
        private volatile Box safeInstance;

        Box get(boolean fixed) {
            if (fixed) {
                Box b = safeInstance;
                if (b == null) {
                    synchronized (lock) {
                        b = safeInstance;
                        if (b == null) {
                            safeInstance = b = new Box(7);
                        }
                    }
                }
                return b;
            }
            Box b = instance;
            if (b == null) {
                synchronized (lock) {
                    b = instance;
                    if (b == null) {
                        instance = b = new Box(7);
                    }
                }
            }
            return b;
        }

        int run(boolean fixed) {
            int[] seen = new int[2];
            inThreads(() -> seen[0] = get(fixed).value, () -> {
                pause(50);
                seen[1] = get(fixed).value;
            });
            return seen[0] + seen[1];
        }
    }

    // 3. A plain stop flag.
    static final class Stopper {
        boolean stop;
        volatile boolean safeStop;

        long run(boolean fixed) {
            long[] spins = new long[1];
            inThreads(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!(fixed ? safeStop : stop) && System.nanoTime() < deadline) {
                    spins[0]++;
                }
            }, () -> {
                pause(20);
                if (fixed) {
                    safeStop = true;
                } else {
                    stop = true;
                }
            });
            return spins[0];
        }
    }

    // 4. A plain long written and read by two threads.
    static final class Total {
        long total;

        synchronized long locked() {
            return total;
        }

        synchronized void setLocked(long v) {
            total = v;
        }

        long run(boolean fixed) {
            long[] seen = new long[1];
            inThreads(() -> {
                if (fixed) {
                    setLocked(1L << 40);
                } else {
                    total = 1L << 40;
                }
            }, () -> {
                pause(20);
                seen[0] = fixed ? locked() : total;
            });
            return seen[0];
        }
    }

    // 5. A HashMap shared without a lock.
    static final class Registry {
        int run(boolean fixed) {
            Map<String, Integer> map = fixed ? new ConcurrentHashMap<>() : new HashMap<>();
            inThreads(() -> map.put("a", 1), () -> {
                pause(20);
                map.put("b", 2);
            });
            return map.size();
        }
    }

    // 6. setRelease paired with a plain read.
    static final class Flag {
        private static final VarHandle READY;

        static {
            try {
                READY = MethodHandles.lookup().findVarHandle(Flag.class, "ready", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        int payload;
        int ready;

        int run(boolean fixed) {
            int[] seen = new int[1];
            inThreads(() -> {
                payload = 99;
                READY.setRelease(this, 1);
            }, () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while ((fixed ? (int) READY.getAcquire(this) : ready) == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                seen[0] = payload;
            });
            return seen[0];
        }
    }

    // 7. An opaque flag without fences: opaque accesses are atomic but order nothing else.
    static final class Fenced {
        private static final VarHandle READY;

        static {
            try {
                READY = MethodHandles.lookup().findVarHandle(Fenced.class, "ready", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        int payload;
        int ready;

        int run(boolean fixed) {
            int[] seen = new int[1];
            inThreads(() -> {
                payload = 77;
                if (fixed) {
                    VarHandle.releaseFence();
                }
                READY.setOpaque(this, 1);
            }, () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while ((int) READY.getOpaque(this) == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (fixed) {
                    VarHandle.acquireFence();
                }
                seen[0] = payload;
            });
            return seen[0];
        }
    }

    /** park/unpark alone: the JDK promises no happens-before edge for them, so this is a race the detector reports. */
    static final class ParkOnly {
        int payload;

        int run() {
            int[] seen = new int[1];
            Thread reader = new Thread(() -> {
                LockSupport.park();
                pause(20);
                seen[0] = payload;
            }, "parked");
            reader.start();
            payload = 5;
            LockSupport.unpark(reader);
            try {
                reader.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return seen[0];
        }
    }

    /** A dependent stage's callback is ordered before what depends on it, not before a read that merely waited. */
    static final class Stages {
        int payload;

        int run() {
            java.util.concurrent.CompletableFuture<Void> source = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<Void> dependent = source.thenRunAsync(() -> payload = 5);
            source.complete(null);
            source.join(); // acquires the source's completion, which the callback follows: no edge from the callback
            pause(50);
            int seen = payload;
            dependent.join();
            return seen;
        }
    }

    /** The dependent-stage control (racy only: its twin is the precision suite's dependent-stages scenario). */
    public static int callbackReadWithoutJoiningItsStage() {
        return new Stages().run();
    }

    /** The controls by name: the field each must be reported on, and its run. */
    public static final Map<String, Control> CONTROLS = new java.util.LinkedHashMap<>();

    /** One control. */
    public interface Control {
        /** Runs the racy form (fixed false) or its twin. */
        Object run(boolean fixed);
    }

    static {
        CONTROLS.put("unsafe publication through a plain field|Racy$Publication.plain",
                fixed -> new Publication().run(fixed));
        CONTROLS.put("double-checked locking without volatile|Racy$Lazy.instance", fixed -> new Lazy().run(fixed));
        CONTROLS.put("a plain stop flag|Racy$Stopper.stop", fixed -> new Stopper().run(fixed));
        CONTROLS.put("a plain long written and read by two threads|Racy$Total.total", fixed -> new Total().run(fixed));
        CONTROLS.put("a HashMap shared without a lock|java.util.Collection.(contents)",
                fixed -> new Registry().run(fixed));
        CONTROLS.put("a setRelease paired with a plain read|Racy$Flag.ready", fixed -> new Flag().run(fixed));
        CONTROLS.put("an opaque flag without release and acquire fences|Racy$Fenced.payload",
                fixed -> new Fenced().run(fixed));
    }

    /** The park/unpark control (racy only: there is no fixed form that uses park alone). */
    public static int parkOnly() {
        return new ParkOnly().run();
    }
}
