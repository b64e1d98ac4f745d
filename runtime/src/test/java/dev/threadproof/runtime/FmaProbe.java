package dev.threadproof.runtime;

/** Run in a child JVM by {@link FmaIndependenceTest}: prints the raw bits of reductions and whether FMA was used. */
public final class FmaProbe {
    private FmaProbe() {
    }

    public static void main(String[] args) {
        double[] x = Inputs.cancelling(300_001, 42, 8);
        double[] y = Inputs.twelveDecades(300_001, 43);
        System.out.println("fma=" + DoubleDouble.FMA);
        System.out.println("sum=" + Long.toHexString(Double.doubleToRawLongBits(ArrayOps.sum(x))));
        System.out.println("dot=" + Long.toHexString(Double.doubleToRawLongBits(ArrayOps.dot(x, y))));
        System.out.println("range=" + Long.toHexString(Double.doubleToRawLongBits(
                Parallel.range(x.length).workers(2).sum(i -> x[i] * 0.5))));
    }
}
