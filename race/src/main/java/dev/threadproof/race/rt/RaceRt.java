package dev.threadproof.race.rt;

import dev.threadproof.annotations.ThreadSafety;
import dev.threadproof.race.RaceReport;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Consumer;

/**
 * Thread-safe: the entry points that instrumented code calls, one per access or synchronizing call it makes; not an
 * API for people. Each callback is made by the thread that makes the access, before it (for a write, a release, or a
 * check) or after it (for an acquire, which must see the release that the value it read came from).
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE, note = "called from any thread by instrumented code")
public final class RaceRt {
    /** Whether the detector is on; off, every callback returns at once. Set once by the agent. */
    private static volatile boolean on;
    private static volatile Consumer<RaceReport> listener;

    // Call kinds: what a rewritten call site does, decided by the receiver's class at run time.
    /** {@code Thread.start}. */
    public static final int START = 1;
    /** {@code Thread.join}. */
    public static final int JOIN = 2;
    /** {@code Thread.isAlive}. */
    public static final int IS_ALIVE = 3;
    /** {@code Object.wait}. */
    public static final int WAIT = 4;
    /** {@code Lock.lock}, {@code lockInterruptibly}. */
    public static final int LOCK = 5;
    /** {@code Lock.tryLock}. */
    public static final int TRY_LOCK = 6;
    /** {@code Lock.unlock}. */
    public static final int UNLOCK = 7;
    /** {@code await} of a latch, a barrier or a condition. */
    public static final int AWAIT = 8;
    /** {@code CountDownLatch.countDown}. */
    public static final int COUNT_DOWN = 9;
    /** {@code Lock.newCondition}. */
    public static final int NEW_CONDITION = 10;
    /** {@code ReadWriteLock.readLock}, {@code writeLock}. */
    public static final int RW_PART = 11;
    /** {@code Semaphore.release}. */
    public static final int SEM_RELEASE = 12;
    /** {@code Semaphore.acquire}, {@code tryAcquire}. */
    public static final int SEM_ACQUIRE = 13;
    /** {@code Phaser.arrive}, {@code arriveAndDeregister}. */
    public static final int ARRIVE = 14;
    /** {@code Phaser.arriveAndAwaitAdvance}. */
    public static final int ARRIVE_AWAIT = 15;
    /** {@code Phaser.awaitAdvance}. */
    public static final int AWAIT_ADVANCE = 16;
    /** {@code Exchanger.exchange}. */
    public static final int EXCHANGE = 17;
    /** {@code Executor.execute}, {@code ExecutorService.submit}, {@code schedule}. */
    public static final int EXECUTE = 18;
    /** {@code ExecutorService.invokeAll}, {@code invokeAny}. */
    public static final int INVOKE_ALL = 19;
    /** {@code ExecutorService.awaitTermination}, {@code close}. */
    public static final int TERMINATED = 20;
    /** {@code Future.get}, {@code join}, {@code isDone}. */
    public static final int FUTURE_GET = 21;
    /** {@code CompletableFuture.complete}, {@code completeExceptionally}, {@code cancel}. */
    public static final int COMPLETE = 22;
    /** {@code CompletableFuture.runAsync}, {@code supplyAsync}. */
    public static final int ASYNC = 23;
    /** An atomic class's read (acquire). */
    public static final int ATOMIC_ACQUIRE = 24;
    /** An atomic class's write (release). */
    public static final int ATOMIC_RELEASE = 25;
    /** An atomic class's read-modify-write (release, then acquire). */
    public static final int ATOMIC_BOTH = 26;
    /** A collection's reading method. */
    public static final int COLLECTION_READ = 27;
    /** A collection's mutating method. */
    public static final int COLLECTION_WRITE = 28;
    /** {@code Thread.interrupt}. */
    public static final int INTERRUPT = 29;
    /** {@code Thread.isInterrupted}, {@code Thread.interrupted}. */
    public static final int INTERRUPTED = 30;
    /**
     * A dependent stage of a {@code CompletableFuture} ({@code thenApply}, {@code thenAccept}, {@code whenComplete},
     * {@code handle}, {@code exceptionally}, their {@code Async} forms, ...): its callback is wrapped.
     */
    public static final int STAGE = 31;

    // VarHandle access modes.
    /** Plain get/set: a data access. */
    public static final int VH_PLAIN = 0;
    /** Opaque: atomic, no ordering. */
    public static final int VH_OPAQUE = 1;
    /** Acquire read. */
    public static final int VH_ACQUIRE = 2;
    /** Release write. */
    public static final int VH_RELEASE = 3;
    /** Volatile read, write or read-modify-write. */
    public static final int VH_VOLATILE = 4;
    /** Read-modify-write with acquire semantics only. */
    public static final int VH_RMW_ACQUIRE = 5;
    /** Read-modify-write with release semantics only. */
    public static final int VH_RMW_RELEASE = 6;
    /** Read-modify-write, plain (weakCompareAndSetPlain): atomic, no ordering. */
    public static final int VH_RMW_PLAIN = 7;
    /** Flag added to a mode: the access writes. */
    public static final int VH_WRITES = 8;
    /** Flag added to a mode: the access reads. */
    public static final int VH_READS = 16;

    // VarHandle fences.
    /** {@code releaseFence}, {@code storeStoreFence}: the release half. */
    public static final int FENCE_RELEASE = 1;
    /** {@code acquireFence}, {@code loadLoadFence}: the acquire half. */
    public static final int FENCE_ACQUIRE = 2;
    /** {@code fullFence}: both. */
    public static final int FENCE_FULL = 3;

    private static final Set<String> UNSYNCHRONIZED = Set.of("java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.ArrayList", "java.util.LinkedList", "java.util.HashSet",
            "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.ArrayDeque", "java.util.PriorityQueue",
            "java.util.IdentityHashMap", "java.util.EnumMap", "java.util.WeakHashMap", "java.util.BitSet");
    private static final int CONTENTS = Registry.field("java.util.Collection", "(contents)", 0);

    private RaceRt() {
    }

    /** Switches the detector on (by the agent, once it is installed). */
    static void switchOn(Consumer<RaceReport> onRace) {
        listener = onRace;
        on = true;
    }

    static boolean isOn() {
        return on;
    }

    static void announce(RaceReport report) {
        Consumer<RaceReport> l = listener;
        if (l != null) {
            l.accept(report);
        }
    }

    // ---- static initializers

    /**
     * Thread-safe: at the start of a static initializer: until it returns, this thread's data accesses are not checked. Class
     * initialization is synchronized by the JVM (JLS 12.4.2: every use of a class by another thread follows its
     * initialization), an edge the detector does not track per access, so the writes an initializer makes (directly or
     * in the constructors it calls) would otherwise race with every later reader.
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void enterInitializer() {
        if (on) {
            Detector.current().initializing++;
        }
    }

    /** Thread-safe: at the end of a static initializer, normal or not. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void exitInitializer() {
        if (on) {
            ThreadState t = Detector.current();
            if (t.initializing > 0) {
                t.initializing--;
            }
        }
    }

    // ---- fields and array elements

    /** Thread-safe: a plain read of an instance field, before it. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void read(Object o, int field, int site) {
        if (on && o != null) {
            access(o, field, false, false, site);
        }
    }

    /** Thread-safe: a plain write of an instance field, before it. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void write(Object o, int field, int site) {
        if (on && o != null) {
            access(o, field, true, false, site);
        }
    }

    /** Thread-safe: a plain read of a static field. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void readStatic(int field, int site) {
        if (on) {
            staticAccess(field, false, site);
        }
    }

    /** Thread-safe: a plain write of a static field. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void writeStatic(int field, int site) {
        if (on) {
            staticAccess(field, true, site);
        }
    }

    private static void staticAccess(int field, boolean write, int site) {
        ThreadState t = Detector.current();
        Registry.firstRun(site);
        Detector.staticCells(field).access(t, 0, write, false, site, RaceRt.class, field, 0);
    }

    /**
     * Thread-safe: a read of a volatile field, after it: an acquire of the field's clock (JLS 17.4.4); {@code o} null
     * for a static field.
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void volatileRead(Object o, int field, int site) {
        if (on) {
            volatileAccess(o, field, false, site);
        }
    }

    /**
     * Thread-safe: a write of a volatile field, before it: a release into the field's clock; {@code o} null for a
     * static field.
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void volatileWrite(Object o, int field, int site) {
        if (on) {
            volatileAccess(o, field, true, site);
        }
    }

    /** A volatile access: checked as an atomic one, then a write releases into the field's clock, a read acquires it. */
    private static void volatileAccess(Object o, int field, boolean write, int site) {
        ThreadState t = Detector.current();
        Registry.firstRun(site);
        Cells c = o == null ? Detector.staticCells(field) : Detector.fieldCells(t, o, field);
        if (c == null) {
            return;
        }
        c.access(t, 0, write, true, site, o == null ? RaceRt.class : o, field, 0);
        if (write) {
            c.release(t, 0);
            t.tick();
        } else {
            c.acquire(t, 0);
        }
    }

    private static void access(Object o, int field, boolean write, boolean atomic, int site) {
        ThreadState t = Detector.current();
        Registry.firstRun(site);
        Cells c = Detector.fieldCells(t, o, field);
        if (c != null) {
            c.access(t, 0, write, atomic, site, o, field, 0);
        }
    }

    /** Thread-safe: a plain read of an array element, before it. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void arrayRead(Object array, int index, int site) {
        if (on && array != null) {
            arrayAccess(array, index, false, false, site);
        }
    }

    /** Thread-safe: a plain write of an array element, before it. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void arrayWrite(Object array, int index, int site) {
        if (on && array != null) {
            arrayAccess(array, index, true, false, site);
        }
    }

    private static void arrayAccess(Object array, int index, boolean write, boolean atomic, int site) {
        ThreadState t = Detector.current();
        Registry.firstRun(site);
        Detector.ArrayShadow s = Detector.arrayShadow(t, array);
        Cells c = s == null ? null : s.chunk(index);
        if (c != null) {
            c.access(t, index & (Detector.CHUNK - 1), write, atomic, site, array, -1, index);
        }
    }

    // ---- monitors

    /** Thread-safe: after {@code monitorenter} or the entry of a synchronized method: an acquire of the monitor (JLS 17.4.4). */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void monitorEnter(Object monitor) {
        if (on) {
            Detector.acquire(monitor);
        }
    }

    /** Thread-safe: before {@code monitorexit} or the exit of a synchronized method: a release of the monitor. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void monitorExit(Object monitor) {
        if (on) {
            Detector.release(monitor);
        }
    }

    // ---- VarHandle accesses

    /** Thread-safe: before a VarHandle access: checks it and, for a release or volatile write, releases. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void varHandleBefore(Object handle, Object base, int index, int mode, int site) {
        if (!on) {
            return;
        }
        ThreadState t = Detector.current();
        VarHandles.Target target = VarHandles.target(t, (VarHandle) handle);
        if (target == null) {
            return;
        }
        Registry.firstRun(site);
        Cells c = target.cells(t, base, index);
        if (c == null) {
            return;
        }
        int i = target.slot(index);
        int order = mode & 7;
        boolean writes = (mode & VH_WRITES) != 0;
        boolean atomic = order != VH_PLAIN;
        Object where = target.base(base);
        if ((mode & VH_READS) != 0) {
            c.access(t, i, false, atomic, site, where, target.field, index);
        }
        if (writes) {
            c.access(t, i, true, atomic, site, where, target.field, index);
            if (order == VH_RELEASE || order == VH_VOLATILE || order == VH_RMW_RELEASE) {
                c.release(t, i);
                t.tick();
            } else if (atomic && t.fenced != null) {
                c.releaseClock(i, t.fenced); // releases what preceded the thread's last release fence
            }
        }
    }

    /**
     * Thread-safe: before a call of a VarHandle fence. Its release half ({@code releaseFence}, {@code fullFence},
     * {@code storeStoreFence}) makes the thread's later non-plain writes release what preceded the fence; its acquire
     * half ({@code acquireFence}, {@code fullFence}, {@code loadLoadFence}) acquires what the thread's non-plain reads
     * since its last acquire fence read (the JDK 9 memory-order modes: a fence and an opaque access together act as a
     * release write or an acquire read).
     *
     * @param kind {@link #FENCE_RELEASE}, {@link #FENCE_ACQUIRE} or {@link #FENCE_FULL}
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void fence(int kind) {
        if (!on) {
            return;
        }
        ThreadState t = Detector.current();
        if ((kind & FENCE_ACQUIRE) != 0) { // first: a full fence's release half passes on what it acquired
            t.join(t.pending);
            t.pending = null;
        }
        if ((kind & FENCE_RELEASE) != 0) {
            t.fenced = t.vc.clone();
            t.tick();
        }
    }

    /**
     * Thread-safe: after a VarHandle access: an acquire or volatile read acquires; an opaque read keeps what it saw
     * for the thread's next acquire fence.
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void varHandleAfter(Object handle, Object base, int index, int mode) {
        if (!on) {
            return;
        }
        int order = mode & 7;
        if ((mode & VH_READS) == 0 || order == VH_PLAIN) {
            return;
        }
        boolean acquires = order == VH_ACQUIRE || order == VH_VOLATILE || order == VH_RMW_ACQUIRE;
        ThreadState t = Detector.current();
        VarHandles.Target target = VarHandles.target(t, (VarHandle) handle);
        if (target == null) {
            return;
        }
        Cells c = target.cells(t, base, index);
        if (c == null) {
            return;
        }
        if (acquires) {
            c.acquire(t, target.slot(index));
        } else {
            // opaque: what the read saw is acquired by the thread's next acquire fence, if any; after the read, as an
            // acquire is, so a release the read saw is never missed
            c.pendingInto(t, target.slot(index));
        }
    }

    // ---- calls to the JDK's synchronizers

    /** Thread-safe: before a modelled call ({@code receiver} null for a static one). */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void before(Object receiver, int kind, int site) {
        if (!on) {
            return;
        }
        switch (kind) {
            case START:
                if (receiver instanceof Thread) {
                    Detector.started((Thread) receiver);
                }
                break;
            case WAIT:
                Detector.release(receiver);
                break;
            case UNLOCK:
                if (receiver instanceof Lock) {
                    Detector.release(receiver);
                }
                break;
            case AWAIT:
                if (receiver instanceof CyclicBarrier) {
                    Detector.release(receiver);
                } else if (receiver instanceof Condition) {
                    Detector.release(receiver); // a condition's clock is its lock's (aliased by newCondition)
                }
                break;
            case COUNT_DOWN:
                if (receiver instanceof CountDownLatch) {
                    Detector.release(receiver);
                }
                break;
            case SEM_RELEASE:
                if (receiver instanceof Semaphore) {
                    Detector.release(receiver);
                }
                break;
            case ARRIVE:
            case ARRIVE_AWAIT:
                if (receiver instanceof Phaser) {
                    Detector.release(receiver);
                }
                break;
            case EXCHANGE:
                if (receiver instanceof Exchanger) {
                    Detector.release(receiver);
                }
                break;
            case COMPLETE:
                if (receiver instanceof Future) {
                    Detector.release(receiver);
                }
                break;
            case ATOMIC_RELEASE:
            case ATOMIC_BOTH:
                Detector.release(receiver);
                break;
            case COLLECTION_READ:
            case COLLECTION_WRITE:
                collection(receiver, kind == COLLECTION_WRITE, site, true);
                break;
            case INTERRUPT:
                if (receiver instanceof Thread) {
                    Detector.release(receiver);
                }
                break;
            default:
                break;
        }
    }

    /** Thread-safe: after a modelled call that returned normally. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void after(Object receiver, int kind, int site) {
        if (!on) {
            return;
        }
        switch (kind) {
            case JOIN:
                if (receiver instanceof Thread) {
                    Detector.ended((Thread) receiver);
                }
                break;
            case WAIT:
            case LOCK:
                if (kind == WAIT || receiver instanceof Lock) {
                    Detector.acquire(receiver);
                }
                break;
            case AWAIT:
            case SEM_ACQUIRE:
            case ARRIVE_AWAIT:
            case AWAIT_ADVANCE:
            case EXCHANGE:
            case FUTURE_GET:
            case ATOMIC_ACQUIRE:
            case ATOMIC_BOTH:
            case TERMINATED:
                Detector.acquire(receiver);
                break;
            case INVOKE_ALL:
                List<Object> batch = Tasks.LAST_BATCH.get();
                Tasks.LAST_BATCH.remove();
                if (batch != null) {
                    for (Object task : batch) {
                        Detector.acquire(task);
                    }
                }
                break;
            case COLLECTION_READ:
            case COLLECTION_WRITE:
                collection(receiver, kind == COLLECTION_WRITE, site, false);
                break;
            default:
                break;
        }
    }

    /** Thread-safe: after a modelled call that returned a boolean: acquires only when the result says the event happened. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static boolean afterBool(boolean result, Object receiver, int kind, int site) {
        if (!on) {
            return result;
        }
        switch (kind) {
            case IS_ALIVE:
                if (!result && receiver instanceof Thread) {
                    Detector.ended((Thread) receiver);
                }
                break;
            case TRY_LOCK:
            case SEM_ACQUIRE:
            case TERMINATED:
            case FUTURE_GET:
            case INTERRUPTED:
                if (result) {
                    Detector.acquire(receiver == null ? Thread.currentThread() : receiver);
                }
                break;
            case AWAIT:
                if (result || receiver instanceof Condition) {
                    Detector.acquire(receiver);
                }
                break;
            default:
                after(receiver, kind, site);
                break;
        }
        return result;
    }

    /** Thread-safe: after a modelled call that returned an object (a future, a lock, a condition, an element). */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Object afterObject(Object result, Object receiver, int kind, int site) {
        if (!on) {
            return result;
        }
        switch (kind) {
            case NEW_CONDITION:
                Detector.alias(result, receiver);
                break;
            case RW_PART:
                if (receiver instanceof ReadWriteLock) {
                    Detector.alias(result, receiver);
                }
                break;
            case EXECUTE:
            case ASYNC:
            case STAGE:
                Object task = LAST_TASK.get();
                LAST_TASK.remove();
                if (task != null) {
                    Detector.alias(result, task);
                }
                break;
            default:
                after(receiver, kind, site);
                break;
        }
        return result;
    }

    private static final ThreadLocal<Object> LAST_TASK = new ThreadLocal<>();

    /**
     * Thread-safe: a task handed to an executor ({@code receiver} null for {@code CompletableFuture.runAsync}/{@code
     * supplyAsync}), or the callback of a dependent stage ({@code receiver} the stage it depends on).
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Object wrap(Object task, Object receiver, int kind) {
        if (!on || task == null) {
            return task;
        }
        if (kind == STAGE) {
            Object w = Tasks.stage(task, receiver);
            if (w != task) {
                LAST_TASK.set(w);
            }
            return w;
        }
        if (kind == ASYNC || receiver instanceof Executor) {
            Object w = Tasks.wrap(task, receiver instanceof ExecutorService ? receiver : null);
            if (w != task && !(w instanceof List)) {
                LAST_TASK.set(w);
            }
            return w;
        }
        return task;
    }

    /**
     * A call on a collection: a concurrent collection's hand-off (every call releases before and acquires after:
     * coarser than its Javadoc's per-element promise, so it can hide races, never report one); for the JDK's
     * unsynchronized collections, the call reads or writes the collection's contents as one location.
     */
    private static void collection(Object c, boolean write, int site, boolean before) {
        if (c == null) {
            return;
        }
        String name = c.getClass().getName();
        if (name.startsWith("java.util.concurrent.")) {
            if (before) {
                Detector.release(c);
            } else {
                Detector.acquire(c);
            }
        } else if (before && UNSYNCHRONIZED.contains(name)) {
            access(c, CONTENTS, write, false, site);
        }
    }
}
