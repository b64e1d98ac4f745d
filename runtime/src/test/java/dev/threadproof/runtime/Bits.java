package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bit-for-bit comparison of floating-point results, raw bits included, for the reproducibility tests. */
final class Bits {
    private Bits() {
    }

    /** The raw bits of {@link Double#NaN}, the one NaN every floating-point reduction of the runtime returns. */
    static final long NAN_BITS = Double.doubleToRawLongBits(Double.NaN);

    /**
     * Fails unless {@code got} has the raw bits of {@code want}; a NaN {@code want} (a reference's arithmetic may make
     * any NaN) stands for {@link Double#NaN} itself, so a runtime result of another NaN fails.
     */
    static void assertSame(double want, double got, String what) {
        long expect = want != want ? NAN_BITS : Double.doubleToRawLongBits(want);
        assertEquals(expect, Double.doubleToRawLongBits(got), what + ": " + want + " vs " + got + " (raw bits "
                + Long.toHexString(Double.doubleToRawLongBits(got)) + ")");
    }
}
