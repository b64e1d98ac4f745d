package dev.threadproof.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.CompletionException;

/**
 * The failures of one parallel range, work-sharing loop or parallel block, each with the position (ordinal) at which
 * it happened: the iteration's ordinal in the range, or the member id in a block. Whoever joins throws the failure at
 * the lowest ordinal with the others suppressed onto it, so ranges and blocks report failures by one rule.
 *
 * <p>Thread-safe: {@link #add} is called by any participant; {@link #primary()} by the caller after the join edge.
 * {@link #min()} is a volatile read, used to skip work above the lowest failure.
 */
final class Failures {
    private volatile long min = Long.MAX_VALUE;
    private ArrayList<Entry> entries; // guarded by this
    private Throwable primary;        // guarded by this; built once

    private static final class Entry {
        final long ordinal;
        final Throwable error;

        Entry(long ordinal, Throwable error) {
            this.ordinal = ordinal;
            this.error = error;
        }
    }

    synchronized void add(long ordinal, Throwable error) {
        if (entries == null) {
            entries = new ArrayList<>(2);
        }
        entries.add(new Entry(ordinal, error));
        if (ordinal < min) {
            min = ordinal;
        }
    }

    /** The lowest ordinal that failed, or {@link Long#MAX_VALUE}. */
    long min() {
        return min;
    }

    boolean any() {
        return min != Long.MAX_VALUE;
    }

    /**
     * The failure at the lowest ordinal, with every other distinct failure added to it as suppressed, in ordinal
     * order; built once, so every thread that asks gets the same object. Null when nothing failed.
     */
    synchronized Throwable primary() {
        if (primary == null && entries != null) {
            entries.sort(Comparator.comparingLong(e -> e.ordinal));
            Throwable first = entries.get(0).error;
            for (int i = 1; i < entries.size(); i++) {
                Throwable other = entries.get(i).error;
                if (other != first && !isSuppressed(first, other)) {
                    first.addSuppressed(other);
                }
            }
            primary = first;
        }
        return primary;
    }

    private static boolean isSuppressed(Throwable into, Throwable t) {
        for (Throwable s : into.getSuppressed()) {
            if (s == t) {
                return true;
            }
        }
        return false;
    }

    /** Throws {@link #primary()} if anything failed: unchecked throwables as they are, others wrapped. */
    void throwIfAny() {
        if (any()) {
            throw propagate(primary());
        }
    }

    static RuntimeException propagate(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new CompletionException(t);
    }
}
