package dev.threadproof.runtime;

import static dev.threadproof.runtime.KernelDriver.BLOCK;

import java.util.Arrays;

/**
 * Thread-safe (one per call; its chunks are put from the team's threads under its monitor): the fixed tree of an array
 * kernel's block results ({@link Reductions}'s tree, bit for bit) built as the blocks finish, in O(workers log n)
 * memory instead of a buffer of every block's result. The array reductions that combine block results in the fixed
 * tree use it: {@code sum}, {@code dot} and {@code norm2}'s one pass (double-double pairs, {@link #sum}),
 * {@code variance} (counts, means and squared deviations) and {@code norm2}'s scaled pass (Blue's three sums).
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
 * <p>A node is {@link Rule#width()} doubles; a {@link Rule} says how a block becomes a node and how two nodes merge.
 * Nothing is allocated per block or per chunk: each team member holds one scratch, the tree one table.
 *
 * <p>Memory consistency effects: each {@link #put} happens-before the {@link #result} of the same call, through this
 * object's monitor (the caller reads the result after the team's join, which already orders it).
 */
final class BlockTreeSum {
    /** A block's raw accumulators into {@code acc} at block 0 ({@link DoubleDouble#sumBlock}'s layout). */
    interface BlockKernel {
        void accumulate(double[] acc, int from, int to);
    }

    /**
     * Immutable (a stateless strategy; its work objects are confined to one team member): what a node of the tree is.
     *
     * @param <W> a team member's work space for {@link #leaf}, made once per member by {@link #work()}
     */
    interface Rule<W> {
        /** Doubles per node. */
        int width();

        /** A new work space, confined to the team member that asked for it. */
        W work();

        /** Block {@code [from, to)}'s node into {@code out[at .. at + width)}. */
        void leaf(W work, int from, int to, double[] out, int at);

        /**
         * The node {@code left} merged with the node {@code right} (left operand first) into {@code out[o ..)}; every
         * input is read before {@code out} is written, so {@code out} may be either input.
         */
        void merge(double[] l, int lo, double[] r, int ro, double[] out, int o);
    }

    private final Rule<?> rule;
    private final int width;
    private final int chunks;
    private long[] keys;
    private double[] nodes;
    private int size;
    private final double[] t;

    private BlockTreeSum(Rule<?> rule, int chunks, int capacity) {
        this.rule = rule;
        this.width = rule.width();
        this.chunks = chunks;
        this.keys = new long[capacity];
        this.nodes = new double[capacity * width];
        this.t = new double[width];
    }

    /** Blocks per chunk for {@code nb} blocks: a power of two, at most 16 (64 Ki elements), about 64 chunks or more. */
    static int chunkBlocks(int nb) {
        return Integer.highestOneBit(Math.max(1, Math.min(16, nb / 64)));
    }

    /**
     * The fixed-tree double-double sum of the kernel over the blocks of an array of length {@code n}, rounded to a
     * double: serial in the caller when no workers are given and {@code n} is below {@code threshold}, else on a team
     * whose members each hold one scratch.
     */
    static double sum(int n, Workers workers, int threshold, BlockKernel kernel) {
        double[] root = reduce(n, workers, threshold, new DoubleDoubleRule(kernel));
        return root == null ? 0.0 : root[0] + root[1];
    }

    /**
     * The root of the fixed tree of {@code rule}'s block nodes over an array of length {@code n} (a new array of
     * {@code rule.width()} doubles), or null when {@code n} is 0: serial in the caller when no workers are given and
     * {@code n} is below {@code threshold}, else on a team whose members each hold one work space and one counter.
     */
    static <W> double[] reduce(int n, Workers workers, int threshold, Rule<W> rule) {
        int nb = Reductions.blockCount(n, BLOCK);
        if (nb == 0) {
            return null;
        }
        int g = chunkBlocks(nb);
        int chunks = (nb + g - 1) / g;
        int levels = 33 - Integer.numberOfLeadingZeros(chunks); // bits of the chunk count, plus one
        BlockTreeSum tree = new BlockTreeSum(rule, chunks, 4 * levels);
        KernelDriver.perMemberChunks(n, chunks, workers, threshold, () -> new Counter<>(rule),
                (s, c) -> tree.chunk(s, rule, c, g, nb, n));
        return tree.result();
    }

