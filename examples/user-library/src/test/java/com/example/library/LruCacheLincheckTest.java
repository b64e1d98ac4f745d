package com.example.library;

import dev.threadproof.annotations.Certifies;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * {@link LruCache} is linearizable: Lincheck's model checker explores interleavings of concurrent get, put and size on
 * a cache of 2 entries over 3 keys, and checks each result against the cache run sequentially.
 */
@Certifies(type = LruCache.class, members = {"get", "put", "size"})
@Param(name = "k", gen = IntGen.class, conf = "1:3")
public class LruCacheLincheckTest {
    private final LruCache<Integer, Integer> cache = new LruCache<>(2);

    @Operation
    public Integer get(@Param(name = "k") int k) {
        return cache.get(k);
    }

    @Operation
    public Integer put(@Param(name = "k") int k, @Param(name = "k") int v) {
        return cache.put(k, v);
    }

    @Operation
    public int size() {
        return cache.size();
    }

    @Test
    void linearizable() {
        new ModelCheckingOptions().iterations(20).invocationsPerIteration(500).check(getClass());
    }
}
