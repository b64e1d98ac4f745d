package dev.threadproof.race.controls;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The detector's precision suite: correctly synchronized programs, one per modelled happens-before edge, each
 * handing plain data from one thread to another through that edge alone. The detector must report none of them;
 * each returns what the receiving thread read, and the test checks it, so a run that skipped the hand-off fails too.
 */
public final class Correct {
    private Correct() {
    }

    /** Plain data that the scenarios hand over. */
    static final class Data {
        int a;
        long b;
        final int[] cells = new int[64];

        void fill(int v) {
            a = v;
            b = v * 10L;
            for (int i = 0; i < cells.length; i++) {
                cells[i] = v;
            }
        }

        long read() {
            long s = a + b;
            for (int c : cells) {
                s += c;
            }
            return s;
        }
    }

    static long expected(int v) {
        return v + v * 10L + 64L * v;
    }

    /** The scenarios by name; each returns the sum the receiving side read (must be {@code expected(v)}). */
    public static final Map<String, Callable<Long>> SCENARIOS = new LinkedHashMap<>();

    /** The value each scenario hands over. */
    public static final int V = 3;

    private static final class Volatiles {
        Data data;
        volatile boolean ready;
    }

    private static final class Handles {
        static final VarHandle READY;
        static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(int[].class);

        static {
            try {
                READY = MethodHandles.lookup().findVarHandle(Handles.class, "ready", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        Data data;
        int ready;
        final int[] flags = new int[4];
    }

    private static final class Monitor {
        Data data;
        boolean ready;
    }

    static {
        SCENARIOS.put("Thread.start and join", () -> {
            Data d = new Data();
            d.fill(V);
            long[] seen = new long[1];
            Thread t = new Thread(() -> {
                seen[0] = d.read();
                d.fill(V);
            });
            t.start();
            t.join();
            return d.read() == expected(V) ? seen[0] : -1;
        });
        SCENARIOS.put("volatile write and read", () -> {
            Volatiles v = new Volatiles();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                Data d = new Data();
                d.fill(V);
                v.data = d;
                v.ready = true;
            }, () -> {
                while (!v.ready) {
                    Thread.onSpinWait();
                }
                seen[0] = v.data.read();
            });
            return seen[0];
        });
        SCENARIOS.put("VarHandle setRelease and getAcquire, and array elements by CAS", () -> {
            Handles h = new Handles();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                Data d = new Data();
                d.fill(V);
                h.data = d;
                Handles.READY.setRelease(h, 1);
                Handles.SLOTS.compareAndSet(h.flags, 2, 0, 1);
            }, () -> {
                while ((int) Handles.READY.getAcquire(h) == 0 || (int) Handles.SLOTS.getVolatile(h.flags, 2) == 0) {
                    Thread.onSpinWait();
                }
                seen[0] = h.data.read();
            });
            return seen[0];
        });
        SCENARIOS.put("VarHandle fences around opaque accesses: full and storeStore, then loadLoad and full", () -> {
            Handles h = new Handles();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                Data d = new Data();
                d.fill(V);
                h.data = d;
                VarHandle.storeStoreFence();
                Handles.SLOTS.setOpaque(h.flags, 1, 1); // released by the storeStore fence
                h.flags[3] = V; // after the first fence: the full fence below releases it
                VarHandle.fullFence();
                Handles.READY.setOpaque(h, 1);
            }, () -> {
                while ((int) Handles.SLOTS.getOpaque(h.flags, 1) == 0) {
                    Thread.onSpinWait();
                }
                VarHandle.loadLoadFence();
                long first = h.data.read(); // ordered by the first pair of fences
                while ((int) Handles.READY.getOpaque(h) == 0) {
                    Thread.onSpinWait();
                }
                VarHandle.fullFence();
                seen[0] = h.flags[3] == V ? first : -1;
            });
            return seen[0];
        });
        SCENARIOS.put("synchronized, wait and notifyAll", () -> {
            Monitor m = new Monitor();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                Data d = new Data();
                d.fill(V);
                synchronized (m) {
                    m.data = d;
                    m.ready = true;
                    m.notifyAll();
                }
            }, () -> {
                synchronized (m) {
                    while (!m.ready) {
                        try {
                            m.wait();
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
                seen[0] = m.data.read();
            });
            return seen[0];
        });
        SCENARIOS.put("AtomicReference set and get, AtomicInteger increments", () -> {
            AtomicReference<Data> ref = new AtomicReference<>();
            AtomicInteger count = new AtomicInteger();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                Data d = new Data();
                d.fill(V);
                count.incrementAndGet();
                ref.set(d);
            }, () -> {
                Data d;
                while ((d = ref.get()) == null) {
                    Thread.onSpinWait();
                }
                count.incrementAndGet();
                seen[0] = d.read();
            });
            return count.get() == 2 ? seen[0] : -1;
        });
        SCENARIOS.put("ReentrantLock and Condition", () -> {
            ReentrantLock lock = new ReentrantLock();
            Condition ready = lock.newCondition();
            Monitor m = new Monitor();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                Data d = new Data();
                d.fill(V);
                lock.lock();
                try {
                    m.data = d;
                    m.ready = true;
                    ready.signalAll();
                } finally {
                    lock.unlock();
                }
            }, () -> {
                lock.lock();
                try {
                    while (!m.ready) {
                        ready.awaitUninterruptibly();
                    }
                    seen[0] = m.data.read();
                } finally {
                    lock.unlock();
                }
            });
            return seen[0];
        });
        SCENARIOS.put("ReentrantReadWriteLock", () -> {
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            Monitor m = new Monitor();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                Data d = new Data();
                d.fill(V);
                rw.writeLock().lock();
                try {
                    m.data = d;
                    m.ready = true;
                } finally {
                    rw.writeLock().unlock();
                }
            }, () -> {
                while (true) {
                    rw.readLock().lock();
                    try {
                        if (m.ready) {
                            seen[0] = m.data.read();
                            return;
                        }
                    } finally {
                        rw.readLock().unlock();
                    }
                    Thread.onSpinWait();
                }
            });
            return seen[0];
        });
        SCENARIOS.put("CountDownLatch", () -> {
            CountDownLatch latch = new CountDownLatch(1);
            Data d = new Data();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                d.fill(V);
                latch.countDown();
            }, () -> {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                seen[0] = d.read();
            });
            return seen[0];
        });
        SCENARIOS.put("CyclicBarrier, three generations, disjoint writes between them", () -> {
            CyclicBarrier barrier = new CyclicBarrier(2);
            int[] shared = new int[2];
            long[] seen = new long[2];
            Runnable[] parties = new Runnable[2];
            for (int p = 0; p < 2; p++) {
                int me = p;
                parties[p] = () -> {
                    try {
                        for (int round = 1; round <= 3; round++) {
                            shared[me] = round * V;
                            barrier.await();
                            seen[me] += shared[1 - me];
                            barrier.await();
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                };
            }
            Racy.inThreads(parties);
            return seen[0] == 6L * V && seen[1] == 6L * V ? expected(V) : -1;
        });
        SCENARIOS.put("Phaser", () -> {
            Phaser phaser = new Phaser(2);
            Data d = new Data();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                d.fill(V);
                phaser.arrive();
            }, () -> {
                phaser.arriveAndAwaitAdvance();
                seen[0] = d.read();
            });
            return seen[0];
        });
        SCENARIOS.put("Semaphore", () -> {
            Semaphore s = new Semaphore(0);
            Data d = new Data();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                d.fill(V);
                s.release();
            }, () -> {
                s.acquireUninterruptibly();
                seen[0] = d.read();
            });
            return seen[0];
        });
        SCENARIOS.put("ExecutorService submit, Future.get, invokeAll, awaitTermination", () -> {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Data d = new Data();
            d.fill(V);
            Future<Long> f = pool.submit(() -> {
                long s = d.read();
                d.fill(V);
                return s;
            });
            long first = f.get();
            long afterGet = d.read();
            List<Callable<Long>> tasks = new ArrayList<>();
            int[] parts = new int[8];
            for (int i = 0; i < 8; i++) {
                int k = i;
                tasks.add(() -> {
                    parts[k] = V;
                    return (long) k;
                });
            }
            pool.invokeAll(tasks);
            int sum = 0;
            for (int p : parts) {
                sum += p;
            }
            Data late = new Data();
            pool.execute(() -> late.fill(V));
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                return -1L;
            }
            return first == expected(V) && afterGet == expected(V) && sum == 8 * V ? late.read() : -1;
        });
        SCENARIOS.put("CompletableFuture.supplyAsync and join, complete and get", () -> {
            Data d = new Data();
            d.fill(V);
            long s = CompletableFuture.supplyAsync(() -> {
                long r = d.read();
                d.fill(V);
                return r;
            }).join();
            CompletableFuture<Data> handOff = new CompletableFuture<>();
            long[] seen = new long[1];
            Racy.inThreads(() -> {
                Data e = new Data();
                e.fill(V);
                handOff.complete(e);
            }, () -> {
                try {
                    seen[0] = handOff.get().read();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            return s == expected(V) && d.read() == expected(V) ? seen[0] : -1;
        });
        SCENARIOS.put("CompletableFuture dependent stages: thenApplyAsync, thenCombine, whenComplete, thenAccept",
                () -> {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CompletableFuture<Data> made = new CompletableFuture<>();
                CompletableFuture<Data> filled = made.thenApplyAsync(d -> { // runs on a pool thread
                    d.fill(V);
                    return d;
                }, pool);
                CompletableFuture<Long> summed = filled.thenApplyAsync(Data::read, pool)
                        .thenCombine(CompletableFuture.completedFuture(0L), Long::sum);
                long[] seen = new long[2];
                CompletableFuture<Void> done = summed.whenComplete((v, e) -> seen[0] = v)
                        .thenAccept(v -> seen[1] = v);
                Racy.inThreads(() -> made.complete(new Data())); // completed by another thread
                done.join();
                return seen[0] == seen[1] ? seen[1] : -1;
            } finally {
                pool.shutdown();
            }
        });
        SCENARIOS.put("BlockingQueue and ConcurrentHashMap hand-off", () -> {
            BlockingQueue<Data> queue = new ArrayBlockingQueue<>(1);
            Map<String, Data> map = new ConcurrentHashMap<>();
            long[] seen = new long[2];
            Racy.inThreads(() -> {
                Data d = new Data();
                d.fill(V);
                Data e = new Data();
                e.fill(V);
                map.put("k", e);
                try {
                    queue.put(d);
                } catch (InterruptedException x) {
                    throw new AssertionError(x);
                }
            }, () -> {
                try {
                    seen[0] = queue.take().read();
                } catch (InterruptedException x) {
                    throw new AssertionError(x);
                }
                Data e;
                while ((e = map.get("k")) == null) {
                    Thread.onSpinWait();
                }
                seen[1] = e.read();
            });
            return seen[0] == seen[1] ? seen[0] : -1;
        });
        SCENARIOS.put("park and unpark with a volatile flag (a Dekker pair)", () -> {
            Volatiles v = new Volatiles();
            long[] seen = new long[1];
            Thread reader = new Thread(() -> {
                while (!v.ready) {
                    LockSupport.park();
                }
                seen[0] = v.data.read();
            });
            reader.start();
            Data d = new Data();
            d.fill(V);
            v.data = d;
            v.ready = true;
            LockSupport.unpark(reader);
            reader.join();
            return seen[0];
        });
        SCENARIOS.put("disjoint array elements written by two threads, read after join", () -> {
            double[] big = new double[1 << 12];
            Racy.inThreads(() -> {
                for (int i = 0; i < big.length / 2; i++) {
                    big[i] = V;
                }
            }, () -> {
                for (int i = big.length / 2; i < big.length; i++) {
                    big[i] = V;
                }
            });
            double s = 0;
            for (double x : big) {
                s += x;
            }
            return s == (double) V * big.length ? expected(V) : -1;
        });
        SCENARIOS.put("Thread.interrupt and isInterrupted", () -> {
            Data d = new Data();
            long[] seen = new long[1];
            Thread waiter = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                seen[0] = d.read();
            });
            waiter.start();
            d.fill(V);
            waiter.interrupt();
            waiter.join();
            return seen[0];
        });
    }

    /** A {@code long[n]} whose halves two threads fill, summed back after the joins (every element checked). */
    public static long[] bigArray(int n) {
        long[] a = new long[n];
        Racy.inThreads(() -> {
            for (int i = 0; i < n / 2; i++) {
                a[i] = i;
            }
        }, () -> {
            for (int i = n / 2; i < n; i++) {
                a[i] = i;
            }
        });
        long s = 0;
        for (long x : a) {
            s += x;
        }
        if (s != (long) n * (n - 1) / 2) {
            throw new AssertionError("sum " + s);
        }
        return a;
    }

    /** Sanity: the map is not empty. */
    public static int count() {
        return SCENARIOS.size();
    }
}
