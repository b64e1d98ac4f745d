package dev.threadproof.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Test classes that {@link HarnessTest} runs through JUnit's {@code EngineTestKit}; nested, so Surefire does not run
 * them on its own. Each records what happened in static fields that the harness test resets and reads.
 */
final class HarnessFixtures {
    private HarnessFixtures() {
    }

    /** What the fixtures saw; reset before each engine run. */
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    static final Set<Object> INSTANCES = ConcurrentHashMap.newKeySet();
    static final Set<String> THREAD_NAMES = ConcurrentHashMap.newKeySet();
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    static final List<Path> DIRS = new CopyOnWriteArrayList<>();
    static final AtomicInteger BODIES = new AtomicInteger();
    static volatile CountDownLatch release = new CountDownLatch(1);
    static volatile CountDownLatch ALL_IN = new CountDownLatch(4);

    static void reset() {
        EVENTS.clear();
        INSTANCES.clear();
        THREAD_NAMES.clear();
        SEEN.clear();
        DIRS.clear();
        BODIES.set(0);
        release = new CountDownLatch(1);
        ALL_IN = new CountDownLatch(4);
    }

    /** An annotation named like threadproof's, in another package: the harness reads any {@code Certifies}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface Certifies {
        Class<?> type();

        String[] members();
    }

    /** Plain tests, no harness annotation: free-threaded only when the run sets threadproof.threads. */
    static class Plain {
        @BeforeEach
        void before() {
            EVENTS.add("before " + Thread.currentThread().getName());
        }

        @Test
        void body() {
            INSTANCES.add(this);
            THREAD_NAMES.add(Thread.currentThread().getName());
            BODIES.incrementAndGet();
        }

        @AfterEach
        void after() {
            EVENTS.add("after " + Thread.currentThread().getName() + " bodies=" + BODIES.get());
        }
    }

    @FreeThreaded(threads = 3, iterations = 4)
    static class Annotated {
        @Test
        void body(@ThreadIndex int thread, @IterationIndex int iteration, @ThreadCount int count) {
            INSTANCES.add(this);
            THREAD_NAMES.add(Thread.currentThread().getName());
            SEEN.add(thread + "/" + iteration + "/" + count);
            BODIES.incrementAndGet();
        }
    }

    static class MethodLevel {
        @Test
        @FreeThreaded(threads = 2, iterations = 5)
        void body() {
            BODIES.incrementAndGet();
        }

        @Test
        void notAnnotated() {
            EVENTS.add("plain " + Thread.currentThread().getName());
        }
    }

