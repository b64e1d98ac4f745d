package com.example.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.junit.FreeThreaded;
import dev.threadproof.junit.ThreadIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ordinary unit tests of {@link LruCache}, run by threadproof-junit on 4 threads at once over one shared cache. */
@FreeThreaded(threads = 4, iterations = 20)
class LruCacheTest {
    private final LruCache<String, String> cache = new LruCache<>(64);

    @Test
    @Certifies(type = LruCache.class, members = {"get", "put", "size"})
    void getReturnsWhatThisThreadPutOrNothing(@ThreadIndex int thread) {
        for (int i = 0; i < 200; i++) {
            String key = thread + "-" + i;
            cache.put(key, "v" + key);
            String got = cache.get(key);
            assertTrue(got == null || got.equals("v" + key), "another thread's value under " + key + ": " + got);
            assertTrue(cache.size() <= 64, "over capacity: " + cache.size());
        }
    }

    @Test
    @Certifies(type = LruCache.class, members = {"<init>", "get", "put"})
    void cachesBuiltAtOnceEvictTheirOwnLeastRecentlyUsed(@ThreadIndex int thread) {
        LruCache<Integer, Integer> own = new LruCache<>(2);
        own.put(1, thread);
        own.put(2, thread);
        assertEquals(thread, own.get(1)); // 1 is now the most recently used
        own.put(3, thread);
        assertNull(own.get(2), "the least recently used entry stays");
        assertEquals(2, own.capacity());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LruCache<String, String>(0));
        assertThrows(NullPointerException.class, () -> cache.put(null, "v"));
    }

    @AfterEach
    void neverOverCapacity() {
        assertTrue(cache.size() <= cache.capacity(), "over capacity: " + cache.size());
    }
}
