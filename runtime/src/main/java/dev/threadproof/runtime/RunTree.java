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
 * <p>Memory consistency effects: each {@link #put} happens-before the {@link #result} of the same call, through this
 * object's monitor (the callers read the result after the loop's join or barrier, which already orders it).
 *
 * @param <T> a node: a block's result, or the merge of two nodes; a merge may update and return either operand, which
 *            the tree owns from then on
 */
final class RunTree<T> {
    /** The node of the aligned span of {@code 2^level} blocks starting at block {@code first}. */
    interface Node<T> {
        T of(int first, int level);
    }

    private final int blocks;
    private final BinaryOperator<T> merge;
    private long[] keys = new long[8];
    private Object[] nodes = new Object[8];
    private int size;
    private T root;
    private boolean done;

    RunTree(int blocks, BinaryOperator<T> merge) {
        this.blocks = blocks;
        this.merge = merge;
    }

    /** Cuts the run {@code [lo, hi)} into its maximal aligned spans, left to right, and puts each span's node. */
    void run(int lo, int hi, Node<T> node) {
        while (lo < hi) {
            int level = 31 - Integer.numberOfLeadingZeros(hi - lo);
            if (lo != 0) {
                level = Math.min(level, Integer.numberOfTrailingZeros(lo));
            }
            put(level, lo >>> level, node.of(lo, level));
            lo += 1 << level;
        }
    }

    /**
     * A finished node: {@code 2^level} blocks from block {@code index << level}. While its sibling is waiting and their
     * parent is complete, takes the sibling out and merges (outside the monitor); then keeps what it holds.
     */
    void put(int level, int index, T value) {
        T v = value;
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
                    return;
                }
                @SuppressWarnings("unchecked")
                T taken = (T) nodes[at];
                sibling = taken;
                size--;
                keys[at] = keys[size];
                nodes[at] = nodes[size];
                nodes[size] = null;
            }
            v = (index & 1) == 0 ? merge.apply(v, sibling) : merge.apply(sibling, v);
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
