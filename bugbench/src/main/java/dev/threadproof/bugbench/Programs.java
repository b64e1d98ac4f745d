package dev.threadproof.bugbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Immutable: the bug benchmark, each program in a buggy and a fixed form. The patterns are the classic ones of
 * controlled-concurrency testing benchmarks (reordered writes, two-stage locking, a wrong lock, an account, lazy
 * initialization, check-then-act, a token ring, a circular buffer, a queue, a stack, a work-stealing deque, the
 * unlocked length-then-copy of a string buffer, a lock-order deadlock, a lost wake-up, a barrier count), written here.
 */
public final class Programs {
    private Programs() {
    }

    /** Immutable: one program, as a factory of fresh instances of its buggy and its fixed form. */
    public static final class Entry {
        /** The program's name. */
        public final String name;
        /** What the bug is. */
        public final String bug;
        private final java.util.function.Function<Boolean, Program> make;

        Entry(String name, String bug, java.util.function.Function<Boolean, Program> make) {
            this.name = name;
            this.bug = bug;
            this.make = make;
        }

        /**
         * A fresh instance.
         *
         * @param fixed the fixed twin, or the buggy form
         * @return the program
         */
        public Program make(boolean fixed) {
            return make.apply(fixed);
        }
    }

    /**
     * Thread-safe: every program of the benchmark.
     *
     * @return the entries, in a fixed order
     */
    public static List<Entry> all() {
        List<Entry> l = new ArrayList<>();
        for (int n : new int[] {2, 5, 10}) {
            l.add(new Entry("reorder_" + n, n + " setters write a then b; a checker sees a set and b not",
                    f -> new Reorder(n, f)));
        }
        for (int n : new int[] {2, 5}) {
            l.add(new Entry("twostage_" + n, "stage two under a second lock; a reader between the stages",
                    f -> new TwoStage(n, f)));
        }
        l.add(new Entry("wronglock", "two increments under two different locks", f -> new WrongLock(f)));
        l.add(new Entry("account", "deposit and withdraw read-modify-write without a lock", f -> new Account(f)));
        l.add(new Entry("lazy_init", "two threads both see null and both create", f -> new LazyInit(f)));
        l.add(new Entry("check_then_act", "containsKey then put: two winners", f -> new CheckThenAct(f)));
        l.add(new Entry("lost_update", "count++ from two threads", f -> new LostUpdate(f)));
        l.add(new Entry("get_then_set", "an atomic's get then set instead of an update", f -> new GetThenSet(f)));
        l.add(new Entry("token_ring", "the token is passed on before the holder leaves", f -> new TokenRing(f)));
        l.add(new Entry("circular_buffer", "the element count updated without a lock", f -> new CircularBuffer(f)));
        l.add(new Entry("queue", "two enqueuers link to the same tail", f -> new Queue(f)));
        l.add(new Entry("stack", "two pushes read the same top", f -> new Stack(f)));
        l.add(new Entry("ws_deque", "owner pop and thief steal take the last element both", f -> new WsDeque(f)));
        l.add(new Entry("buffer_append", "length then copy of another buffer that shrinks between", f -> new BufferAppend(f)));
        l.add(new Entry("deadlock", "two locks taken in opposite orders", f -> new Deadlock(f)));
        l.add(new Entry("lost_wakeup", "the flag checked outside the monitor the notify uses", f -> new LostWakeup(f)));
        l.add(new Entry("barrier_count", "the last arrival found by a racy count", f -> new BarrierCount(f)));
        l.add(new Entry("bank_audit", "an audit reads two accounts between a transfer's two locks", f -> new BankAudit(f)));
        return l;
    }

    /**
     * Prints the programs' names, one per line (for {@code bugbench/run.sh}).
     *
     * @param args none
     */
    public static void main(String[] args) {
        for (Entry e : all()) {
            System.out.println(e.name);
        }
    }

    // ------------------------------------------------------------------------------------------------ programs

    static final class Reorder implements Program {
        private final int setters;
        private final boolean fixed;
        private int a;
        private int b;

        Reorder(int setters, boolean fixed) {
            this.setters = setters;
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            for (int i = 0; i < setters; i++) {
                t.start("setter-" + i, () -> {
                    if (fixed) {
                        synchronized (this) {
                            a = 1;
                            b = -1;
                        }
                    } else {
                        a = 1;
                        b = -1;
                    }
                });
            }
            t.start("checker", () -> {
                int x;
                int y;
                if (fixed) {
                    synchronized (this) {
                        x = a;
                        y = b;
                    }
                } else {
                    x = a;
                    y = b;
                }
                Program.check((x == 0 && y == 0) || (x == 1 && y == -1), "saw a=" + x + " b=" + y);
            });
            t.join(join);
        }
    }

