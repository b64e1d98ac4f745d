package dev.threadproof.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.Parallel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Parallel blocks under concurrency: two callers run blocks on the shared pool at once; each team's thread ids are
 * unique and cover {@code 0 .. size-1}, and a member's writes before the barrier are visible to every member after it.
 *
 * <p>Run one: {@code ci/stress.sh --tests BlockStress}. Observed (smoke, JDK 17, 2 CPUs): "true, true" only.
 */
public class BlockStress {
    private BlockStress() {
    }

    /** Runs a block of up to 2 members; true if ids were unique and complete and the barrier published the writes. */
    static boolean block() {
        int[] seen = new int[2];
        int[] slots = new int[2];
        boolean[] ok = {true, true};
        int[] size = new int[1];
        Parallel.block(2, team -> {
            int id = team.threadId();
            seen[id]++;
            slots[id] = id + 10;
            if (id == 0) {
                size[0] = team.size();
            }
            team.barrier();
            for (int m = 0; m < team.size(); m++) {
                if (slots[m] != m + 10) {
                    ok[id] = false;
                }
            }
        });
        for (int m = 0; m < 2; m++) {
            if (seen[m] != (m < size[0] ? 1 : 0)) {
                return false;
            }
        }
        return ok[0] && ok[1];
    }

    @JCStressTest
    @Certifies(type = Parallel.class, members = {"block"})
    @Outcome(id = "true, true", expect = ACCEPTABLE,
            desc = "Both teams had unique, complete thread ids and their barriers published every member's writes.")
    @Outcome(expect = FORBIDDEN, desc = "A thread id repeated or was missing, or a write before the barrier was not "
            + "visible after it.")
    @State
    public static class TeamIdsAndBarrier {
        @Actor
        public void caller1(ZZ_Result r) {
            r.r1 = block();
        }

        @Actor
        public void caller2(ZZ_Result r) {
            r.r2 = block();
        }
    }
}
