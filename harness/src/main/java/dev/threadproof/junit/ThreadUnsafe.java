package dev.threadproof.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Immutable: marks a test (or all tests of a class) that must not run free-threaded; the harness runs it once, on
 * the test thread, and records {@link #reason()} in its summary and evidence.
 *
 * <pre>{@code
 * @Test
 * @ThreadUnsafe(reason = "sets the process-wide default Locale")
 * void formatsInGerman() { ... }
 * }</pre>
 *
 * <p>It is pytest-run-parallel's {@code thread_unsafe} marker. The reason is required: a test that opts out says why.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ThreadUnsafe {

    /**
     * Immutable: why the test cannot run from many threads at once.
     *
     * @return the reason, shown in the summary
     */
    String reason();
}
