package dev.threadproof.runtime;

/**
 * The bottom layer of the worker arithmetic, used by {@link Workers}, {@link Env} and {@link WorkerPool} alike and
 * depending on none of them: the usable cores, the environment variable's name, and SciPy's rules for a count.
 */
final class WorkerCount {
    /** The cores this JVM may use (container- and affinity-aware: {@link Runtime#availableProcessors()}). */
    static final int USABLE_CORES = Math.max(1, Runtime.getRuntime().availableProcessors());

    /** The environment variable that sets the default worker count. */
    static final String ENV = "THREADPROOF_NUM_THREADS";

    private WorkerCount() {
    }

    /** SciPy's rules: n >= 1 as is; -1 all cores; -k all but k-1; 0 and below -cores rejected, naming {@code param}. */
    static int resolve(int n, int cores, String param) {
        if (n > 0) {
            return n;
        }
        if (n == 0) {
            throw new IllegalArgumentException(param + " must not be 0: use 1 for serial, -1 for all " + cores
                    + " usable cores, or a positive count");
        }
        if (n < -cores) {
            throw new IllegalArgumentException(param + " = " + n + " asks for all cores but " + (-n - 1) + ", and only "
                    + cores + " are usable: use a value from -" + cores + " to -1, or a positive count");
        }
        return cores + 1 + n;
    }
}