    static final class TwoStage implements Program {
        private final int threads;
        private final boolean fixed;
        private final Object first = new Object();
        private final Object second = new Object();
        private int data1;
        private int data2;

        TwoStage(int threads, boolean fixed) {
            this.threads = threads;
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            for (int i = 0; i < threads; i++) {
                t.start("writer-" + i, () -> {
                    if (fixed) {
                        synchronized (first) {
                            synchronized (second) {
                                data1 = 1;
                                data2 = data1 + 1;
                            }
                        }
                    } else {
                        synchronized (first) {
                            data1 = 1;
                        }
                        synchronized (second) {
                            data2 = data1 + 1;
                        }
                    }
                });
            }
            t.start("reader", () -> {
                int x;
                int y;
                synchronized (first) {
                    x = data1;
                    if (fixed) {
                        synchronized (second) {
                            y = data2;
                        }
                    } else {
                        y = -1;
                    }
                }
                if (!fixed) {
                    synchronized (second) {
                        y = data2;
                    }
                }
                Program.check(x == 0 || y == x + 1, "saw data1=" + x + " data2=" + y);
            });
            t.join(join);
        }
    }

    static final class WrongLock implements Program {
        private final boolean fixed;
        private final Object lockA = new Object();
        private final Object lockB = new Object();
        private int count;

        WrongLock(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("a", () -> {
                synchronized (lockA) {
                    count++;
                }
            });
            t.start("b", () -> {
                synchronized (fixed ? lockA : lockB) {
                    count++;
                }
            });
            t.join(join);
            Program.check(count == 2, "count " + count + " after two increments");
        }
    }

    static final class Account implements Program {
        private final boolean fixed;
        private int balance = 100;

        Account(boolean fixed) {
            this.fixed = fixed;
        }

        private void add(int amount) {
            if (fixed) {
                synchronized (this) {
                    balance += amount;
                }
            } else {
                int b = balance;
                balance = b + amount;
            }
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("deposit", () -> add(50));
            t.start("withdraw", () -> add(-30));
            t.join(join);
            Program.check(balance == 120, "balance " + balance + ", expected 120");
        }
    }

    static final class LazyInit implements Program {
        private final boolean fixed;
        private final AtomicInteger created = new AtomicInteger();
        private Object instance;

        LazyInit(boolean fixed) {
            this.fixed = fixed;
        }

        private Object get() {
            if (fixed) {
                synchronized (this) {
                    return getUnlocked();
                }
            }
            return getUnlocked();
        }

        private Object getUnlocked() {
            if (instance == null) {
                created.incrementAndGet();
                instance = new Object();
            }
            return instance;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("a", this::get);
            t.start("b", this::get);
            t.join(join);
            Program.check(created.get() == 1, created.get() + " instances created");
        }
    }

    static final class CheckThenAct implements Program {
        private final boolean fixed;
        private final Map<String, String> map = new ConcurrentHashMap<>();
        private final AtomicInteger winners = new AtomicInteger();

        CheckThenAct(boolean fixed) {
            this.fixed = fixed;
        }

        private void claim(String who) {
            if (fixed) {
                if (map.putIfAbsent("k", who) == null) {
                    winners.incrementAndGet();
                }
            } else if (!map.containsKey("k")) {
                map.put("k", who);
                winners.incrementAndGet();
            }
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("a", () -> claim("a"));
            t.start("b", () -> claim("b"));
            t.join(join);
            Program.check(winners.get() == 1, winners.get() + " threads claimed the key");
        }
    }

    static final class LostUpdate implements Program {
        private final boolean fixed;
        private final AtomicInteger atomic = new AtomicInteger();
        private int plain;

        LostUpdate(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            for (int i = 0; i < 2; i++) {
                t.start("inc-" + i, () -> {
                    if (fixed) {
                        atomic.incrementAndGet();
                    } else {
                        plain++;
                    }
                });
            }
            t.join(join);
            int n = fixed ? atomic.get() : plain;
            Program.check(n == 2, "count " + n + " after two increments");
        }
    }

    static final class GetThenSet implements Program {
        private final boolean fixed;
        private final AtomicInteger value = new AtomicInteger();

        GetThenSet(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            for (int i = 0; i < 2; i++) {
                t.start("add-" + i, () -> {
                    if (fixed) {
                        value.addAndGet(5);
                    } else {
                        value.set(value.get() + 5);
                    }
                });
            }
            t.join(join);
            Program.check(value.get() == 10, "value " + value.get() + " after two adds of 5");
        }
    }

