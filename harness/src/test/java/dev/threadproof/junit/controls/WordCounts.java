package dev.threadproof.junit.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Word counts in a ConcurrentHashMap: get-then-put (racy: two calls, no atomicity) and merge. */
public final class WordCounts {
    private WordCounts() {
    }

    static final String[] WORDS = {"alpha", "beta", "gamma", "delta"};

    interface Counts {
        void add(String word);

        int total();
    }

    /** Broken: each call of the map is atomic, the pair is not; two threads put the same count + 1. */
    static final class RacyGetThenPutCounts implements Counts {
        private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();

        @Override
        public void add(String word) {
            Integer c = counts.get(word);
            counts.put(word, c == null ? 1 : c + 1);
        }

        @Override
        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    static final class MergeCounts implements Counts {
        private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();

        @Override
        public void add(String word) {
            counts.merge(word, 1, Integer::sum);
        }

        @Override
        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    abstract static class Case {
        static final int ADDS = 20_000;
        final Counts counts = create();
        final AtomicInteger bodies = new AtomicInteger();

        abstract Counts create();

        @Test
        void countsEveryWord() {
            for (int i = 0; i < ADDS; i++) {
                counts.add(WORDS[i % WORDS.length]);
            }
            bodies.incrementAndGet();
        }

        @AfterEach
        void noWordLost() {
            assertEquals(bodies.get() * ADDS, counts.total());
        }
    }

    static final class RacyCase extends Case {
        @Override
        Counts create() {
            return new RacyGetThenPutCounts();
        }
    }

    static final class CorrectCase extends Case {
        @Override
        Counts create() {
            return new MergeCounts();
        }
    }
}
