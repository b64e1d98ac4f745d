package dev.threadproof.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each operator on a small source: where it applies, and the one-line diff of what it plants. */
class OperatorsTest {
    private static final String SRC = String.join("\n",
            "package p;",
            "import java.lang.invoke.VarHandle;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.atomic.AtomicInteger;",
            "import java.util.concurrent.locks.LockSupport;",
            "class Box {",
            "    private static final VarHandle H = null;",
            "    private volatile int state;",
            "    private int plain;",
            "    private final AtomicInteger count = new AtomicInteger();",
            "    private final ThreadLocal<int[]> scratch = ThreadLocal.withInitial(() -> new int[4]);",
            "    private final Object lock = new Object();",
            "    private final CountDownLatch done = new CountDownLatch(1);",
            "    synchronized void put(int v) {",
            "        plain = v;",
            "        state = 1;",
            "    }",
            "    void claim() {",
            "        synchronized (lock) {",
            "            if (plain == 0) {",
            "                plain = 1;",
            "            }",
            "        }",
            "    }",
            "    boolean cas(Object o) {",
            "        count.incrementAndGet();",
            "        return H.compareAndSet(o, 0, 1);",
            "    }",
            "    int read(Object o) {",
            "        return (int) H.getVolatile(o);",
            "    }",
            "    void finish() throws InterruptedException {",
            "        plain = 2;",
            "        done.countDown();",
            "        done.await();",
            "        while (state == 0) {",
            "            Thread.onSpinWait();",
            "        }",
            "        if (Thread.interrupted()) {",
            "            Thread.currentThread().interrupt();",
            "        }",
            "        LockSupport.park(this);",
            "    }",
            "}",
            "");

    private static List<String> diffs(String operator) {
        return MutantGenerator.mutate("p/Box.java", SRC, List.of(Operators.byName().get(operator))).stream()
                .map(m -> m.member() + ": " + m.diff()).collect(Collectors.toList());
    }

    @Test
    void removeVolatile() {
        assertEquals(List.of("state: - private volatile int state;  + private int state;"), diffs("REMOVE_VOLATILE"));
    }

    @Test
    void removeSynchronizedFromMethodsAndBlocks() {
        assertEquals(List.of("put: - synchronized void put(int v) {  + void put(int v) {"),
                diffs("REMOVE_SYNCHRONIZED_METHOD"));
        List<String> block = diffs("REMOVE_SYNCHRONIZED_BLOCK");
        assertEquals(1, block.size());
        assertTrue(block.get(0).startsWith("claim: - synchronized (lock) {"), block.get(0));
        assertFalse(block.get(0).substring(block.get(0).indexOf("  + ")).contains("synchronized"), block.get(0));
    }

    @Test
    void checkThenActMovesOutOfTheLock() {
        List<String> d = diffs("CHECK_THEN_ACT_OUTSIDE_LOCK");
        assertEquals(1, d.size());
        assertTrue(d.get(0).contains("+ if (plain == 0) { plain = 1; } synchronized (lock) {"), d.get(0));
    }

    @Test
    void splitReadModifyWritesOfAtomicsAndVarHandles() {
        assertEquals(List.of("cas: - count.incrementAndGet();  + MutantRaces.incrementAndGet(count);",
                "cas: - return H.compareAndSet(o, 0, 1);  + return MutantRaces.compareAndSet(H, o, 0, 1);"),
                diffs("SPLIT_RMW"));
    }

    @Test
    void weakenAccessModes() {
        assertEquals(List.of("read: - return (int) H.getVolatile(o);  + return (int) H.get(o);"),
                diffs("WEAKEN_ACCESS_MODE"));
    }

    @Test
    void deleteWaitsAndShortenSpins() {
        assertEquals(List.of("finish: - done.await();  + (nothing)", "finish: - LockSupport.park(this);  + (nothing)"),
                diffs("DELETE_WAIT"));
        assertEquals(List.of("finish: - while (state == 0) {  + while (false && (state == 0)) {"),
                diffs("SHORTEN_SPIN_WAIT"));
    }

    @Test
    void interruptOperators() {
        List<String> drop = diffs("DROP_INTERRUPT");
        assertEquals(1, drop.size());
        assertTrue(drop.get(0).startsWith("finish: - Thread.currentThread().interrupt();"), drop.get(0));
        assertFalse(drop.get(0).substring(drop.get(0).indexOf("  + ")).contains("interrupt"), drop.get(0));
        assertEquals(List.of("finish: - if (Thread.interrupted()) {  + if (Thread.currentThread().isInterrupted()) {"),
                diffs("SWAP_INTERRUPTED"));
    }

    @Test
    void releasesMoveEarlierAndStoresSwap() {
        assertEquals(List.of("finish: - plain = 2; done.countDown();  + done.countDown(); plain = 2;"),
                diffs("MOVE_RELEASE_EARLIER"));
        assertEquals(List.of("put: - plain = v; state = 1;  + state = 1; plain = v;"), diffs("SWAP_STORES"));
    }

    @Test
    void threadLocalBecomesShared() {
        assertEquals(List.of("scratch: - private final ThreadLocal<int[]> scratch = ThreadLocal.withInitial(() -> "
                + "new int[4]);  + private final ThreadLocal<int[]> scratch = MutantRaces.sharedThreadLocal(() -> "
                + "new int[4]);"), diffs("THREADLOCAL_TO_SHARED"));
    }

    @Test
    void everyMutantChangesTheSourceAndNamesItsLine() {
        List<Mutant> all = MutantGenerator.mutate("p/Box.java", SRC, Operators.all());
        // 1 + 1 + 1 + 1 + 2 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1 points in the source above
        assertEquals(15, all.size(), all.toString());
        for (Mutant m : all) {
            assertFalse(m.source().equals(SRC), m.id());
            assertTrue(m.line() > 0 && m.id().startsWith("Box.java:" + m.line() + ":" + m.operator()), m.id());
        }
        assertEquals(all.size(), all.stream().map(Mutant::id).distinct().count(), "ids are unique");
    }

    @Test
    void aFolderWithoutJavaFilesIsAnError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
        assertThrows(IllegalArgumentException.class, () -> MutantGenerator.generate(empty, Operators.all()));
        assertThrows(IllegalArgumentException.class,
                () -> MutantGenerator.generate(empty.resolve("missing"), Operators.all()));
    }
}
