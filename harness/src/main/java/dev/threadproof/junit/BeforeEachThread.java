package dev.threadproof.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Immutable: marks a non-static, non-private method of the test class that runs in each harness thread before its first iteration of a test, for per-thread set-up (a connection, a scratch buffer, a seeded random) kept in a {@code ThreadLocal} or indexed by {@link ThreadIndex}.
 *
 * <p>Its parameters may be {@link ThreadIndex}, {@link ThreadCount} and {@link ThreadTempDir}. Methods of
 * superclasses run before those of subclasses. When a test runs once (not free-threaded), the method runs once on the
 * test thread. A failure in it is that thread's failure, reported like a failure of the body.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BeforeEachThread {
}
