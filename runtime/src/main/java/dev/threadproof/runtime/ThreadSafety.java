package dev.threadproof.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Immutable: declares how an API element may be used from many threads; the same words open its Javadoc.
 *
 * <p>Every public type, constructor and method of threadproof carries this annotation, and the thread-safety report
 * joins each declaration with the evidence of the last certification run. The {@link #note()} states the condition of
 * a {@link Level#CONDITIONAL CONDITIONAL} element and, for the others, what the level does not cover.
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
     * Immutable: the four thread-safety levels of threadproof, from the strongest to the weakest.
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
