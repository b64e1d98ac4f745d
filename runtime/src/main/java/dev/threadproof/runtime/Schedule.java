package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable: how a parallel range's iterations are handed to its workers, as OpenMP's {@code schedule} clause and
 * Cython's {@code prange(schedule=...)}.
 *
 * <ul>
 *   <li>{@link #STATIC}: the iterations are cut into one contiguous block per worker, of sizes differing by at most
 *   one. Lowest overhead; best when every iteration costs the same.</li>
 *   <li>{@link #staticChunks(int) staticChunks(c)}: chunks of {@code c} iterations dealt round-robin to the workers.</li>
 *   <li>{@link #dynamic(int) dynamic(c)}: chunks of {@code c} iterations taken by whichever worker is free. Balances
 *   irregular work at the price of one atomic operation per chunk.</li>
 *   <li>{@link #guided(int) guided(minChunk)}: like dynamic, with chunks proportional to the remaining iterations
 *   divided by the number of workers, never smaller than {@code minChunk}.</li>
 *   <li>{@link #runtime()}: read from the environment variable {@value #ENV} at call time (as OpenMP's
 *   {@code OMP_SCHEDULE}), e.g. {@code dynamic,64}; {@code STATIC} when it is unset.</li>
 * </ul>
 * Every schedule runs every index exactly once; the schedule changes only which thread runs it and when.
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
public final class Schedule {

    /** Immutable: the environment variable read by {@link #runtime()}: {@value}. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final String ENV = "THREADPROOF_SCHEDULE";

    /** Immutable: the kinds of schedule. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "an enum")
    public enum Kind {
        /** Contiguous blocks, or chunks dealt round-robin when a chunk size is given. */
        STATIC,
        /** Chunks taken first come, first served. */
        DYNAMIC,
        /** Shrinking chunks taken first come, first served. */
        GUIDED,
        /** Resolved from {@value Schedule#ENV} at call time. */
        RUNTIME
    }

    /** Immutable: one contiguous block of iterations per worker. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final Schedule STATIC = new Schedule(Kind.STATIC, 0);

    private static final Schedule RUNTIME = new Schedule(Kind.RUNTIME, 0);

    private final Kind kind;
    /** Chunk size, or minimum chunk for GUIDED; 0 means "not given" (STATIC blocks, GUIDED minimum 1). */
    private final int chunk;

    private Schedule(Kind kind, int chunk) {
        this.kind = kind;
        this.chunk = chunk;
    }

    /**
     * Immutable: a static schedule dealing chunks of {@code chunk} iterations round-robin (OpenMP
     * {@code schedule(static, chunk)}).
     *
     * @param chunk iterations per chunk, at least 1
     * @return the schedule
     * @throws IllegalArgumentException if {@code chunk <= 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Schedule staticChunks(int chunk) {
        return new Schedule(Kind.STATIC, checkChunk(chunk, "chunk"));
    }

    /**
     * Immutable: a dynamic schedule handing out chunks of {@code chunk} iterations to whichever worker asks next
     * (OpenMP {@code schedule(dynamic, chunk)}).
     *
     * @param chunk iterations per chunk, at least 1
     * @return the schedule
     * @throws IllegalArgumentException if {@code chunk <= 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Schedule dynamic(int chunk) {
        return new Schedule(Kind.DYNAMIC, checkChunk(chunk, "chunk"));
    }

    /**
     * Immutable: a guided schedule whose chunks shrink with the remaining work, never below {@code minChunk}
     * iterations (OpenMP {@code schedule(guided, minChunk)}).
     *
     * @param minChunk the smallest chunk, at least 1
     * @return the schedule
     * @throws IllegalArgumentException if {@code minChunk <= 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Schedule guided(int minChunk) {
        return new Schedule(Kind.GUIDED, checkChunk(minChunk, "minChunk"));
    }

    /**
     * Immutable: the schedule named by the environment variable {@value #ENV} when a call runs (OpenMP
     * {@code schedule(runtime)}); {@link #STATIC} when the variable is unset or blank.
     *
     * <p>A malformed value makes every call that uses this schedule throw an {@link IllegalStateException} naming the
     * variable and its value, before any body runs.
     *
     * @return the runtime schedule
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Schedule runtime() {
        return RUNTIME;
    }

    /**
     * Immutable: parses a schedule written as in {@code OMP_SCHEDULE}: {@code static}, {@code static,16},
     * {@code dynamic}, {@code dynamic,64}, {@code guided}, {@code guided,8} (case and blanks ignored; a missing chunk is
     * a block for static and 1 for dynamic and guided).
     *
     * @param text the schedule text
     * @return the schedule
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is not such a schedule; the message quotes it
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Schedule parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim().toLowerCase(Locale.ROOT);
        int comma = t.indexOf(',');
        String name = (comma < 0 ? t : t.substring(0, comma)).trim();
        Integer chunk = null;
        if (comma >= 0) {
            String c = t.substring(comma + 1).trim();
            try {
                chunk = Integer.parseInt(c);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("schedule '" + text + "': chunk '" + c + "' is not an integer"
                        + "; expected e.g. 'static', 'static,16', 'dynamic,64' or 'guided,8'");
            }
            if (chunk <= 0) {
                throw new IllegalArgumentException("schedule '" + text + "': chunk must be at least 1, got " + chunk);
            }
        }
        switch (name) {
            case "static":
                return chunk == null ? STATIC : staticChunks(chunk);
            case "dynamic":
                return dynamic(chunk == null ? 1 : chunk);
            case "guided":
                return guided(chunk == null ? 1 : chunk);
            default:
                throw new IllegalArgumentException("schedule '" + text + "': unknown kind '" + name
                        + "'; expected static, dynamic or guided, optionally followed by ',chunk'");
        }
    }

    /**
     * Immutable: the kind of this schedule.
     *
     * @return the kind
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public Kind kind() {
        return kind;
    }

    /**
     * Immutable: the chunk size ({@code STATIC}, {@code DYNAMIC}) or minimum chunk ({@code GUIDED}); 0 for
     * {@link #STATIC} blocks and {@link #runtime()}.
     *
     * @return the chunk size, or 0
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int chunk() {
        return chunk;
    }


    private static int checkChunk(int chunk, String name) {
        if (chunk <= 0) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + chunk);
        }
        return chunk;
    }

    /**
     * Immutable: two schedules are equal when they have the same kind and chunk.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule && ((Schedule) o).kind == kind && ((Schedule) o).chunk == chunk;
    }

    /**
     * Immutable: a hash of kind and chunk.
     *
     * @return the hash
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + chunk;
    }

    /**
     * Immutable: the schedule in {@code OMP_SCHEDULE} syntax, e.g. {@code dynamic,64}; {@code runtime} for
     * {@link #runtime()}.
     *
     * @return the text, which {@link #parse(String)} reads back (except {@code runtime})
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    @Override
    public String toString() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return chunk == 0 ? name : name + "," + chunk;
    }
}
