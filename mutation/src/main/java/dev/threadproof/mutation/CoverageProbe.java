package dev.threadproof.mutation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe: the counters that {@link CoverageAgent} plants at the entry of every method of the classes under test;
 * {@link CoverageMain} reads and clears them between tests to learn which members each test executes.
 *
 * <p>A hit is a plain store of {@code true} into a shared array. A store made by a pool thread is seen by the test
 * thread when the runtime's own completion (a join, an await) orders it before the read, as it does for every body
 * the tests wait for; a store that races with {@link #drain()} lands in the next test's set or is lost, which can only
 * add a test to, or miss a late worker of, a member's selection.
 */
public final class CoverageProbe {
    /** More members than any library under test has; a member past it counts for its type only. */
    static final int CAPACITY = 1 << 16;
    private static final boolean[] HITS = new boolean[CAPACITY];
    private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final String[] NAMES = new String[CAPACITY];

    private CoverageProbe() {
    }

    /**
     * Thread-safe: records that the member with this id was entered; called by instrumented code.
     *
     * @param id the id {@link #idOf} gave the member
     */
    public static void hit(int id) {
        if (!HITS[id]) {
            HITS[id] = true;
        }
    }

    /**
     * Thread-safe: the id of a member key ({@code Type.member}), the same for every call with the same key.
     *
     * @param key the member key
     * @return its id, below {@link #CAPACITY}
     * @throws IllegalStateException when more than {@link #CAPACITY} keys were seen
     */
    static int idOf(String key) {
        return IDS.computeIfAbsent(key, k -> {
            int id = IDS.size();
            if (id >= CAPACITY) {
                throw new IllegalStateException("more than " + CAPACITY + " members to cover");
            }
            NAMES[id] = k;
            return id;
        });
    }

    /**
     * Thread-safe: every member key instrumented so far, hit or not.
     *
     * @return the keys
     */
    static List<String> declared() {
        return new ArrayList<>(IDS.keySet());
    }

    /**
     * Thread-safe: the keys hit since the last drain; clears them.
     *
     * @return the member keys hit
     */
    static List<String> drain() {
        List<String> out = new ArrayList<>();
        int n = IDS.size();
        for (int i = 0; i < n; i++) {
            if (HITS[i]) {
                HITS[i] = false;
                out.add(NAMES[i]);
            }
        }
        return out;
    }
}
