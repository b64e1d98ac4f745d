/**
 * threadproof's parallel numeric runtime: OpenMP/Cython-style parallel ranges and blocks, SciPy-style per-call
 * {@link dev.threadproof.runtime.Workers workers}, and the pools they run on.
 *
 * <h2>Thread-safety levels</h2>
 * Every public type and member states one of the four
 * {@link dev.threadproof.annotations.ThreadSafety.Level levels} in the first sentence of its Javadoc and in its
 * {@link dev.threadproof.annotations.ThreadSafety @ThreadSafety} annotation:
 * <em>Immutable</em>, <em>Thread-safe</em>, <em>Conditionally thread-safe</em> (the condition follows) or
 * <em>Confined</em>.
 *
 * <h2>Memory consistency of a parallel call</h2>
 * The wording below is defined once here and referred to as "the parallel-call edges" elsewhere. A
 * <em>parallel call</em> is any terminal operation of a {@link dev.threadproof.runtime.ParallelRange}
 * ({@code forEach}, {@code forEachChunk}) or a {@link dev.threadproof.runtime.Parallel#block Parallel.block}.
 * <ol>
 *   <li><b>Fork edge.</b> Actions in the calling thread prior to a parallel call <i>happen-before</i> every body
 *   invocation of that call, in whichever thread it runs.</li>
 *   <li><b>Join edge.</b> Every action of every body invocation of a parallel call <i>happens-before</i> the call
 *   returns or throws in the calling thread. When the call returns or throws, no body of it is still running.</li>
 *   <li><b>No edge between bodies.</b> Two body invocations of the same call are not ordered with respect to each
 *   other, except by a team barrier ({@link dev.threadproof.runtime.Team#barrier()}) or the implicit barrier that ends
 *   a team work-sharing loop: actions of every team member prior to a barrier <i>happen-before</i> actions of every
 *   member after it.</li>
 * </ol>
 * Bodies that write distinct array elements therefore need no synchronization of their own; bodies that update the
 * same location do, e.g. through a shared array of this package. How a call realizes these edges, file by file, is
 * the implementation overview at the top of {@code Engine}.
 *
 * <h2>Words</h2>
 * Each word below means one thing in this package's code, Javadoc and documents.
 * <dl>
 *   <dt>parallel block</dt><dd>the region that {@link dev.threadproof.runtime.Parallel#block Parallel.block} runs: a
 *   team of members, each running the same {@link dev.threadproof.runtime.BlockBody} (Cython's
 *   {@code with parallel():}). Always said in full; inside the runtime its job is a {@code TeamJob}.</dd>
 *   <dt>block</dt><dd>alone: a run of consecutive iterations or elements that one thread reduces in order, whose length
 *   depends only on the input's length ({@link dev.threadproof.runtime.ArrayOps#BLOCK}); block results are combined
 *   in a fixed tree.</dd>
 *   <dt>lane</dt><dd>one participant's share of a {@link dev.threadproof.runtime.Schedule#STATIC static} schedule.</dd>
 *   <dt>chunk</dt><dd>the unit a schedule hands out ({@link dev.threadproof.runtime.Schedule#dynamic(int)}, a static
 *   schedule with a chunk size), and the bounds a {@link dev.threadproof.runtime.ChunkBody} receives.</dd>
 *   <dt>limit</dt><dd>only the scoped default worker count of
 *   {@link dev.threadproof.runtime.Workers#limit(int) Workers.limit}, which the helpers of a call inherit.</dd>
 *   <dt>onlyIf</dt><dd>the condition under which a call may use threads
 *   ({@link dev.threadproof.runtime.ParallelRange#onlyIf(boolean)}; {@code isParallel()} reads it back).</dd>
 *   <dt>participant</dt><dd>a thread taking part in one call: the caller (participant 0) and the helpers, which are
 *   pool workers or executor tasks; in a parallel block, participants are called members.</dd>
 * </dl>
 */
package dev.threadproof.runtime;
