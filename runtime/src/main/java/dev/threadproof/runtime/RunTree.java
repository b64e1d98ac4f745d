package dev.threadproof.runtime;

import java.util.Arrays;
import java.util.function.BinaryOperator;

/**
 * Thread-safe (one per call; runs of blocks are put from the threads that ran them, under its monitor): the fixed tree
 * of a range reduction's block results ({@link Reductions}'s tree, bit for bit) built from runs of consecutive blocks
 * as they finish, in memory that grows with the number of runs in flight, not with the number of blocks. The range and
 * team reductions ({@link ParallelRange#sum}, {@link ParallelRange#reduce}, {@link TeamRange#sum}) use it; the array
 * kernels, whose chunks have a fixed size, use its allocation-free twin {@link BlockTreeSum}.
 *
 * <p>Why runs can be reduced where they ran. Every aligned power-of-two span of blocks {@code [k 2^j, (k + 1) 2^j)}
 * inside {@code [0, blocks)} is a node of the fixed tree (its left parts are complete aligned subtrees, and the rest
 * repeats the rule from an aligned start). A run {@code [lo, hi)} is cut into its maximal aligned spans, left to right;
 * the thread that ran it computes each span's node (on its stack, {@link Node}) and {@link #put}s it. A put node merges
 * with its sibling when the sibling is there and their parent lies inside {@code [0, blocks)}, left operand first;
 * otherwise it waits. After the last run, the waiting nodes are the tree's right spine in pieces, and the result is
 * their right fold in block order.
 *
 * <p>Merges run outside the monitor (a reducer's {@code combine} is user code), except in {@link #result}, which runs
 * once, after every run ended, when no other thread can want the monitor.
 *
 * <p><b>Recycling.</b> A tree made with {@code recycle} true reuses the nodes its merges drop: a merge returns one of
 * its operands, the other is no longer in the tree, and {@link #put} hands it (or one dropped earlier, kept on a free
 * stack under the monitor) back to its caller as the spare for the caller's next node. A call with one claim per block
 * ({@code dynamic(1)}) then allocates nodes for the most nodes alive at once, about {@code workers * log2(blocks)}, not
 * one per block. The caller keeps its spare between runs ({@link Context}), so a spare may serve the next call too.
 *
 * <p>Memory consistency effects: each {@link #put} happens-before the {@link #result} of the same call, through this
 * object's monitor (the callers read the result after the loop's join or barrier, which already orders it).
 *
 * @param <T> a node: a block's result, or the merge of two nodes; a merge may update and return either operand, which
 *            the tree owns from then on
 */
final class RunTree<T> {
    /** The node of the aligned span of {@code 2^level} blocks starting at block {@code first}. */
    interface Node<T> {
        /**
         * @param spare a node the tree no longer holds, to be reused as this one (its contents are stale), or null
         */
        T of(int first, int level, T spare);
    }

    private final int blocks;
    private final BinaryOperator<T> merge;
    private long[] keys = new long[8];
    private Object[] nodes = new Object[8];
    private int size;
    private T root;
    private boolean done;
    /** Nodes dropped by merges, for {@link #put} to hand out as spares; null when the tree does not recycle. */
    private Object[] free;
    private int freeSize;
    private final boolean recycle;

    /** A tree whose nodes are not reused (a merge may return a new object). */
    RunTree(int blocks, BinaryOperator<T> merge) {
        this(blocks, merge, false);
    }

    /**
     * @param recycle whether dropped nodes are handed out as spares: only where {@code merge} returns one of its
     *                operands and a node holds no state but its value
     */
    RunTree(int blocks, BinaryOperator<T> merge, boolean recycle) {
        this.blocks = blocks;
        this.merge = merge;
        this.recycle = recycle;
        this.free = recycle ? new Object[8] : null;
    }

