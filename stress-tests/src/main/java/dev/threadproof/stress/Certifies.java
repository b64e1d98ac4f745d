package dev.threadproof.stress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the runtime API members that a stress test proves, so the thread-safety report can join claims with evidence.
 * {@code type} is the simple name of a class of {@code dev.threadproof.runtime}; {@code members} are its method names.
 *
 * <p>The summary written by {@code ci/stress.sh} copies these names next to each test's outcome counts.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Certifies {
    /** The runtime class, by simple name. */
    String type();

    /** The members of {@link #type()} this test proves. */
    String[] members();
}
