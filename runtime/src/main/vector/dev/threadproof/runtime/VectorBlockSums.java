package dev.threadproof.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The array block loops of {@link DoubleDouble} on the Vector API ({@code jdk.incubator.vector}): the four
 * accumulators of the scalar loops are the four lanes of one 256-bit vector, so every lane performs exactly the
 * additions and subtractions of its scalar accumulator, in the same order, and the stored accumulators are bitwise the
 * scalar loops' ({@link ArrayBlockSums}). What changes is that the four TwoSum chains run as one vector instruction
 * stream instead of four scalar ones (docs/performance.md, "The Vector API path").
 *
 * <p>Compiled in its own source root ({@code src/main/vector}) with {@code --add-modules jdk.incubator.vector} and
 * loaded by name ({@link VectorPath}) only when that module is in the JVM's boot layer: without it this class is never
 * touched, and the library runs on a plain JDK 17 with no flags.
 *
 * <p>{@code sumBlock} and {@code dotBlock} are declared twins, line for line alike except for how element {@code i} is
 * read, as the scalar loops they match. They share no helper on purpose: a vector handed to another method is boxed,
 * and C2 then boxes it on every iteration (docs/performance.md, "The Vector API path").
 */
final class VectorBlockSums implements ArrayBlockSums {
    private static final VectorSpecies<Double> FOUR = DoubleVector.SPECIES_256;
    /**
     * The accumulators' starting value, read as a vector. Not {@code DoubleVector.zero(FOUR)}: with that start, C2 (JDK
     * 17) did not know the exact vector class after the loop in the calls' compilations ("missing constant:
     * vclass=DecodeN ... vlen=LoadI" with {@code -XX:+PrintIntrinsics}), the two {@code intoArray} stores fell back to
     * Java and boxed both vectors once per block: 527 KB per call of {@code ArrayOps.sum} at 2^24 values, 2.8 KB with
     * this start (JMH {@code -prof gc}, docs/performance.md).
     */
    private static final double[] ZEROS = new double[4];

    /**
     * Refuses to be made where 256-bit vectors are not native: the Vector API would then emulate them, slower than the
     * scalar loops.
     *
     * @throws UnsupportedOperationException if the preferred vector is narrower than four doubles
     */
    VectorBlockSums() {
        if (DoubleVector.SPECIES_PREFERRED.length() < FOUR.length()) {
            throw new UnsupportedOperationException("preferred vector holds "
                    + DoubleVector.SPECIES_PREFERRED.length() + " doubles; the vector loops need 4");
        }
    }

    @Override
    public void sumBlock(double[] x, int from, int to, double[] acc, int b) {
        DoubleVector s = DoubleVector.fromArray(FOUR, ZEROS, 0);
        DoubleVector c = DoubleVector.fromArray(FOUR, ZEROS, 0);
        int i = from;
        for (; i + 3 < to; i += 4) {
            DoubleVector v = DoubleVector.fromArray(FOUR, x, i);
            DoubleVector t = s.add(v);
            DoubleVector z = t.sub(s);
            c = c.add(s.sub(t.sub(z)).add(v.sub(z)));
            s = t;
        }
        // Stored by intrinsics in this method: a vector handed to another method must be boxed, which C2 then does on
        // every iteration.
        int o = DoubleDouble.SLOTS * b;
        s.intoArray(acc, o);
        c.intoArray(acc, o + 4);
        double s0 = acc[o];
        double c0 = acc[o + 4];
        for (; i < to; i++) { // the scalar loops' tail, into accumulator 0
            double x0 = x[i];
            double t0 = s0 + x0;
            double z0 = t0 - s0;
            c0 += (s0 - (t0 - z0)) + (x0 - z0);
            s0 = t0;
        }
        acc[o] = s0;
        acc[o + 4] = c0;
    }

    @Override
    public void dotBlock(double[] x, double[] y, int from, int to, double[] acc, int b) {
        DoubleVector s = DoubleVector.fromArray(FOUR, ZEROS, 0);
        DoubleVector c = DoubleVector.fromArray(FOUR, ZEROS, 0);
        int i = from;
        for (; i + 3 < to; i += 4) {
            DoubleVector v = DoubleVector.fromArray(FOUR, x, i).mul(DoubleVector.fromArray(FOUR, y, i));
            DoubleVector t = s.add(v);
            DoubleVector z = t.sub(s);
            c = c.add(s.sub(t.sub(z)).add(v.sub(z)));
            s = t;
        }
        int o = DoubleDouble.SLOTS * b;
        s.intoArray(acc, o);
        c.intoArray(acc, o + 4);
        double s0 = acc[o];
        double c0 = acc[o + 4];
        for (; i < to; i++) {
            double x0 = x[i] * y[i];
            double t0 = s0 + x0;
            double z0 = t0 - s0;
            c0 += (s0 - (t0 - z0)) + (x0 - z0);
            s0 = t0;
        }
        acc[o] = s0;
        acc[o + 4] = c0;
    }
}
