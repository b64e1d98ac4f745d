package dev.threadproof.lincheck;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/**
 * Negative control: a shared array whose additions are a get followed by a set, the bug {@code SharedDoubleArray}'s
 * compare-and-set loop avoids. Lincheck must find the lost update; if it does not, the budget cannot catch this kind of
 * bug and the build fails. Model checking finds it deterministically within the smallest budget, so the control runs
 * that strategy.
 */
public class BrokenGetThenSetAddLincheckTest extends AbstractDoubleArrayTest {

    @Override
    Subject create() {
        double[] x = new double[2];
        return new Subject() {
            private volatile double[] cells = x;

            @Override
            public double get(int i) {
                return cells[i];
            }

            @Override
            public void set(int i, double v) {
                cells[i] = v;
            }

            @Override
            public double getAndAdd(int i, double v) {
                double old = get(i);  // Broken: another thread may add between this read...
                set(i, old + v);      // ...and this write, and its addition is lost.
                return old;
            }

            @Override
            public double addAndGet(int i, double v) {
                return getAndAdd(i, v) + v;
            }

            @Override
            public boolean compareAndSet(int i, double expect, double update) {
                synchronized (this) {
                    if (Double.doubleToRawLongBits(cells[i]) != Double.doubleToRawLongBits(expect)) {
                        return false;
                    }
                    cells[i] = update;
                    return true;
                }
            }

            @Override
            public synchronized double getAndSet(int i, double v) {
                double old = cells[i];
                cells[i] = v;
                return old;
            }

            @Override
            public synchronized double accumulateMax(int i, double v) {
                return cells[i] = Math.max(cells[i], v);
            }
        };
    }

    @Test
    void modelCheckingCatchesTheLostUpdate() {
        assertNotNull(Lincheck.run(getClass(), PlainSpec.class, Lincheck.Strategy.MODEL_CHECKING, true),
                "Lincheck passed a get-then-set addition: the budget cannot catch a lost update");
    }
}
