package dev.threadproof.junit.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A memoizing cache: an unsynchronized HashMap (racy) and ConcurrentHashMap.computeIfAbsent. */
public final class Caches {
    private Caches() {
    }

    static String compute(int key) {
        return "value-" + key;
    }

    interface Cache {
        String get(int key);

        int size();
    }

    /** Broken: concurrent puts corrupt the table while it resizes; entries are lost or gets return null. */
    static final class RacyHashMapCache implements Cache {
        private final Map<Integer, String> map = new HashMap<>();

        @Override
        public String get(int key) {
            String v = map.get(key);
            if (v == null) {
                v = compute(key);
                map.put(key, v);
            }
            return v;
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    static final class ConcurrentCache implements Cache {
        private final Map<Integer, String> map = new ConcurrentHashMap<>();

        @Override
        public String get(int key) {
            return map.computeIfAbsent(key, Caches::compute);
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    abstract static class Case {
        static final int KEYS = 100_000;
        final Cache cache = create();

        abstract Cache create();

        @Test
        void returnsTheComputedValueForEveryKeyInAnyOrder() {
            List<Integer> keys = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                keys.add(k);
            }
            Collections.shuffle(keys, ThreadLocalRandom.current());
            for (int k : keys) {
                assertEquals(compute(k), cache.get(k));
            }
        }

        @AfterEach
        void holdsEveryKeyOnce() {
            assertEquals(KEYS, cache.size());
        }
    }

    static final class RacyCase extends Case {
        @Override
        Cache create() {
            return new RacyHashMapCache();
        }
    }

    static final class CorrectCase extends Case {
        @Override
        Cache create() {
            return new ConcurrentCache();
        }
    }
}
