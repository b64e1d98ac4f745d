package dev.threadproof.lincheck;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.SharedLongArray;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedLongArray} is linearizable against a plain {@code long[]}, over 2 indices and small values.
 *
 * <p>Scope: every single-element operation; {@code snapshot} is excluded (not atomic as a whole, by contract). Both
 * strategies run, for the reasons given in {@link SharedDoubleArrayLincheckTest}.
 */
@Certifies(type = SharedLongArray.class, members = {"get", "set", "getAndAdd", "addAndGet", "compareAndSet",
    "getAndSet", "accumulateAndGet"})
@Param(name = "i", gen = IntGen.class, conf = "0:1")
@Param(name = "v", gen = IntGen.class, conf = "-1:2")
public class SharedLongArrayLincheckTest {
    private final SharedLongArray a = new SharedLongArray(2);

    @Operation
    public long get(@Param(name = "i") int i) {
        return a.get(i);
    }

    @Operation
    public void set(@Param(name = "i") int i, @Param(name = "v") int v) {
        a.set(i, v);
    }

    @Operation
    public long getAndAdd(@Param(name = "i") int i, @Param(name = "v") int v) {
        return a.getAndAdd(i, v);
    }

    @Operation
    public long addAndGet(@Param(name = "i") int i, @Param(name = "v") int v) {
        return a.addAndGet(i, v);
    }

    @Operation
    public boolean compareAndSet(@Param(name = "i") int i, @Param(name = "v") int expect, @Param(name = "v") int update) {
        return a.compareAndSet(i, expect, update);
    }

    @Operation
    public long getAndSet(@Param(name = "i") int i, @Param(name = "v") int v) {
        return a.getAndSet(i, v);
    }

    @Operation
    public long accumulateMax(@Param(name = "i") int i, @Param(name = "v") int v) {
        return a.accumulateAndGet(i, v, Math::max);
    }

    /** The sequential specification: a plain {@code long[]}. */
    public static final class PlainSpec {
        private final long[] x = new long[2];

        public long get(int i) {
            return x[i];
        }

        public void set(int i, int v) {
            x[i] = v;
        }

        public long getAndAdd(int i, int v) {
            long old = x[i];
            x[i] += v;
            return old;
        }

        public long addAndGet(int i, int v) {
            return x[i] += v;
        }

        public boolean compareAndSet(int i, int expect, int update) {
            if (x[i] != expect) {
                return false;
            }
            x[i] = update;
            return true;
        }

        public long getAndSet(int i, int v) {
            long old = x[i];
            x[i] = v;
            return old;
        }

        public long accumulateMax(int i, int v) {
            return x[i] = Math.max(x[i], v);
        }
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
