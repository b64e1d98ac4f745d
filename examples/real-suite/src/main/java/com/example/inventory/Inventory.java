package com.example.inventory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe: stock counts by item. */
public final class Inventory {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Thread-safe: adds {@code n} of {@code item}. */
    public void add(String item, int n) {
        counts.computeIfAbsent(item, k -> new LongAdder()).add(n);
    }

    /** Thread-safe: how many of {@code item} were added (exact once the adds returned). */
    public long count(String item) {
        LongAdder a = counts.get(item);
        return a == null ? 0 : a.sum();
    }
}
