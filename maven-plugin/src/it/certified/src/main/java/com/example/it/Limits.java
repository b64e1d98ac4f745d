package com.example.it;

import dev.threadproof.annotations.ThreadSafety;

/** Immutable: constants. */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
public final class Limits {
    /** Immutable: the most threads a test uses. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final int THREADS = 4;

    private Limits() {
    }
}
