package com.example.it;

import dev.threadproof.annotations.ThreadSafety;
import java.util.concurrent.ConcurrentHashMap;

/** Thread-safe: a cache with no test, and one member that declares nothing. */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class Cache {
    private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();

    /** Thread-safe: an empty cache. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public Cache() {
    }

    /** Thread-safe: the value of a key. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public String get(String key) {
        return map.get(key);
    }

    /** Removes everything (no level declared). */
    public void clear() {
        map.clear();
    }
}
