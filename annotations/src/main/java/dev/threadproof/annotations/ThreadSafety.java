package dev.threadproof.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Immutable: declares how an API element may be used from many threads; the same words open its Javadoc.
 *
 * <p>Every public type, constructor and method of threadproof's runtime carries this annotation, and so may those of
 * any library: the thread-safety report (the {@code threadproof-maven-plugin}'s {@code report} goal, or
 * {@code ci/certify.sh} for the runtime) joins each declaration with the evidence of the last run, tests that name the
 * element with {@link Certifies}. The {@link #note()} states the condition of a {@link Level#CONDITIONAL CONDITIONAL}
 * element and, for the others, what the level does not cover.
 *
 * <pre>{@code
 * @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
 * public final class RateCounter { ... }
 * }</pre>
 *
 * <p>A member without its own annotation is {@code UNDECLARED} in the report even when its type is annotated: each
 * public member states its level. IMMUTABLE and CONFINED claim no concurrent use and need no evidence; THREAD_SAFE and
 * CONDITIONAL need a passing test that names them.
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "an annotation type: its values are compile-time constants")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface ThreadSafety {

    /**
     * Immutable: the declared level of the annotated element.
     *
     * @return the level
     */
    @ThreadSafety(level = Level.IMMUTABLE)
    Level level();

    /**
     * Immutable: the condition of a {@code CONDITIONAL} element, or what the level does not cover.
     *
     * @return a sentence, or the empty string
     */
    @ThreadSafety(level = Level.IMMUTABLE)
    String note() default "";

    /**
     * Immutable: the four thread-safety levels, from the strongest to the weakest.
     */
    @ThreadSafety(level = Level.IMMUTABLE, note = "an enum")
    enum Level {
        /** No observable state changes after construction; share freely. */
        IMMUTABLE,
        /** Any number of threads may call it at once, with no external locking; each call is linearizable. */
        THREAD_SAFE,
        /** Safe under the condition written in {@link ThreadSafety#note()}, e.g. "distinct indices per thread". */
        CONDITIONAL,
        /** One thread at a time; sharing needs external synchronization. */
        CONFINED
    }
}
