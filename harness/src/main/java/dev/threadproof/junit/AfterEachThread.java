package dev.threadproof.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Immutable: marks a non-static, non-private method of the test class that runs in each harness thread after its last iteration of a test, even when an iteration failed, for per-thread clean-up.
 *
 * <p>Its parameters may be {@link ThreadIndex}, {@link ThreadCount} and {@link ThreadTempDir}. Methods of
 * subclasses run before those of superclasses. When a test runs once (not free-threaded), the method runs once on the
 * test thread. A failure in it is that thread's failure, reported like a failure of the body.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AfterEachThread {
}
