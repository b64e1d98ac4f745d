package dev.threadproof.lincheck;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.SharedDoubleArray;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedDoubleArray} is linearizable against a plain {@code double[]} (see {@link AbstractDoubleArrayTest} for
 * the scope).
 *
 * <p>Both strategies, because they find different bugs: model checking explores thread interleavings systematically
 * under sequential consistency and prints the failing trace; stress runs real threads on real hardware, which is the
 * only way to see low-level memory-model effects (a missing fence) that model checking assumes away.
 */
@Certifies(type = SharedDoubleArray.class, members = {"get", "set", "getAndAdd", "addAndGet", "compareAndSet",
    "getAndSet", "accumulateAndGet"})
public class SharedDoubleArrayLincheckTest extends AbstractDoubleArrayTest {

    @Override
    Subject create() {
        SharedDoubleArray x = new SharedDoubleArray(2);
        return new Subject() {
            @Override
            public double get(int i) {
                return x.get(i);
            }

            @Override
            public void set(int i, double v) {
                x.set(i, v);
            }

            @Override
            public double getAndAdd(int i, double v) {
                return x.getAndAdd(i, v);
            }

            @Override
            public double addAndGet(int i, double v) {
                return x.addAndGet(i, v);
            }

            @Override
            public boolean compareAndSet(int i, double expect, double update) {
                return x.compareAndSet(i, expect, update);
            }

            @Override
            public double getAndSet(int i, double v) {
                return x.getAndSet(i, v);
            }

            @Override
            public double accumulateMax(int i, double v) {
                return x.accumulateAndGet(i, v, Math::max);
            }
        };
    }

    @Test
    void modelChecking() {
        assertNull(Lincheck.run(getClass(), PlainSpec.class, Lincheck.Strategy.MODEL_CHECKING, false));
    }

    @Test
    void stress() {
        assertNull(Lincheck.run(getClass(), PlainSpec.class, Lincheck.Strategy.STRESS, false));
    }
}