    static final class TokenRing implements Program {
        private static final int HOLDERS = 3;
        private final boolean fixed;
        private volatile int turn;
        private final AtomicInteger inside = new AtomicInteger();

        TokenRing(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            for (int i = 0; i < HOLDERS; i++) {
                int id = i;
                t.start("holder-" + i, () -> {
                    while (turn != id) {
                        Thread.yield();
                    }
                    int now = inside.incrementAndGet();
                    if (!fixed) {
                        turn = (id + 1) % HOLDERS; // passed on while still inside
                    }
                    Program.check(now == 1 && inside.get() == 1, "two holders inside at once");
                    inside.decrementAndGet();
                    if (fixed && id + 1 < HOLDERS) {
                        turn = id + 1;
                    }
                });
            }
            t.join(join);
        }
    }

    static final class CircularBuffer implements Program {
        private static final int ITEMS = 3;
        private final boolean fixed;
        private final int[] slots = new int[4];
        private int head;
        private int tail;
        private int count;
        private final AtomicInteger atomicCount = new AtomicInteger();

        CircularBuffer(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("producer", () -> {
                for (int i = 1; i <= ITEMS; i++) {
                    slots[tail] = i;
                    tail = (tail + 1) % slots.length;
                    if (fixed) {
                        atomicCount.incrementAndGet();
                    } else {
                        count++;
                    }
                }
            });
            t.start("consumer", () -> {
                int sum = 0;
                for (int i = 0; i < ITEMS; i++) {
                    int spins = 0;
                    while ((fixed ? atomicCount.get() : count) == 0) {
                        Thread.yield();
                        Program.check(++spins < 100_000, "the consumer waits for an item the count lost");
                    }
                    sum += slots[head];
                    head = (head + 1) % slots.length;
                    if (fixed) {
                        atomicCount.decrementAndGet();
                    } else {
                        count--;
                    }
                }
                Program.check(sum == 6, "consumed a sum of " + sum + ", produced 6");
            });
            t.join(join);
        }
    }

    static final class Queue implements Program {
        private static final class Node {
            final int value;
            Node next;

            Node(int value) {
                this.value = value;
            }
        }

        private final boolean fixed;
        private final Node headNode = new Node(0);
        private Node tailNode = headNode;

        Queue(boolean fixed) {
            this.fixed = fixed;
        }

        private void enqueue(int v) {
            if (fixed) {
                synchronized (this) {
                    link(v);
                }
            } else {
                link(v);
            }
        }

        private void link(int v) {
            Node n = new Node(v);
            Node last = tailNode;
            last.next = n;
            tailNode = n;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("a", () -> enqueue(1));
            t.start("b", () -> enqueue(2));
            t.join(join);
            int size = 0;
            for (Node n = headNode.next; n != null; n = n.next) {
                size++;
            }
            Program.check(size == 2, "queue holds " + size + " of 2 enqueued");
        }
    }

    static final class Stack implements Program {
        private static final class Node {
            final int value;
            final Node next;

            Node(int value, Node next) {
                this.value = value;
                this.next = next;
            }
        }

        private final boolean fixed;
        private Node top;
        private final AtomicReference<Node> atomicTop = new AtomicReference<>();

        Stack(boolean fixed) {
            this.fixed = fixed;
        }

        private void push(int v) {
            if (fixed) {
                Node t;
                do {
                    t = atomicTop.get();
                } while (!atomicTop.compareAndSet(t, new Node(v, t)));
            } else {
                top = new Node(v, top);
            }
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("a", () -> push(1));
            t.start("b", () -> push(2));
            t.join(join);
            int size = 0;
            for (Node n = fixed ? atomicTop.get() : top; n != null; n = n.next) {
                size++;
            }
            Program.check(size == 2, "stack holds " + size + " of 2 pushed");
        }
    }

    static final class WsDeque implements Program {
        private final boolean fixed;
        private final int[] items = {7};
        private volatile int topIndex;
        private volatile int bottom = 1;
        private final AtomicInteger taken = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();

        WsDeque(boolean fixed) {
            this.fixed = fixed;
        }

        private void take() {
            if (topIndex < bottom) {
                if (fixed && !claimed.compareAndSet(false, true)) {
                    return; // the last element: one CAS decides between owner and thief
                }
                if (!fixed) {
                    topIndex = topIndex + 1;
                }
                taken.incrementAndGet();
            }
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("owner-pop", this::take);
            t.start("thief-steal", this::take);
            t.join(join);
            Program.check(taken.get() == 1, "the one element " + items[0] + " was taken " + taken.get() + " times");
        }
    }