    /**
     * Cuts the run {@code [lo, hi)} into its maximal aligned spans, left to right, and puts each span's node.
     *
     * @param spare a node for the run's first span to reuse, or null
     * @return a spare for the caller's next run, or null (always null when the tree does not recycle)
     */
    T run(int lo, int hi, T spare, Node<T> node) {
        T s = spare;
        while (lo < hi) {
            int level = 31 - Integer.numberOfLeadingZeros(hi - lo);
            if (lo != 0) {
                level = Math.min(level, Integer.numberOfTrailingZeros(lo));
            }
            s = put(level, lo >>> level, node.of(lo, level, s));
            lo += 1 << level;
        }
        return s;
    }

    /**
     * A finished node: {@code 2^level} blocks from block {@code index << level}. While its sibling is waiting and their
     * parent is complete, takes the sibling out and merges (outside the monitor); then keeps what it holds.
     *
     * @return a spare node for the caller (the node its last merge dropped, else one from the free stack), or null
     */
    T put(int level, int index, T value) {
        T v = value;
        T dropped = null;
        for (;;) {
            T sibling;
            synchronized (this) {
                int at = parentInside(level, index, blocks) ? find(keys, size, key(level, index ^ 1)) : -1;
                if (at < 0) {
                    if (size == keys.length) {
                        keys = Arrays.copyOf(keys, 2 * size);
                        nodes = Arrays.copyOf(nodes, 2 * size);
                    }
                    keys[size] = key(level, index);
                    nodes[size] = v;
                    size++;
                    if (dropped != null || freeSize == 0) {
                        return dropped;
                    }
                    @SuppressWarnings("unchecked")
                    T spare = (T) free[--freeSize];
                    free[freeSize] = null;
                    return spare;
                }
                @SuppressWarnings("unchecked")
                T taken = (T) nodes[at];
                sibling = taken;
                size--;
                keys[at] = keys[size];
                nodes[at] = nodes[size];
                nodes[size] = null;
                if (dropped != null) {
                    if (freeSize == free.length) {
                        free = Arrays.copyOf(free, 2 * freeSize);
                    }
                    free[freeSize++] = dropped;
                    dropped = null;
                }
            }
            T merged = (index & 1) == 0 ? merge.apply(v, sibling) : merge.apply(sibling, v);
            if (recycle) {
                dropped = merged == v ? sibling : v;
            }
            v = merged;
            level++;
            index >>= 1;
        }
    }

    /** Level in the high half, index in the low: a node's identity (here and in {@link BlockTreeSum}). */
    static long key(int level, int index) {
        return (long) level << 32 | index;
    }

    /** Whether the parent of node {@code (level, index)} lies inside a tree of {@code leaves} leaves. */
    static boolean parentInside(int level, int index, int leaves) {
        return (long) ((index >> 1) + 1) << (level + 1) <= leaves;
    }

    /** The slot of {@code key} among the first {@code size} keys, or -1. */
    static int find(long[] keys, int size, long key) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /** The slots of the first {@code size} nodes in the order of their first leaf: the nodes left to right. */
    static int[] leftToRight(long[] keys, int size) {
        long[] order = new long[size]; // first leaf << 20 | slot
        for (int i = 0; i < size; i++) {
            int level = (int) (keys[i] >>> 32);
            long first = (keys[i] & 0xFFFF_FFFFL) << level;
            order[i] = first << 20 | i;
        }
        Arrays.sort(order);
        int[] slots = new int[size];
        for (int k = 0; k < size; k++) {
            slots[k] = (int) (order[k] & 0xF_FFFF);
        }
        return slots;
    }

    /**
     * After every run was put: the waiting nodes in block order, folded from the right; computed once, then the same
     * object for every caller (the members of a team each ask).
     */
    synchronized T result() {
        if (!done) {
            int[] slots = leftToRight(keys, size);
            @SuppressWarnings("unchecked")
            T acc = (T) nodes[slots[size - 1]];
            for (int k = size - 2; k >= 0; k--) {
                @SuppressWarnings("unchecked")
                T left = (T) nodes[slots[k]];
                acc = merge.apply(left, acc);
            }
            root = acc;
            done = true;
        }
        return root;
    }
}
