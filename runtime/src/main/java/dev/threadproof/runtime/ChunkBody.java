package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;

/**
 * Conditionally thread-safe: a loop body that receives a whole chunk of a range, for tight inner loops; a parallel call
 * invokes it concurrently on disjoint chunks, so an implementation must tolerate that.
 *
 * <p>For a range with step 1 the chunk is the index interval {@code [lo, hi)}: {@code for (int i = lo; i < hi; i++)}
 * visits it. For any other step the chunk holds the indices {@code lo, lo + step, lo + 2*step, ...} that lie strictly
 * before {@code hi} in the direction of the step; {@code hi} never passes the range's {@code stop}. Walk it with a
 * {@code long} index, {@code for (long i = lo; step > 0 ? i < hi : i > hi; i += step) body((int) i);}: an {@code int}
 * index can wrap past {@code Integer.MAX_VALUE} (or {@code MIN_VALUE}) after the last index, e.g. in
 * {@code range(Integer.MAX_VALUE - 10, Integer.MAX_VALUE, 3)}, and then that loop never ends.
 */
@ThreadSafety(level = ThreadSafety.Level.CONDITIONAL,
        note = "invoked concurrently on disjoint chunks of one call; the implementation must be safe for that")
@FunctionalInterface
public interface ChunkBody {

    /**
     * Conditionally thread-safe: runs the iterations of one chunk; called concurrently on disjoint chunks.
     *
     * @param lo the first index of the chunk
     * @param hi the exclusive end of the chunk, in the direction of the step
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = "called concurrently on disjoint chunks")
    void run(int lo, int hi);
}