    @FreeThreaded(threads = 2, iterations = 3)
    static class Templates {
        @RepeatedTest(2)
        void repeated(@ThreadIndex int thread) {
            SEEN.add("repeated " + thread);
            BODIES.incrementAndGet();
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "b"})
        void parameterized(String value, @ThreadIndex int thread) {
            SEEN.add(value + " " + thread);
            BODIES.incrementAndGet();
        }
    }

    @FreeThreaded(threads = 3, iterations = 2)
    static class PerThread {
        private final ThreadLocal<String> setUp = new ThreadLocal<>();

        @BeforeEachThread
        void setUp(@ThreadIndex int thread, @ThreadCount int count) {
            setUp.set("set up " + thread + " of " + count + " on " + Thread.currentThread().getName());
            EVENTS.add(setUp.get());
        }

        @Test
        void body(@ThreadIndex int thread, @IterationIndex int iteration, @ThreadTempDir Path dir) throws Exception {
            assertEquals("set up " + thread + " of 3 on " + Thread.currentThread().getName(), setUp.get());
            if (!DIRS.contains(dir)) {
                DIRS.add(dir);
            }
            Path f = dir.resolve("mine.txt");
            Files.writeString(f, Files.exists(f) ? Files.readString(f) + thread : String.valueOf(thread));
            // Another thread writing here would add its own digit.
            assertEquals(String.valueOf(thread).repeat(iteration + 1), Files.readString(f));
            BODIES.incrementAndGet();
        }

        @AfterEachThread
        void tearDown(@ThreadIndex int thread) {
            EVENTS.add("torn down " + thread);
        }
    }

    @FreeThreaded(threads = 4, iterations = 3)
    static class Failing {
        @Test
        void failsInSomeThreads(@ThreadIndex int thread, @IterationIndex int iteration) throws Exception {
            BODIES.incrementAndGet();
            if (iteration == 1) {
                // All four threads are inside iteration 1 before any fails, so both failures happen.
                ALL_IN.countDown();
                assertTrue(ALL_IN.await(10, TimeUnit.SECONDS), "all four threads in iteration 1");
            }
            if (iteration == 1 && thread >= 2) {
                throw new IllegalStateException("thread " + thread + " broke in iteration " + iteration);
            }
        }
    }

    @FreeThreaded(threads = 2, iterations = 2)
    static class Assertion {
        @Test
        void comparesValues(@ThreadIndex int thread) {
            assertEquals(1, thread + 1, "thread " + thread);
        }
    }

    @FreeThreaded(threads = 3)
    static class Hanging {
        @Test
        void waitsForever() throws InterruptedException {
            release.await(); // until the watchdog interrupts it
        }
    }

    @FreeThreaded(threads = 2)
    static class Unsafe {
        @Test
        @ThreadUnsafe(reason = "changes the default locale")
        void marked() {
            THREAD_NAMES.add(Thread.currentThread().getName());
            BODIES.incrementAndGet();
        }

        @Test
        void setsLocaleTwoLevelsDown() {
            THREAD_NAMES.add(Thread.currentThread().getName());
            BODIES.incrementAndGet();
            Helpers.levelOne();
        }

        @Test
        void redirectsOutInALambda() {
            BODIES.incrementAndGet();
            Runnable r = () -> System.setOut(System.out);
            r.run();
        }

        @Test
        void callsAConfiguredGlobal() {
            BODIES.incrementAndGet();
            Helpers.resetGlobals();
        }

        @Test
        void callsAGlobalThreeLevelsDown() {
            BODIES.incrementAndGet();
            Helpers.levelOneOfThree();
        }
    }

    /** Calls at several depths below a test method. */
    static final class Helpers {
        private Helpers() {
        }

        static void levelOne() {
            levelTwo();
        }

        static void levelTwo() {
            Locale.setDefault(Locale.getDefault()); // level 2: found
        }

        static void levelOneOfThree() {
            levelTwoOfThree();
        }

        static void levelTwoOfThree() {
            levelThree();
        }

        static void levelThree() {
            PrintStream out = System.out;
            System.setOut(out); // level 3: beyond the scan
        }

        static void resetGlobals() {
            // stands for a user's own process-global state
        }
    }

    @FreeThreaded(threads = 2, iterations = 3)
    static class Certified {
        @Test
        @Certifies(type = String.class, members = {"length", "isEmpty"})
        void certifiesString() {
            assertTrue("abc".length() == 3);
        }

        @Test
        @Certifies(type = StringBuilder.class, members = {"append"})
        void failsFreeThreaded(@ThreadIndex int thread) {
            assertTrue(thread == 0, "only thread 0 passes");
        }
    }

    @FreeThreaded(threads = 2)
    static class Assuming {
        @Test
        void assumesSomethingFalse() {
            Assumptions.assumeTrue(false, "not on this machine");
        }
    }

    @FreeThreaded(threads = 3)
    static class OnceWithDirs {
        @BeforeEachThread
        void setUp(@ThreadIndex int thread, @ThreadTempDir Path dir) {
            EVENTS.add("set up " + thread + " on " + Thread.currentThread().getName());
            DIRS.add(dir);
        }

        @Test
        @ThreadUnsafe(reason = "runs once")
        void body(@ThreadCount int count, @ThreadTempDir Path dir) {
            SEEN.add("count " + count);
            DIRS.add(dir);
            BODIES.incrementAndGet();
        }
    }

    @FreeThreaded(threads = 2, iterations = 2)
    static class Outer {
        @Nested
        class Inner {
            @Test
            void body() {
                BODIES.incrementAndGet();
            }
        }
    }

    @FreeThreaded(threads = -2)
    static class BadAnnotation {
        @Test
        void body() {
            BODIES.incrementAndGet();
        }
    }

    /** Strings a real suite's names, parameters and messages hold; each must reach summary.json intact. */
    static final String[] HOSTILE = {"\uD834", "a\uDD1Eb", "\u0000nul", "\u0001\u001F\u007F", "\u2028\u2029\uFEFF",
        "\"quote\\", "emoji \uD83D\uDE00"};

    @FreeThreaded(threads = 2)
    static class Hostile {
        @ParameterizedTest
        @ValueSource(strings = {"\uD834", "a\uDD1Eb", "\u0000nul", "\u0001\u001F\u007F", "\u2028\u2029\uFEFF",
            "\"quote\\", "emoji \uD83D\uDE00"})
        void passes(String s) {
            BODIES.incrementAndGet();
            SEEN.add(s);
        }

        @org.junit.jupiter.api.DisplayName("fails \uD834 with \u0000")
        @Test
        @Certifies(type = String.class, members = {"length"})
        void fails() {
            throw new AssertionError("lone \uD834 and NUL \u0000 in a message");
        }
    }

    /** Writes shared static state through a helper, the most common finding in a real suite. */
    static final class Passwords {
        static String current = "initial";
        static int rotations;

        static void rotate() {
            rotations++;
            current = "p" + rotations;
        }

        private Passwords() {
        }
    }

    @FreeThreaded(threads = 2)
    static class StaticWriter {
        @Test
        void rotatesThePassword() {
            BODIES.incrementAndGet();
            Passwords.rotate();
        }

        @Test
        void onlyReadsIt() {
            BODIES.incrementAndGet();
            assertTrue(Passwords.current.startsWith("p") || Passwords.current.equals("initial"));
        }
    }

    @FreeThreaded(threads = 2, iterations = 6)
    static class SlowIterations {
        @Test
        void sleeps() throws InterruptedException {
            BODIES.incrementAndGet();
            Thread.sleep(250);
        }
    }

    /** Released by the test that checks the threads left behind. */
    static volatile boolean stopIgnoring;

    @FreeThreaded(threads = 2)
    static class IgnoresInterrupts {
        @Test
        void neverStops() {
            BODIES.incrementAndGet();
            while (!stopIgnoring) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    // ignored on purpose: the harness must report this thread, not wait for it
                }
            }
        }
    }

    @FreeThreaded(threads = 2)
    static class Dynamic {
        @org.junit.jupiter.api.TestFactory
        List<org.junit.jupiter.api.DynamicTest> cases() {
            return List.of(org.junit.jupiter.api.DynamicTest.dynamicTest("one", BODIES::incrementAndGet),
                    org.junit.jupiter.api.DynamicTest.dynamicTest("two", BODIES::incrementAndGet));
        }
    }
}
