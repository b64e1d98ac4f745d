package dev.threadproof.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.D_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Broken twins of {@code SharedDoubleArray}: what its atomic add and volatile accesses avoid.
 *
 * <p>Run: {@code ci/stress.sh --tests Broken}. Expected: the interesting outcome of each test is observed.
 */
public class BrokenSharedArrayStress {
    private BrokenSharedArrayStress() {
    }

    /** A plain {@code +=} on a {@code double[]} element where {@code SharedDoubleArray.addAndGet} belongs. */
    @JCStressTest
    @Outcome(id = "2.0", expect = ACCEPTABLE, desc = "Both plain additions happened to land.")
    @Outcome(id = "1.0", expect = ACCEPTABLE_INTERESTING,
            desc = "An addition was lost: the read-modify-write of a plain += is not atomic. The control is caught.")
    @Outcome(expect = FORBIDDEN, desc = "A value no interleaving of two increments produces.")
    @State
    public static class PlainAddLosesUpdates {
        final double[] a = new double[1];

        @Actor
        public void actor1() {
            a[0] += 1.0;
        }

        @Actor
        public void actor2() {
            a[0] += 1.0;
        }

        @Arbiter
        public void arbiter(D_Result r) {
            r.r1 = a[0];
        }
    }

    /**
     * A missing volatile: with plain fields the store of one thread may still sit in its store buffer when the other
     * thread loads, so both threads can read the old values (Dekker's store-load reordering), which volatile accesses
     * (as in the shared arrays) forbid.
     */
    @JCStressTest
    @Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "An interleaving of the two threads.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING,
            desc = "Both loads passed the other thread's store: sequential consistency needs volatile. Caught.")
    @State
    public static class MissingVolatileReordersStoreAndLoad {
        int x;
        int y;

        @Actor
        public void actor1(II_Result r) {
            x = 1;
            r.r1 = y;
        }

        @Actor
        public void actor2(II_Result r) {
            y = 1;
            r.r2 = x;
        }
    }

    /**
     * A plain read in a spin loop: the JIT may read the element once, before the loop, and the loop then never sees
     * the other thread's store and never ends (what {@code SharedLongArray.get}'s volatile read avoids).
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The plain read happened to be made again.")
    @Outcome(id = "STALE", expect = ACCEPTABLE_INTERESTING,
            desc = "The plain read was hoisted out of the loop and the spin never ended. Caught.")
    @State
    public static class PlainSpinNeverSeesTheSet {
        final long[] a = new long[1];

        @Actor
        public void spin() {
            while (a[0] == 0) {
                // spin on a plain read
            }
        }

        @Signal
        public void signal() {
            a[0] = 1;
        }
    }
}
