package dev.threadproof.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Immutable: an {@code int} parameter of a test method (or of a {@link BeforeEachThread} method) that receives
 * the index of the harness thread running the body, {@code 0 .. threads-1}; {@code 0} when the test runs once.
 *
 * <p>The value is resolved per harness thread, so the same test body can pick its own slice of shared
 * work. It registers {@link FreeThreadedExtension}, so it works in any test class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@ExtendWith(FreeThreadedExtension.class)
public @interface ThreadIndex {
}
