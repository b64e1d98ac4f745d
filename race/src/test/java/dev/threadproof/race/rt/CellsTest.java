package dev.threadproof.race.rt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The compact form of a chunk's shadow (runs of equal states) holds exactly the states the per-element form holds,
 * whatever the order of accesses; and the accesses loops make keep a chunk compact.
 */
class CellsTest {
    private static final int[] SITES = new int[6];

    static {
        for (int s = 0; s < SITES.length; s++) {
            SITES[s] = Registry.site("fixtures.Cells", "m", "Cells.java", 10 + s, "a test access");
        }
    }

    private static ThreadState[] threads(int n) {
        ThreadState[] t = new ThreadState[n];
        for (int i = 0; i < n; i++) {
            t[i] = new ThreadState(60_000 + i, "cells-" + i, null, 1); // slots far from the real threads'
        }
        return t;
    }

    private static void access(Cells c, ThreadState t, int i, boolean write, int site) {
        c.access(t, i, write, false, site, c, -1, i);
    }

    /** Same accesses, same synchronization, into a compact chunk and a per-element one: same state everywhere. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void compactAndPerElementFormsHoldTheSameStatesUnderRandomAccesses(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int size = 96;
        ThreadState[] t = threads(3);
        int ops = 0;
        int compactOps = 0;
        for (int round = 0; round < 60; round++) { // a fresh pair each round: most rounds start and stay compact
            Cells compact = new Cells(size);
            Cells full = new Cells(size);
            full.forcePerElement();
            for (int op = 0; op < 50; op++, ops++) {
                int kind = rnd.nextInt(10);
                ThreadState th = t[rnd.nextInt(t.length)];
                if (kind < 2) { // a release by one thread, acquired by another
                    ThreadState to = t[rnd.nextInt(t.length)];
                    th.tick();
                    to.join(th.vc.clone());
                    to.tick();
                } else if (kind < 8) { // a loop: ascending or descending sweep
                    int from = rnd.nextInt(size);
                    int len = 1 + rnd.nextInt(size - from);
                    boolean write = rnd.nextInt(3) == 0;
                    int site = SITES[rnd.nextInt(SITES.length)];
                    boolean down = rnd.nextInt(4) == 0;
                    for (int j = 0; j < len; j++) {
                        int i = down ? from + len - 1 - j : from + j;
                        access(compact, th, i, write, site);
                        access(full, th, i, write, site);
                    }
                } else { // a single access
                    int i = rnd.nextInt(size);
                    boolean write = rnd.nextBoolean();
                    int site = SITES[rnd.nextInt(SITES.length)];
                    access(compact, th, i, write, site);
                    access(full, th, i, write, site);
                }
                for (int i = 0; i < size; i++) {
                    assertArrayEquals(full.state(i), compact.state(i),
                            "seed " + seed + ", round " + round + ", op " + op + ", element " + i);
                }
                compactOps += compact.perElement() ? 0 : 1;
            }
            assertTrue(full.perElement());
        }
        assertTrue(compactOps * 10 > ops, "the compact form was exercised: " + compactOps + " of " + ops + " ops");
    }

    @Test
    void aFillAndTwoThreadsSweepingItsHalvesAfterwardsKeepTheChunkCompact() {
        int size = 1024;
        Cells c = new Cells(size);
        ThreadState[] t = threads(3);
        for (int i = 0; i < size; i++) {
            access(c, t[0], i, true, SITES[0]);
        }
        t[0].tick();
        t[1].join(t[0].vc.clone());
        t[2].join(t[0].vc.clone());
        for (int i = 0; i < size / 2; i++) { // the two sweeps interleave, as two workers' loops do
            access(c, t[1], i, false, SITES[1]);
            access(c, t[2], size / 2 + i, false, SITES[2]);
        }
        assertFalse(c.perElement(), "a fill and two half sweeps are a few runs");
        long[] first = c.state(0);
        long[] last = c.state(size - 1);
        assertEquals(Clocks.epoch(t[0].tid, t[0].vc[t[0].tid] - 1), first[0], "written by the filler");
        assertEquals(SITES[1], (int) first[3], "read at the first sweep's line");
        assertEquals(SITES[2], (int) last[3], "read at the second sweep's line");
    }

    @Test
    void aStridedPatternInflatesToOneStatePerElementAndTheStatesSurvive() {
        int size = 1024;
        Cells c = new Cells(size);
        ThreadState[] t = threads(2);
        for (int i = 0; i < size; i += 7) { // every 7th element: each one a run of its own
            access(c, t[0], i, true, SITES[3]);
        }
        assertTrue(c.perElement(), "more than " + Cells.MAX_RUNS + " runs inflate");
        assertEquals(SITES[3], (int) c.state(7)[1]);
        assertEquals(0L, c.state(8)[0], "an untouched element keeps no write");
    }
}
