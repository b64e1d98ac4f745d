package dev.threadproof.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Immutable: a {@link java.nio.file.Path} or {@link java.io.File} parameter of a test method (or of a
 * {@link BeforeEachThread} method) that receives a temporary directory of the harness thread's own.
 *
 * <p>Each harness thread gets its own empty directory, kept for all its iterations of one test invocation and deleted
 * with its contents when the invocation ends. JUnit's {@code @TempDir} is one directory per test, shared by all
 * harness threads; use this one when threads must not see each other's files.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@ExtendWith(FreeThreadedExtension.class)
public @interface ThreadTempDir {
}
