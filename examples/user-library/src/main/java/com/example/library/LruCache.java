package com.example.library;

import dev.threadproof.annotations.ThreadSafety;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thread-safe: a map of at most {@code capacity} entries that evicts the least recently used one; any number of threads
 * may call it at once.
 *
 * <p>Every method holds the cache's lock for its whole duration, so each call is linearizable; a {@code get} counts as
 * a use. Keys and values must not be null.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class LruCache<K, V> {
    private final int capacity;
    private final LinkedHashMap<K, V> map;

    /**
     * Thread-safe: an empty cache.
     *
     * @param capacity the most entries it holds, at least 1
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public LruCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > LruCache.this.capacity;
            }
        };
    }

    /**
     * Thread-safe: the value of {@code key}, which becomes the most recently used; null when absent.
     *
     * @param key the key, not null
     * @return the value or null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public synchronized V get(K key) {
        return map.get(Objects.requireNonNull(key, "key"));
    }

    /**
     * Thread-safe: maps {@code key} to {@code value}, evicting the least recently used entry when full.
     *
     * @param key   the key, not null
     * @param value the value, not null
     * @return the previous value or null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public synchronized V put(K key, V value) {
        return map.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /**
     * Thread-safe: how many entries the cache holds, at most {@link #capacity()}.
     *
     * @return the size
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public synchronized int size() {
        return map.size();
    }

    /**
     * Immutable: the most entries the cache holds.
     *
     * @return the capacity
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "a final field")
    public int capacity() {
        return capacity;
    }
}
