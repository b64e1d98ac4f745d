package dev.threadproof.bugbench;

import dev.threadproof.junit.Explore;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not thread-safe (a command): explore mode's cost per schedule, measured on bodies that do almost nothing (so the
 * figure is the engine's and the harness's own): an empty body and one shared increment, from 1, 2 and 4 threads,
 * each explored for a fixed number of schedules after a warm-up exploration.
 *
 * <p>Arguments (optional): {@code schedules} (default 1000).
 */
public final class ExploreCost {
    private ExploreCost() {
    }

    /**
     * Prints one line per case: threads, body, schedules run, milliseconds, milliseconds per schedule.
     *
     * @param args schedules
     */
    public static void main(String[] args) {
        int schedules = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Explore.run("cost-warm-up", 2, schedules, Duration.ofMinutes(5), t -> { });
        for (int threads : new int[] {1, 2, 4}) {
            for (String body : new String[] {"empty", "increment"}) {
                AtomicInteger shared = new AtomicInteger();
                Explore.Result r = Explore.run("cost-" + threads + "-" + body, threads, schedules,
                        Duration.ofMinutes(5), body.equals("empty") ? t -> { } : t -> shared.incrementAndGet());
                System.out.printf(Locale.ROOT, "%d threads, %s body: %d schedules in %d ms, %.2f ms per schedule%n",
                        threads, body, r.schedules(), r.millis(), (double) r.millis() / Math.max(1, r.schedules()));
            }
        }
        System.exit(0);
    }
}
