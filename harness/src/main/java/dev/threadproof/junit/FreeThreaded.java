package dev.threadproof.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Immutable: runs every test method it covers (a method, or all test methods of a class and its nested classes) from
 * {@link #threads()} threads at once on the same test instance, {@link #iterations()} times, with a barrier before
 * each iteration.
 *
 * <pre>{@code
 * @FreeThreaded(threads = 8, iterations = 10)
 * class CacheTest {
 *     private final Cache cache = new Cache();          // one instance, shared by the 8 threads
 *
 *     @Test
 *     void getReturnsWhatWasPut() {                      // the unchanged test body, run 8 x 10 times
 *         cache.put("k", "v");
 *         assertEquals("v", cache.get("k"));
 *     }
 * }
 * }</pre>
 *
 * <p>An attribute left at {@code 0} is taken from the configuration ({@code threadproof.threads},
 * {@code threadproof.iterations}); without configuration, threads default to the usable cores (at least 2) and
 * iterations to 1. A method's annotation overrides its class's. {@link ThreadUnsafe} wins over both. Used on a class,
 * it also appends how each test runs to its display name ({@code [8 threads x 10]}).
 *
 * <p>Memory consistency effects: actions of the test thread before the test method (the constructor, {@code
 * @BeforeEach}) happen-before every harness thread's first action, and every action of every harness thread
 * happens-before {@code @AfterEach} and the end of the test.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(FreeThreadedExtension.class)
@DisplayNameGeneration(FreeThreadedDisplayNames.class)
public @interface FreeThreaded {

    /**
     * Immutable: how many harness threads run the body at once; {@code 0} takes {@code threadproof.threads}, else the
     * usable cores (at least 2).
     *
     * @return the thread count, {@code 0} for the configured default
     */
    int threads() default 0;

    /**
     * Immutable: how many times each harness thread runs the body; {@code 0} takes {@code threadproof.iterations},
     * else 1.
     *
     * @return the iteration count, {@code 0} for the configured default
     */
    int iterations() default 0;

    /**
     * Immutable: how the threads are scheduled; {@link Mode#CONFIGURED} takes {@code threadproof.mode}, else stress.
     *
     * @return the mode
     */
    Mode mode() default Mode.CONFIGURED;

    /** Immutable: how a free-threaded test's threads are scheduled. */
    enum Mode {
        /** The mode {@code threadproof.mode} names, else {@link #STRESS}. */
        CONFIGURED,
        /**
         * The threads run at once on the machine's CPUs, started together at a barrier, each iteration: what the
         * hardware and the JIT happen to show.
         */
        STRESS,
        /**
         * The threads (2 unless {@code threads} or {@code threadproof.threads} says otherwise, and every thread they
         * start) run under a controlled scheduler that picks the interleaving at each synchronization and
         * shared-memory access, for up to {@code threadproof.explore.iterations} schedules or
         * {@code threadproof.explore.time}; a failure prints its interleaving and a replay id.
         */
        EXPLORE
    }
}
