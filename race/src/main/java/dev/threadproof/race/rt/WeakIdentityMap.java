package dev.threadproof.race.rt;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.function.Function;

/**
 * Thread-safe: a map from objects, compared by identity and held weakly, to the detector's state for them (shadow
 * cells, clocks of synchronizers). The JDK has no weak identity map ({@code WeakHashMap} calls {@code equals} and
 * {@code hashCode}, which are user code and may change); this one hashes by {@link System#identityHashCode} into
 * 64 segments, each guarded by its own monitor, and drops the entries of collected keys as it goes.
 */
final class WeakIdentityMap<V> {
    private static final int SEGMENTS = 64;

    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        final V value;
        Entry<V> next;

        Entry(Object key, int hash, V value, ReferenceQueue<Object> queue, Entry<V> next) {
            super(key, queue);
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    private static final class Segment<V> {
        final ReferenceQueue<Object> queue = new ReferenceQueue<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Entry<V>[] table = new Entry[16];
        int size;

        V get(Object key, int hash) {
            Entry<V>[] t = table;
            for (Entry<V> e = t[(hash >>> 6) & (t.length - 1)]; e != null; e = e.next) {
                if (e.hash == hash && e.get() == key) {
                    return e.value;
                }
            }
            return null;
        }

        void put(Object key, int hash, V value) {
            expunge();
            if (size >= table.length * 3 / 4) {
                resize();
            }
            int i = (hash >>> 6) & (table.length - 1);
            table[i] = new Entry<>(key, hash, value, queue, table[i]);
            size++;
        }

        V remove(Object key, int hash) {
            int i = (hash >>> 6) & (table.length - 1);
            Entry<V> prev = null;
            for (Entry<V> e = table[i]; e != null; prev = e, e = e.next) {
                if (e.hash == hash && e.get() == key) {
                    if (prev == null) {
                        table[i] = e.next;
                    } else {
                        prev.next = e.next;
                    }
                    size--;
                    return e.value;
                }
            }
            return null;
        }

        @SuppressWarnings("unchecked")
        private void expunge() {
            for (Object r; (r = queue.poll()) != null; ) {
                Entry<V> dead = (Entry<V>) r;
                int i = (dead.hash >>> 6) & (table.length - 1);
                Entry<V> prev = null;
                for (Entry<V> e = table[i]; e != null; prev = e, e = e.next) {
                    if (e == dead) {
                        if (prev == null) {
                            table[i] = e.next;
                        } else {
                            prev.next = e.next;
                        }
                        size--;
                        break;
                    }
                }
            }
        }

        private void resize() {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Entry<V>[] bigger = new Entry[table.length * 2];
            for (Entry<V> head : table) {
                for (Entry<V> e = head; e != null; ) {
                    Entry<V> next = e.next;
                    int i = (e.hash >>> 6) & (bigger.length - 1);
                    e.next = bigger[i];
                    bigger[i] = e;
                    e = next;
                }
            }
            table = bigger;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private final Segment<V>[] segments = new Segment[SEGMENTS];

    WeakIdentityMap() {
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment<>();
        }
    }

    /** The value for {@code key}, or null. */
    V get(Object key) {
        int h = System.identityHashCode(key);
        Segment<V> s = segments[h & (SEGMENTS - 1)];
        synchronized (s) {
            return s.get(key, h);
        }
    }

    /** The value for {@code key}, made by {@code make} (under the segment's monitor) when there is none yet. */
    V computeIfAbsent(Object key, Function<Object, V> make) {
        int h = System.identityHashCode(key);
        Segment<V> s = segments[h & (SEGMENTS - 1)];
        synchronized (s) {
            V v = s.get(key, h);
            if (v == null) {
                v = make.apply(key);
                s.put(key, h, v);
            }
            return v;
        }
    }

    /** Maps {@code key} to {@code value}, replacing any earlier value. */
    void put(Object key, V value) {
        int h = System.identityHashCode(key);
        Segment<V> s = segments[h & (SEGMENTS - 1)];
        synchronized (s) {
            s.remove(key, h);
            s.put(key, h, value);
        }
    }
}