    static final class BufferAppend implements Program {
        /** A buffer whose methods are each synchronized, as StringBuffer's are. */
        static final class Buf {
            private char[] chars;
            private int length;

            Buf(String s) {
                chars = s.toCharArray();
                length = chars.length;
            }

            synchronized int length() {
                return length;
            }

            synchronized void setLength(int n) {
                length = n;
            }

            synchronized void getChars(int from, int to, char[] dst) {
                if (to > length) {
                    throw new IndexOutOfBoundsException("copy to " + to + " of a buffer of length " + length);
                }
                System.arraycopy(chars, from, dst, 0, to - from);
            }

            /** The bug: the length and the copy are two calls, each atomic, the pair not. */
            synchronized void append(Buf other, boolean fixed) {
                char[] copy;
                if (fixed) {
                    synchronized (other) {
                        copy = new char[other.length()];
                        other.getChars(0, copy.length, copy);
                    }
                } else {
                    int n = other.length();
                    copy = new char[n];
                    other.getChars(0, n, copy);
                }
                char[] grown = java.util.Arrays.copyOf(chars, length + copy.length);
                System.arraycopy(copy, 0, grown, length, copy.length);
                chars = grown;
                length = grown.length;
            }
        }

        private final boolean fixed;

        BufferAppend(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Buf target = new Buf("ab");
            Buf source = new Buf("cdef");
            Threads t = new Threads();
            t.start("append", () -> target.append(source, fixed));
            t.start("truncate", () -> source.setLength(0));
            t.join(join);
        }
    }

    static final class Deadlock implements Program {
        private final boolean fixed;
        private final Object first = new Object();
        private final Object second = new Object();
        private int moved;

        Deadlock(boolean fixed) {
            this.fixed = fixed;
        }

        private void both(Object x, Object y) {
            synchronized (x) {
                synchronized (y) {
                    moved++;
                }
            }
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("forward", () -> both(first, second));
            t.start("backward", () -> {
                if (fixed) {
                    both(first, second);
                } else {
                    both(second, first);
                }
            });
            t.join(join);
            Program.check(moved == 2, "moved " + moved);
        }
    }

    static final class LostWakeup implements Program {
        private final boolean fixed;
        private final Object lock = new Object();
        private boolean ready;

        LostWakeup(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("waiter", () -> {
                try {
                    if (fixed) {
                        synchronized (lock) {
                            while (!ready) {
                                lock.wait();
                            }
                        }
                    } else {
                        boolean seen;
                        synchronized (lock) {
                            seen = ready;
                        }
                        if (!seen) {
                            synchronized (lock) {
                                lock.wait(); // the notify may have come between the check and here
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start("notifier", () -> {
                synchronized (lock) {
                    ready = true;
                    lock.notifyAll();
                }
            });
            t.join(join);
        }
    }

    static final class BarrierCount implements Program {
        private static final int PARTIES = 3;
        private final boolean fixed;
        private int arrived;
        private final AtomicInteger atomicArrived = new AtomicInteger();
        private final AtomicInteger releasers = new AtomicInteger();

        BarrierCount(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            for (int i = 0; i < PARTIES; i++) {
                t.start("party-" + i, () -> {
                    int n;
                    if (fixed) {
                        n = atomicArrived.incrementAndGet();
                    } else {
                        n = ++arrived;
                    }
                    if (n == PARTIES) {
                        releasers.incrementAndGet();
                    }
                });
            }
            t.join(join);
            Program.check(releasers.get() == 1, releasers.get() + " parties saw themselves last");
        }
    }

    static final class BankAudit implements Program {
        private final boolean fixed;
        private final Object lockA = new Object();
        private final Object lockB = new Object();
        private int a = 100;
        private int b = 100;

        BankAudit(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void run(Join join) throws Exception {
            Threads t = new Threads();
            t.start("transfer", () -> {
                if (fixed) {
                    synchronized (lockA) {
                        synchronized (lockB) {
                            a -= 40;
                            b += 40;
                        }
                    }
                } else {
                    synchronized (lockA) {
                        a -= 40;
                    }
                    synchronized (lockB) {
                        b += 40;
                    }
                }
            });
            t.start("audit", () -> {
                int x;
                int y;
                if (fixed) {
                    synchronized (lockA) {
                        synchronized (lockB) {
                            x = a;
                            y = b;
                        }
                    }
                } else {
                    synchronized (lockA) {
                        x = a;
                    }
                    synchronized (lockB) {
                        y = b;
                    }
                }
                Program.check(x + y == 200, "audit saw a total of " + (x + y));
            });
            t.join(join);
        }
    }
}
