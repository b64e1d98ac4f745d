package dev.threadproof.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Immutable: marks a field whose unsynchronized accesses are an intended, harmless data race, and says why.
 *
 * <p>threadproof's race detector ({@code -Dthreadproof.race=on}, module {@code threadproof-race}) reports every pair
 * of conflicting accesses to a field that happens-before does not order. A field that is raced on purpose (a racy
 * single-check cache of an immutable value, a statistics counter whose lost updates are acceptable) carries this
 * annotation where it is declared; the detector then does not report the field, and lists it with its reason in every
 * report, so the exception stays visible:
 *
 * <pre>{@code
 * @BenignRace("a racy single-check cache: String.hashCode's idiom, the value is a pure function of final fields")
 * private int hash;
 * }</pre>
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "an annotation type: its values are compile-time constants")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface BenignRace {

    /**
     * Immutable: why the race is harmless, in one sentence a reviewer can check.
     *
     * @return the reason, not empty
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    String value();
}
