package dev.threadproof.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Immutable: names the API members that a test proves (a jcstress test, a Lincheck test, or a JUnit test run
 * free-threaded by threadproof-junit), so the thread-safety report can join each declared {@link ThreadSafety} level
 * with its evidence.
 *
 * <pre>{@code
 * @JCStressTest
 * @Certifies(type = SharedDoubleArray.class, members = {"addAndGet"})
 * public static class AddAtomicity { ... }
 * }</pre>
 *
 * <p>It goes on a test class (every test in it proves the members) or a test method. It is inherited, so a subclass
 * that runs the same test in another configuration certifies the same members. It lives in
 * {@code threadproof-annotations}, which depends on nothing, so a library's tests can use it without pulling in the
 * runtime; the runtime itself never reads it.
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "an annotation type")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Certifies {

    /**
     * Immutable: the type whose members the test proves.
     *
     * @return the type
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    Class<?> type();

    /**
     * Immutable: the names of the members of {@link #type()} that the test proves ({@code "<init>"} for constructors;
     * one name covers every overload).
     *
     * @return the member names
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    String[] members();
}
