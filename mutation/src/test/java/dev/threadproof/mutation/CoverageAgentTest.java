package dev.threadproof.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The member keys coverage counts a method's hits for, which must match how MutantGenerator names a member. */
class CoverageAgentTest {
    @Test
    void aMethodOfANestedClassCountsForTheOutermostType() {
        assertEquals("WorkerPool.run", CoverageAgent.keyOf("dev/threadproof/runtime/WorkerPool$Worker", "run"));
        assertEquals("WorkerPool.*", CoverageAgent.keyOf("dev/threadproof/runtime/WorkerPool", "*"));
    }

    @Test
    void aLambdaCountsForTheMemberItIsWrittenIn() {
        assertEquals("Engine.run", CoverageAgent.keyOf("a/Engine", "lambda$run$3"));
        assertEquals("Engine.<init>", CoverageAgent.keyOf("a/Engine", "lambda$new$0"));
        assertEquals("Engine.<clinit>", CoverageAgent.keyOf("a/Engine", "lambda$static$1"));
        assertEquals("Engine.<init>", CoverageAgent.keyOf("Engine", "<init>"));
    }
}
