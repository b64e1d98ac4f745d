package dev.threadproof.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The operations of a shared array of doubles, over a domain of 2 indices and small integral values (so every sum is
 * exact and any lost update shows). Subclasses choose the implementation: the real {@code SharedDoubleArray}, a plain
 * array (the sequential specification), or a broken twin (a negative control).
 *
 * <p>Linearizability scope: every single-element operation. {@code snapshot} is excluded: it reads elements one by one
 * and is documented as not atomic as a whole, so no sequential specification describes it.
 */
@Param(name = "i", gen = IntGen.class, conf = "0:1")
@Param(name = "v", gen = IntGen.class, conf = "-1:2")
public abstract class AbstractDoubleArrayTest {

    /** The operations under test. */
    interface Subject {
        double get(int i);

        void set(int i, double v);

        double getAndAdd(int i, double v);

        double addAndGet(int i, double v);

        boolean compareAndSet(int i, double expect, double update);

        double getAndSet(int i, double v);

        double accumulateMax(int i, double v);
    }

    private final Subject a = create();

    abstract Subject create();

    @Operation
    public double get(@Param(name = "i") int i) {
        return a.get(i);
    }

    @Operation
    public void set(@Param(name = "i") int i, @Param(name = "v") int v) {
        a.set(i, v);
    }

    @Operation
    public double getAndAdd(@Param(name = "i") int i, @Param(name = "v") int v) {
        return a.getAndAdd(i, v);
    }

    @Operation
    public double addAndGet(@Param(name = "i") int i, @Param(name = "v") int v) {
        return a.addAndGet(i, v);
    }

    @Operation
    public boolean compareAndSet(@Param(name = "i") int i, @Param(name = "v") int expect, @Param(name = "v") int update) {
        return a.compareAndSet(i, expect, update);
    }

    @Operation
    public double getAndSet(@Param(name = "i") int i, @Param(name = "v") int v) {
        return a.getAndSet(i, v);
    }

    @Operation
    public double accumulateMax(@Param(name = "i") int i, @Param(name = "v") int v) {
        return a.accumulateMax(i, v);
    }

    /** The sequential specification: a plain {@code double[]}. */
    public static final class PlainSpec extends AbstractDoubleArrayTest {
        @Override
        Subject create() {
            double[] x = new double[2];
            return new Subject() {
                @Override
                public double get(int i) {
                    return x[i];
                }

                @Override
                public void set(int i, double v) {
                    x[i] = v;
                }

                @Override
                public double getAndAdd(int i, double v) {
                    double old = x[i];
                    x[i] += v;
                    return old;
                }

                @Override
                public double addAndGet(int i, double v) {
                    return x[i] += v;
                }

                @Override
                public boolean compareAndSet(int i, double expect, double update) {
                    if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(expect)) {
                        return false;
                    }
                    x[i] = update;
                    return true;
                }

                @Override
                public double getAndSet(int i, double v) {
                    double old = x[i];
                    x[i] = v;
                    return old;
                }

                @Override
                public double accumulateMax(int i, double v) {
                    return x[i] = Math.max(x[i], v);
                }
            };
        }
    }
}
