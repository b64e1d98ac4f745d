package dev.threadproof.runtime;

/** Run in a child JVM by {@link EnvTest}: prints what the environment defaults resolve to. */
public final class EnvProbe {
    private EnvProbe() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("defaultWorkers=" + Context.defaultCount(Context.current().limitInForce()));
        } catch (IllegalStateException e) {
            System.out.println("workersError=" + e.getMessage());
        }
        try {
            System.out.println("schedule=" + Env.resolve(Schedule.runtime()));
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            Parallel.range(100).schedule(Schedule.runtime()).forEach(i -> n.incrementAndGet());
            System.out.println("ran=" + n.get());
        } catch (IllegalStateException e) {
            System.out.println("scheduleError=" + e.getMessage());
        }
    }
}
