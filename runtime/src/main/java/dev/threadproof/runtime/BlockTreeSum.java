package dev.threadproof.runtime;

import static dev.threadproof.runtime.KernelDriver.BLOCK;

import java.util.Arrays;

/**
 * Thread-safe (one per call; its chunks are put from the team's threads under its monitor): the fixed-tree
 * double-double sum of an array kernel's blocks ({@link DoubleDouble#sumOf}'s tree, bit for bit) in O(workers log n)
 * memory instead of a buffer of every block's accumulators.
 *
 * <p>Why the tree can be built as blocks finish. The fixed tree splits a span of {@code s >= 2} blocks into a left part
 * of the largest power of two below {@code s} and the rest, left operand first ({@link Reductions}). So every left
 * part is a complete, aligned power-of-two subtree, and:
 * <ul>
 *   <li>a chunk of {@code g} blocks (a power of two) starting at a multiple of {@code g}, or the last, shorter chunk, is
 *       a node of the tree; its value is built by the thread that runs the chunk, in block order, with a binary
 *       counter (two complete subtrees of one size merge, left first) and, for a shorter last chunk, a right fold of
 *       what the counter holds: that is the recursive split above;</li>
 *   <li>above the chunks the tree over chunks is the same rule again, so a finished node whose parent is complete
 *       (its range ends within the chunks) merges with its sibling as soon as both are done, left first; a node whose
 *       parent is not complete waits for the end, and the end is the right fold of those waiting nodes, at most one per
 *       bit of the chunk count.</li>
 * </ul>
 * Chunks are claimed in increasing order, so the nodes waiting for a sibling at any time are about {@code log2}
 * (chunks) per chunk still running: the table below starts at that size and grows only if a schedule ever needs more.
 *
 * <p>Memory consistency effects: each {@link #put} happens-before the {@link #result} of the same call, through this
 * object's monitor (the caller reads the result after the team's join, which already orders it).
 */
final class BlockTreeSum {
    /** A block's raw accumulators into {@code acc} at block 0 ({@link DoubleDouble#sumBlock}'s layout). */
    interface BlockKernel {
        void accumulate(double[] acc, int from, int to);
    }

    private final int chunks;
    private long[] keys;
    private double[] his;
    private double[] los;
    private int size;
    private final double[] t = new double[2];

    private BlockTreeSum(int chunks, int capacity) {
        this.chunks = chunks;
        this.keys = new long[capacity];
        this.his = new double[capacity];
        this.los = new double[capacity];
    }

    /** Blocks per chunk for {@code nb} blocks: a power of two, at most 16 (64 Ki elements), about 64 chunks or more. */
    static int chunkBlocks(int nb) {
        return Integer.highestOneBit(Math.max(1, Math.min(16, nb / 64)));
    }

    /**
     * The fixed-tree sum of the kernel over the blocks of an array of length {@code n}, rounded to a double: serial in
     * the caller when no workers are given and {@code n} is below {@code threshold}, else on a team whose members each
     * hold one scratch.
     */
    static double sum(int n, Workers workers, int threshold, BlockKernel kernel) {
        int nb = Reductions.blockCount(n, BLOCK);
        if (nb == 0) {
            return 0.0;
        }
        int g = chunkBlocks(nb);
        int chunks = (nb + g - 1) / g;
        int levels = 33 - Integer.numberOfLeadingZeros(chunks); // bits of the chunk count, plus one
        BlockTreeSum tree = new BlockTreeSum(chunks, 4 * levels);
        KernelDriver.perMemberChunks(n, chunks, workers, threshold, Scratch::new,
                (s, c) -> tree.chunk(s, kernel, c, g, nb, n));
        return tree.result();
    }

    /** Confined to one team member: one block's accumulators, the finished pair, the chunk's binary counter. */
    static final class Scratch {
        final double[] acc = new double[DoubleDouble.SLOTS];
        final double[] t = new double[4];
        final double[] hi = new double[6]; // a chunk has at most 16 blocks: at most 5 subtrees on the counter
        final double[] lo = new double[6];
        final int[] blocks = new int[6];
    }

    /** Runs chunk {@code c}'s blocks in order into its subtree and puts it. */
    private void chunk(Scratch s, BlockKernel kernel, int c, int g, int nb, int n) {
        int depth = 0;
        for (int b = c * g, end = Math.min(c * g + g, nb); b < end; b++) {
            kernel.accumulate(s.acc, KernelDriver.from(b), KernelDriver.to(b, n));
            DoubleDouble.finishBlock(s.acc, 0, s.t);
            s.hi[depth] = s.t[0];
            s.lo[depth] = s.t[1];
            s.blocks[depth] = 1;
            depth++;
            while (depth >= 2 && s.blocks[depth - 1] == s.blocks[depth - 2]) { // two complete subtrees: left first
                DoubleDouble.ddAdd(s.hi[depth - 2], s.lo[depth - 2], s.hi[depth - 1], s.lo[depth - 1], s.t, 0);
                depth--;
                s.hi[depth - 1] = s.t[0];
                s.lo[depth - 1] = s.t[1];
                s.blocks[depth - 1] *= 2;
            }
        }
        double h = s.hi[depth - 1];
        double l = s.lo[depth - 1];
        for (int i = depth - 2; i >= 0; i--) { // a shorter last chunk: the largest part first, the rest to its right
            DoubleDouble.ddAdd(s.hi[i], s.lo[i], h, l, s.t, 0);
            h = s.t[0];
            l = s.t[1];
        }
        put(0, c, h, l);
    }

    /**
     * A finished node: {@code 2^level} chunks from chunk {@code index << level}. Merges it with its sibling while both
     * are done and the parent is complete; otherwise keeps it until its sibling, or the end, comes.
     */
    synchronized void put(int level, int index, double hi, double lo) {
        while ((long) ((index >> 1) + 1) << (level + 1) <= chunks) {
            long sibling = key(level, index ^ 1);
            int at = find(sibling);
            if (at < 0) {
                break;
            }
            if ((index & 1) == 0) {
                DoubleDouble.ddAdd(hi, lo, his[at], los[at], t, 0);
            } else {
                DoubleDouble.ddAdd(his[at], los[at], hi, lo, t, 0);
            }
            remove(at);
            hi = t[0];
            lo = t[1];
            level++;
            index >>= 1;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, 2 * size);
            his = Arrays.copyOf(his, 2 * size);
            los = Arrays.copyOf(los, 2 * size);
        }
        keys[size] = key(level, index);
        his[size] = hi;
        los[size] = lo;
        size++;
    }

    /** Level in the high half, index in the low: a node's identity. */
    private static long key(int level, int index) {
        return (long) level << 32 | index;
    }

    private int find(long key) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    private void remove(int at) {
        size--;
        keys[at] = keys[size];
        his[at] = his[size];
        los[at] = los[size];
    }

    /** After every chunk was put: the waiting nodes in chunk order, folded from the right; rounded to a double. */
    synchronized double result() {
        long[] order = new long[size]; // (first chunk << 8 | slot): the nodes left to right
        for (int i = 0; i < size; i++) {
            int level = (int) (keys[i] >>> 32);
            long first = (keys[i] & 0xFFFF_FFFFL) << level;
            order[i] = first << 8 | i;
        }
        Arrays.sort(order);
        int last = (int) (order[size - 1] & 0xFF);
        double h = his[last];
        double l = los[last];
        for (int k = size - 2; k >= 0; k--) {
            int i = (int) (order[k] & 0xFF);
            DoubleDouble.ddAdd(his[i], los[i], h, l, t, 0);
            h = t[0];
            l = t[1];
        }
        return h + l;
    }
}
