package dev.threadproof.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Immutable: names the runtime API members that a test proves (a jcstress test, a Lincheck test, or a concurrent JUnit
 * test), so the thread-safety report can join each declared {@link ThreadSafety} level with its evidence.
 *
 * <pre>{@code
 * @JCStressTest
 * @Certifies(type = SharedDoubleArray.class, members = {"addAndGet"})
 * public static class AddAtomicity { ... }
 * }</pre>
 *
 * <p>It is inherited, so a subclass that runs the same test in another configuration certifies the same members.
 * It lives in the runtime so that every test module can use it without the runtime depending on any of them; the
 * runtime itself never reads it.
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "an annotation type")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Certifies {

    /**
     * Immutable: the runtime type whose members the test proves.
     *
     * @return the type
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    Class<?> type();

    /**
     * Immutable: the names of the methods of {@link #type()} that the test proves.
     *
     * @return the member names
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    String[] members();
}