    /** Confined to one team member: the rule's work space and the chunk's binary counter. */
    static final class Counter<W> {
        final W work;
        final double[] nodes; // a chunk has at most 16 blocks: at most 5 subtrees on the counter, plus one leaf
        final int[] blocks = new int[6];

        Counter(Rule<W> rule) {
            this.work = rule.work();
            this.nodes = new double[6 * rule.width()];
        }
    }

    /** Runs chunk {@code c}'s blocks in order into its subtree and puts it. */
    private <W> void chunk(Counter<W> s, Rule<W> rule, int c, int g, int nb, int n) {
        int w = width;
        double[] v = s.nodes;
        int depth = 0;
        for (int b = c * g, end = Math.min(c * g + g, nb); b < end; b++) {
            rule.leaf(s.work, KernelDriver.from(b), KernelDriver.to(b, n), v, depth * w);
            s.blocks[depth] = 1;
            depth++;
            while (depth >= 2 && s.blocks[depth - 1] == s.blocks[depth - 2]) { // two complete subtrees: left first
                rule.merge(v, (depth - 2) * w, v, (depth - 1) * w, v, (depth - 2) * w);
                depth--;
                s.blocks[depth - 1] *= 2;
            }
        }
        int top = (depth - 1) * w;
        for (int i = depth - 2; i >= 0; i--) { // a shorter last chunk: the largest part first, the rest to its right
            rule.merge(v, i * w, v, top, v, top);
        }
        put(0, c, v, top);
    }

    /**
     * A finished node ({@code src[at ..)}): {@code 2^level} chunks from chunk {@code index << level}. Merges it with its
     * sibling while both are done and the parent is complete; otherwise keeps it until its sibling, or the end, comes.
     */
    synchronized void put(int level, int index, double[] src, int at) {
        System.arraycopy(src, at, t, 0, width);
        while (RunTree.parentInside(level, index, chunks)) {
            int found = RunTree.find(keys, size, RunTree.key(level, index ^ 1));
            if (found < 0) {
                break;
            }
            if ((index & 1) == 0) {
                rule.merge(t, 0, nodes, found * width, t, 0);
            } else {
                rule.merge(nodes, found * width, t, 0, t, 0);
            }
            remove(found);
            level++;
            index >>= 1;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, 2 * size);
            nodes = Arrays.copyOf(nodes, 2 * size * width);
        }
        keys[size] = RunTree.key(level, index);
        System.arraycopy(t, 0, nodes, size * width, width);
        size++;
    }

    private void remove(int at) {
        size--;
        keys[at] = keys[size];
        System.arraycopy(nodes, size * width, nodes, at * width, width);
    }

    /** After every chunk was put: the waiting nodes in chunk order, folded from the right, as a new array. */
    synchronized double[] result() {
        int[] slots = RunTree.leftToRight(keys, size);
        double[] root = Arrays.copyOfRange(nodes, slots[size - 1] * width, slots[size - 1] * width + width);
        for (int k = size - 2; k >= 0; k--) {
            rule.merge(nodes, slots[k] * width, root, 0, root, 0);
        }
        return root;
    }

    /** The compensated sums' nodes: a block's four accumulators finished into a double-double (hi, lo). */
    private static final class DoubleDoubleRule implements Rule<double[]> {
        private final BlockKernel kernel;

        DoubleDoubleRule(BlockKernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public int width() {
            return 2;
        }

        @Override
        public double[] work() {
            return new double[DoubleDouble.SLOTS + 4]; // the raw accumulators, then finishBlock's four results
        }

        @Override
        public void leaf(double[] work, int from, int to, double[] out, int at) {
            kernel.accumulate(work, from, to);
            DoubleDouble.finishBlock(work, 0, work, DoubleDouble.SLOTS);
            out[at] = work[DoubleDouble.SLOTS];
            out[at + 1] = work[DoubleDouble.SLOTS + 1];
        }

        @Override
        public void merge(double[] l, int lo, double[] r, int ro, double[] out, int o) {
            DoubleDouble.ddAdd(l[lo], l[lo + 1], r[ro], r[ro + 1], out, o);
        }
    }
}
