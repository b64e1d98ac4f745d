package dev.threadproof.junit;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.opentest4j.TestAbortedException;

/**
 * Thread-safe: the JUnit Jupiter extension that runs test method bodies from many threads at once on the same test
 * instance and arguments (registered by {@link FreeThreaded}, by the harness's parameter annotations, or for every
 * test by JUnit's extension auto-detection when {@code threadproof.threads} is set).
 *
 * <h2>Lifecycle of one free-threaded test invocation</h2>
 * <ol>
 *   <li>JUnit creates the test instance and runs {@code @BeforeEach} methods once, on the test thread.</li>
 *   <li>The harness starts N new threads. Each runs the class's {@link BeforeEachThread} methods, then its iterations:
 *       every iteration starts at a barrier shared by all N threads, then calls the test method on the shared
 *       instance with the shared arguments (harness parameters such as {@link ThreadIndex} resolved per thread).</li>
 *   <li>Each thread runs the {@link AfterEachThread} methods after its last iteration. The test thread joins all N.</li>
 *   <li>{@code @AfterEach} methods run once, on the test thread; then JUnit's usual after-callbacks.</li>
 * </ol>
 * A failure in any thread stops all threads at the next barrier; the test fails with the first failure in
 * (iteration, thread) order, a {@link ThreadFailure} when it is an assertion failure and a {@link ThreadError}
 * otherwise, the others suppressed (one line each unless {@code threadproof.log=full}; summary.json keeps every
 * trace). When an iteration runs past {@code threadproof.timeout} times ceil(threads / CPUs), the test fails with a
 * {@link HarnessTimeoutError} that holds the threads' stacks.
 *
 * <p>A test marked {@link ThreadUnsafe}, or whose bytecode calls a process-global mutator (see
 * {@code threadproof.unsafe.methods}), runs once on the test thread, and the summary says why. {@code @TestFactory}
 * dynamic tests and lifecycle methods always run once.
 *
 * <p>Memory consistency effects: actions of the test thread before the test method happen-before every action of
 * every harness thread; every action of every harness thread happens-before the test thread continues with
 * {@code @AfterEach}.
 */
public final class FreeThreadedExtension implements InvocationInterceptor, ParameterResolver, TestWatcher,
        AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FreeThreadedExtension.class);
    /** Whether this JVM printed the line that says how the harness runs. */
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    /** Creates the extension; JUnit does this (through {@code @ExtendWith} or auto-detection). */
    public FreeThreadedExtension() {
    }

    /** How one test runs. */
    static final class Plan {
        /** Why the test runs once (it is {@link ThreadUnsafe} or calls a process-global mutator); null otherwise. */
        final String reasonOnce;
        /** False when the harness is not asked to do anything for this test. */
        final boolean active;
        final int threads;
        final int iterations;
        final Duration timeout;
        /** A static write that {@code threadproof.static.writes=warn} lets run free-threaded; null otherwise. */
        String warning;
        /** Whether the threads run under the controlled scheduler (explore mode). */
        boolean explore;
        /** The schedule budget of an explored test. */
        int schedules;

        private Plan(boolean active, String reasonOnce, int threads, int iterations, Duration timeout) {
            this.active = active;
            this.reasonOnce = reasonOnce;
            this.threads = threads;
            this.iterations = iterations;
            this.timeout = timeout;
        }

        boolean freeThreaded() {
            return active && reasonOnce == null;
        }

        String describe() {
            if (!freeThreaded()) {
                return "[once: " + reasonOnce + "]";
            }
            return explore ? describeExplore(threads, iterations, schedules)
                    : FreeThreadedRunner.describe(threads, iterations);
        }
    }

    /** How an explored test runs, as its name and the summary show it: {@code [explore: 2 threads x 1, 200 schedules]}. */
    static String describeExplore(int threads, int iterations, long schedules) {
        return "[explore: " + threads + (threads == 1 ? " thread" : " threads") + " x " + iterations + ", " + schedules
                + (schedules == 1 ? " schedule]" : " schedules]");
    }

    /** Why a test runs once under {@code threadproof.race} alone: the detector watches the threads the test starts. */
    static final String RACE_ONLY = "race detector only (threadproof.threads is not set): the test runs once, and the"
            + " detector checks the threads it starts";

    /** Decides how {@code method} of {@code testClass} runs: the one place that reads annotations and config. */
    static Plan decide(Method method, Class<?> testClass, HarnessConfig config, UnsafeCallScanner scanner) {
        FreeThreaded ft = find(method, testClass, FreeThreaded.class);
        if (ft == null && !config.suiteWide()) {
            return config.race == HarnessConfig.RaceMode.OFF ? new Plan(false, null, 1, 1, config.timeout)
                    : new Plan(true, RACE_ONLY, 1, 1, config.timeout);
        }
        if (ft != null && (ft.threads() < 0 || ft.iterations() < 0)) {
            throw new ExtensionConfigurationException("threadproof: bad @FreeThreaded(threads=" + ft.threads()
                    + ", iterations=" + ft.iterations() + ") on " + testClass.getName() + "#" + method.getName()
                    + ": each must be at least 1, or 0 for the configured default");
        }
        boolean explore = ft != null && ft.mode() != FreeThreaded.Mode.CONFIGURED
                ? ft.mode() == FreeThreaded.Mode.EXPLORE : config.mode == HarnessConfig.Mode.EXPLORE;
        int threads = ft != null && ft.threads() > 0 ? ft.threads()
                : config.threads > 0 ? config.threads
                : explore ? HarnessConfig.EXPLORE_THREADS : HarnessConfig.autoThreads();
        int iterations = ft != null && ft.iterations() > 0 ? ft.iterations() : config.iterations;
        if (AnnotationSupport.isAnnotated(method, org.junit.jupiter.api.TestFactory.class)) {
            return new Plan(true, DYNAMIC, 1, 1, config.timeout);
        }
        ThreadUnsafe tu = find(method, testClass, ThreadUnsafe.class);
        if (tu != null) {
            return new Plan(true, "@ThreadUnsafe: " + tu.reason(), 1, 1, config.timeout);
        }
        String warning = null;
        if (config.detect) {
            Optional<String> hit = scanner.scan(method);
            if (hit.isPresent()) {
                return new Plan(true, hit.get(), 1, 1, config.timeout);
            }
            if (config.staticWrites != HarnessConfig.StaticWrites.IGNORE) {
                Optional<String> write = scanner.scanStaticWrites(method, testClass);
                if (write.isPresent() && config.staticWrites == HarnessConfig.StaticWrites.ONCE) {
                    return new Plan(true, write.get(), 1, 1, config.timeout);
                }
                warning = write.orElse(null);
            }
        }
        Plan plan = new Plan(true, null, threads, iterations, config.timeout);
        plan.warning = warning;
        plan.explore = explore;
        plan.schedules = config.schedules;
        return plan;
    }

    /** The annotation on the method, else on the class, its superclasses, or the classes enclosing a nested class. */
    static <A extends java.lang.annotation.Annotation> A find(Method method, Class<?> testClass, Class<A> type) {
        Optional<A> onMethod = AnnotationSupport.findAnnotation(method, type);
        if (onMethod.isPresent()) {
            return onMethod.get();
        }
        for (Class<?> c = testClass; c != null; c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
            Optional<A> onClass = AnnotationSupport.findAnnotation(c, type);
            if (onClass.isPresent()) {
                return onClass.get();
            }
        }
        return null;
    }

    /** The run's configuration and scanner, checked once per engine run. */
    private static final class RunState {
        final HarnessConfig config;
        final UnsafeCallScanner scanner;

        RunState(HarnessConfig config) {
            this.config = config;
            this.scanner = new UnsafeCallScanner(config.unsafeMethods);
            probe(config.dir);
        }

        /** Fails every test at once, naming the folder, when the summary could not be written at the end. */
        private static void probe(Path dir) {
            try {
                Files.createDirectories(dir);
                Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            } catch (IOException | RuntimeException e) {
                throw new ExtensionConfigurationException("threadproof: cannot write to the summary folder "
                        + dir.toAbsolutePath() + " (" + e + "); set " + HarnessConfig.DIR + " to a writable folder",
                        e);
            }
        }
    }

    // Store.getOrComputeIfAbsent is deprecated in JUnit 6 for computeIfAbsent, which JUnit 5.14 lacks; the harness
    // supports both, so it keeps the method that both have.
    @SuppressWarnings("deprecation")
    private static RunState runState(ExtensionContext ec) {
        return ec.getRoot().getStore(NS).getOrComputeIfAbsent(RunState.class, k -> {
            Set<String> keys = new HashSet<>(System.getProperties().stringPropertyNames());
            keys.addAll(HarnessSummaryListener.configurationKeys());
            keys.addAll(HarnessConfig.classpathProperties().stringPropertyNames());
            return new RunState(HarnessConfig.load(ec::getConfigurationParameter, keys));
        }, RunState.class);
    }

    @SuppressWarnings("deprecation") // see runState
    private static Plan plan(ExtensionContext ec) {
        return ec.getStore(NS).getOrComputeIfAbsent(Plan.class, k -> {
            RunState run = runState(ec);
            return decide(ec.getRequiredTestMethod(), ec.getRequiredTestClass(), run.config, run.scanner);
        }, Plan.class);
    }

    // ---------------------------------------------------------------------------------------------- interception

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        intercept(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        intercept(invocation, invocationContext, extensionContext);
    }

    private void intercept(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext ec)
            throws Throwable {
        Plan plan = plan(ec);
        if (!plan.active) {
            invocation.proceed();
            return;
        }
        RunState run = runState(ec);
        announce(run.config);
        Method method = ic.getExecutable();
        Class<?> testClass = ec.getRequiredTestClass();
        HarnessLog log = HarnessLog.of(run.config);
        HarnessLog.Record record = new HarnessLog.Record(testClass.getName(), method.getName(),
                display(ec, plan.describe()), plan.freeThreaded(), plan.threads, plan.iterations, plan.reasonOnce,
                HarnessLog.certifies(method, testClass));
        record.warning = plan.warning;
        log.add(record);
        ec.getStore(NS).put(HarnessLog.Record.class, record);
        ec.publishReportEntry("threadproof", plan.describe());
        if (plan.warning != null) {
            System.out.println("[threadproof] WARNING: " + record.test() + " runs free-threaded although it "
                    + plan.warning.substring(0, 1).toLowerCase(Locale.ROOT) + plan.warning.substring(1)
                    + " (" + HarnessConfig.STATIC_WRITES + "=warn)");
        }
        RaceCheck race = RaceCheck.start(run.config, testClass, plan);
        if (race == null) {
            run(invocation, ic, ec, plan, run, method, testClass, record);
            return;
        }
        Throwable failure = null;
        try {
            run(invocation, ic, ec, plan, run, method, testClass, record);
        } catch (Throwable e) {
            failure = e;
        }
        AssertionError raced = race.finish(record);
        if (failure != null) {
            if (raced != null) {
                failure.addSuppressed(raced);
            }
            throw failure;
        }
        if (raced != null) {
            throw raced;
        }
    }

    /** Runs an active plan: once with the hooks, explored, or free-threaded. */
    private static void run(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext ec,
            Plan plan, RunState run, Method method, Class<?> testClass, HarnessLog.Record record) throws Throwable {
        Object target = ic.getTarget().orElse(null);
        List<Method> before = hooks(testClass, BeforeEachThread.class, HierarchyTraversalMode.TOP_DOWN);
        List<Method> after = hooks(testClass, AfterEachThread.class, HierarchyTraversalMode.BOTTOM_UP);
        if (!plan.freeThreaded()) {
            // The same directory the test's own @ThreadTempDir parameter got; the store deletes it at the end.
            TempDirs dirs = onceDirs(ec);
            for (Method h : before) {
                invokeHook(h, target, 0, 1, dirs);
            }
            try {
                invocation.proceed();
            } finally {
                for (Method h : after) {
                    invokeHook(h, target, 0, 1, dirs);
                }
            }
            record.threadIterations = 1;
            return;
        }
        Slots slots = Slots.of(method);
        Object[] shared = ic.getArguments().toArray();
        Explorer.Replay replay = run.config.replay != null && run.config.replay.names(ec.getUniqueId())
                ? run.config.replay : null;
        if ((plan.explore || replay != null)
                && explore(plan, replay, run.config, ec, method, target, shared, slots, before, after, record)) {
            invocation.skip();
            return;
        }
        int threads = plan.threads;
        Object[][] args = new Object[threads][];
        for (int t = 0; t < threads; t++) {
            args[t] = shared.clone();
        }
        long[] done = new long[threads]; // each thread writes its own slot; read after the joins
        TempDirs dirs = new TempDirs(threads);
        method.setAccessible(true);
        FreeThreadedRunner runner = FreeThreadedRunner.threads(threads).iterations(plan.iterations)
                .timeout(run.config.iterationLimit(threads)).timeoutHint(run.config.timeoutHint(threads))
                .compact(run.config.compactLog).name("threadproof-" + method.getName())
                .beforeEachThread(t -> {
                    for (Method h : before) {
                        invokeHook(h, target, t, threads, dirs);
                    }
                })
                .afterEachThread(t -> {
                    for (Method h : after) {
                        invokeHook(h, target, t, threads, dirs);
                    }
                });
        Throwable failure = null;
        List<Throwable> all = new ArrayList<>();
        try {
            runner.run((t, it) -> {
                Object[] a = args[t];
                slots.fill(a, t, it, threads, dirs);
                invoke(method, target, a);
                done[t]++;
            }, all);
        } catch (Throwable e) {
            failure = e;
            record.traces = traces(e, all);
        } finally {
            long sum = 0;
            for (long d : done) {
                sum += d;
            }
            record.threadIterations = sum;
            invocation.skip();
            try {
                dirs.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw rethrowable(failure, all);
        }
    }

    /** Replay ids that matched a test in this JVM (a replay that matched none fails the session). */
    static final Set<String> REPLAYED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Runs one invocation in explore mode (or replays it): the body from the plan's threads under the controlled
     * scheduler, each schedule with fresh per-thread arguments; the first failure, with its interleaving and replay id,
     * fails the test.
     */
    private static boolean explore(Plan plan, Explorer.Replay replay, HarnessConfig config, ExtensionContext ec,
                                Method method, Object target, Object[] shared, Slots slots, List<Method> before,
                                List<Method> after, HarnessLog.Record record) throws Throwable {
        String key = ec.getUniqueId();
        int threads = replay != null ? replay.threads : plan.threads;
        int iterations = replay != null ? replay.iterations : plan.iterations;
        long budget = replay != null ? replay.budget : plan.schedules;
        Duration time = replay != null ? Duration.ofDays(1) : config.exploreTime;
        if (replay != null) {
            REPLAYED.add(replay.id);
            System.out.println("[threadproof] replaying " + replay.id + ": " + record.test() + ", the search run again"
                    + " (budget " + replay.budget + ") to schedule " + replay.schedule);
        }
        method.setAccessible(true);
        TempDirs dirs = new TempDirs(threads);
        FreshInstances instances = FreshInstances.make(ec, target, budget);
        if (instances.sharedWhy != null) {
            record.warning = "explored on the one shared test instance (" + instances.sharedWhy + "): schedules see"
                    + " each other's state, and a replay may diverge";
            System.out.println("[threadproof] WARNING: " + record.test() + " " + record.warning);
        }
        Explorer.Outcome[] result = new Explorer.Outcome[1];
        Throwable[] crashed = new Throwable[1];
        Thread explorer = new Thread(() -> {
            try {
                result[0] = Explorer.explore(key, threads, iterations, budget, time, instances,
                        (o, t) -> {
                            for (Method h : before) {
                                invokeHook(h, o, t, threads, dirs);
                            }
                        },
                        (o, t, it) -> {
                            Object[] a = shared.clone();
                            slots.fill(a, t, it, threads, dirs);
                            invoke(method, o, a);
                        },
                        (o, t) -> {
                            for (Method h : after) {
                                invokeHook(h, o, t, threads, dirs);
                            }
                        });
            } catch (Throwable e) {
                crashed[0] = e;
            }
        }, "threadproof-explore-" + method.getName());
        explorer.setDaemon(true);
        explorer.start();
        Duration limit = time.plus(config.iterationLimit(threads));
        try {
            explorer.join(Math.max(1, limit.toMillis()));
        } finally {
            dirs.close();
        }
        if (explorer.isAlive()) {
            StringBuilder stack = new StringBuilder();
            for (StackTraceElement el : explorer.getStackTrace()) {
                stack.append("\n\tat ").append(el);
            }
            explorer.interrupt();
            throw new HarnessTimeoutError("explore: " + record.test() + " ran past the limit of "
                    + FreeThreadedRunner.format(limit) + " (" + HarnessConfig.EXPLORE_TIME + "="
                    + FreeThreadedRunner.format(time) + " plus one iteration's limit" + config.timeoutHint(threads)
                    + "); the exploring thread was interrupted; its stack:" + stack);
        }
        if (crashed[0] != null) {
            throw crashed[0];
        }
        Explorer.Outcome o = result[0];
        if (o.engineError != null && replay == null) {
            // A limit of the engine, not a finding: the test runs in stress mode instead, and the summary says so.
            record.warning = "explore: " + o.engineError + "; it ran in stress mode instead";
            System.out.println("[threadproof] WARNING: " + record.test() + " " + record.warning);
            ec.getStore(NS).put(FELL_BACK, Boolean.TRUE);
            if (instances.sharedWhy == null) {
                @SuppressWarnings("unchecked")
                List<Object[]> befores = ec.getStore(NS).get(BEFORE_EACH, List.class);
                if (befores != null) {
                    for (Object[] b : befores) {
                        invoke((Method) b[0], target, (Object[]) b[1]);
                    }
                }
            }
            return false;
        }
        if (o.engineError != null) {
            throw new org.opentest4j.AssertionFailedError("threadproof: replay " + replay.id + " of " + record.test()
                    + " could not run: " + o.engineError);
        }
        record.explored = o.describe(budget);
        record.schedules = o.schedules;
        record.threadIterations = o.schedules * threads * iterations;
        if (replay == null) {
            if (o.failure != null) {
                record.replayId = o.failure.replayId();
                record.traces = o.failure.getMessage();
                throw o.failure;
            }
            return true;
        }
        if (o.failure == null) {
            throw new org.opentest4j.AssertionFailedError("threadproof: replay " + replay.id + " of " + record.test()
                    + " did not fail in " + o.schedules + " schedules: the test or the code it runs changed since the"
                    + " id was printed");
        }
        boolean same = Explorer.replayMatches(replay.schedule, replay.traceHash, o.failure);
        boolean compared = same && Explorer.traceHash(o.failure).equals(replay.traceHash);
        record.replayId = replay.id;
        record.traces = o.failure.getMessage();
        String head = compared ? "replayed " + replay.id + ": the same failure in the same interleaving at schedule "
                + replay.schedule : same ? "replayed " + replay.id + ": a failure at the same schedule " + replay.schedule
                + " (the engine printed no interleaving " + (replay.traceHash.equals(Explorer.NO_TRACE)
                ? "when the id was printed" : "this time") + ", so the interleavings were not compared)"
                : "replay " + replay.id + " DIVERGED: a failure at schedule " + o.failure.schedule()
                + " with another interleaving (trace " + Explorer.traceHash(o.failure) + ", expected "
                + replay.traceHash + "): the test or the code it runs changed since the id was printed";
        System.out.println("[threadproof] " + head);
        throw new ExploreFailure(head + "\n" + o.failure.getMessage(), replay.id, o.failure.schedule(),
                o.failure.getCause());
    }

    /**
     * Not thread-safe (made on the test thread, then read by the exploration's schedules one at a time): the test
     * instances of an explored invocation. When the class allows it (a static or top-level class with a no-argument
     * constructor, a new instance per method, no field that another extension filled in), every schedule gets a fresh
     * instance, made before the exploration with the {@code @BeforeEach} methods run on it with JUnit's arguments, and
     * its no-argument {@code @AfterEach} methods run inside the schedule after its threads (so an assertion there
     * checks each schedule's final state); JUnit's own instance then skips them. Otherwise every schedule shares JUnit's
     * instance, and {@link #sharedWhy} says why.
     */
    static final class FreshInstances implements Explorer.Instances {
        /** Spare instances for the engine's re-runs of a failing schedule (it re-runs it to record the trace). */
        static final int SPARE = 32;
        final Object[] made;
        final Object shared;
        final List<Method> afterEach;
        final String sharedWhy;

        private FreshInstances(Object[] made, Object shared, List<Method> afterEach, String sharedWhy) {
            this.made = made;
            this.shared = shared;
            this.afterEach = afterEach;
            this.sharedWhy = sharedWhy;
        }

        @SuppressWarnings("unchecked")
        static FreshInstances make(ExtensionContext ec, Object target, long budget) throws Throwable {
            String why = freshBlocker(ec, target);
            if (why != null) {
                return new FreshInstances(new Object[0], target, List.of(), why);
            }
            List<Object[]> befores = ec.getStore(NS).get(BEFORE_EACH, List.class);
            List<Method> afters = new ArrayList<>();
            for (Method m : AnnotationSupport.findAnnotatedMethods(ec.getRequiredTestClass(),
                    org.junit.jupiter.api.AfterEach.class, HierarchyTraversalMode.BOTTOM_UP)) {
                if (m.getParameterCount() == 0) {
                    m.setAccessible(true);
                    afters.add(m);
                }
            }
            java.lang.reflect.Constructor<?> c = ec.getRequiredTestClass().getDeclaredConstructor();
            c.setAccessible(true);
            Object[] made = new Object[(int) Math.min(Integer.MAX_VALUE - 64, budget + SPARE)];
            for (int i = 0; i < made.length; i++) {
                made[i] = c.newInstance();
                if (befores != null) {
                    for (Object[] b : befores) {
                        invoke((Method) b[0], made[i], (Object[]) b[1]);
                    }
                }
            }
            return new FreshInstances(made, target, afters, null);
        }

        @Override
        public Object take(long schedule) {
            return schedule >= 1 && schedule <= made.length ? made[(int) (schedule - 1)] : shared;
        }

        @Override
        public void end(Object instance) throws Throwable {
            if (instance == shared) {
                return;
            }
            for (Method m : afterEach) {
                invoke(m, instance, new Object[0]);
            }
        }
    }

    /** Store key: the {@code @BeforeEach} methods JUnit asked to run, with their arguments, for fresh instances. */
    private static final String BEFORE_EACH = "threadproof.explore.beforeEach";
    private static final String FRESH = "threadproof.explore.fresh";
    /** Store key: set when the engine could not run the invocation and it ran in stress mode instead. */
    private static final String FELL_BACK = "threadproof.explore.fellBack";

    /** Why an explored invocation cannot have a fresh instance per schedule; null when it can. */
    @SuppressWarnings("deprecation") // see runState
    static String freshBlocker(ExtensionContext ec, Object target) {
        String why = ec.getStore(NS).getOrComputeIfAbsent(FRESH, key -> {
            Class<?> c = ec.getRequiredTestClass();
            if (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
                return "a @Nested class";
            }
            if (ec.getTestInstanceLifecycle().orElse(null)
                    == org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS) {
                return "@TestInstance(PER_CLASS)";
            }
            Object probe;
            try {
                java.lang.reflect.Constructor<?> k0 = c.getDeclaredConstructor();
                k0.setAccessible(true);
                probe = k0.newInstance();
            } catch (NoSuchMethodException e) {
                return "no constructor without parameters";
            } catch (ReflectiveOperationException | RuntimeException e) {
                return "its constructor failed: " + e;
            }
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        if (target != null && f.get(target) != null && f.get(probe) == null) {
                            return "field " + f.getName() + " was filled in by another extension";
                        }
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return "field " + f.getName() + " cannot be read: " + e;
                    }
                }
            }
            return "";
        }, String.class);
        return why.isEmpty() ? null : why;
    }

    /** Whether this invocation is explored (by its plan, or by a replay id that names it). */
    private static boolean explored(ExtensionContext ec) {
        if (ec.getTestMethod().isEmpty()) {
            return false;
        }
        Plan plan = plan(ec);
        if (!plan.freeThreaded()) {
            return false;
        }
        Explorer.Replay replay = runState(ec).config.replay;
        return plan.explore || (replay != null && replay.names(ec.getUniqueId()));
    }

    /**
     * Thread-safe: in an explored invocation that gets a fresh test instance per schedule, a {@code @BeforeEach}
     * method runs on each of those instances (with the arguments JUnit resolved) instead of on JUnit's instance.
     */
    @Override
    @SuppressWarnings({"unchecked", "deprecation"})
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
                                          ReflectiveInvocationContext<Method> ic, ExtensionContext ec)
            throws Throwable {
        if (explored(ec) && freshBlocker(ec, ic.getTarget().orElse(null)) == null) {
            Method m = ic.getExecutable();
            m.setAccessible(true);
            ec.getStore(NS).getOrComputeIfAbsent(BEFORE_EACH, k -> new ArrayList<Object[]>(), List.class)
                    .add(new Object[] {m, ic.getArguments().toArray()});
            invocation.skip();
            return;
        }
        invocation.proceed();
    }

    /**
     * Thread-safe: in an explored invocation that gets a fresh test instance per schedule, a no-argument
     * {@code @AfterEach} method ran inside every schedule, so it is skipped on JUnit's instance.
     */
    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> ic, ExtensionContext ec)
            throws Throwable {
        if (ic.getExecutable().getParameterCount() == 0 && explored(ec)
                && freshBlocker(ec, ic.getTarget().orElse(null)) == null
                && ec.getStore(NS).get(FELL_BACK, Boolean.class) == null) {
            invocation.skip();
            return;
        }
        invocation.proceed();
    }

    /** An assumption that failed in every thread that failed aborts the test rather than failing it. */
    private static Throwable rethrowable(Throwable failure, List<Throwable> all) {
        if (failure instanceof ThreadError && failure.getCause() instanceof TestAbortedException) {
            boolean allAborted = true;
            for (Throwable s : all) {
                allAborted &= s.getCause() instanceof TestAbortedException;
            }
            if (allAborted) {
                return failure.getCause();
            }
        }
        return failure;
    }

    /** Every thread's failure with its full trace, for summary.json (the log may show them one line each). */
    private static String traces(Throwable thrown, List<Throwable> all) {
        StringBuilder b = new StringBuilder();
        if (thrown instanceof HarnessTimeoutError) {
            b.append(thrown.getMessage()).append('\n');
        } else if (all.isEmpty()) {
            b.append(HarnessLog.stackTrace(thrown));
        }
        for (Throwable t : all) {
            b.append(HarnessLog.stackTrace(t));
        }
        return b.toString();
    }

    /** Prints, once per JVM, how the harness runs tests and how to change it (and a too-old JUnit). */
    private static void announce(HarnessConfig c) {
        if (!ANNOUNCED.compareAndSet(false, true)) {
            return;
        }
        String warning = HarnessConfig.versionWarning(
                org.junit.platform.launcher.Launcher.class.getPackage().getImplementationVersion());
        if (warning != null) {
            System.out.println(warning);
        }
        System.out.println(announcement(c));
    }

    /** The line that says how the harness runs and how to change it. */
    static String announcement(HarnessConfig c) {
        int threads = c.threads > 0 ? c.threads : HarnessConfig.autoThreads();
        return "[threadproof] " + (c.suiteWide() ? "every test runs free-threaded"
                : "@FreeThreaded tests run free-threaded") + ": " + FreeThreadedRunner.describe(threads, c.iterations)
                + ", timeout " + FreeThreadedRunner.format(c.timeout) + " per thread-iteration (x"
                + HarnessConfig.cpuShare(threads) + " on " + Runtime.getRuntime().availableProcessors() + " CPUs"
                + (c.raceFactor() > 1 ? ", x" + c.raceFactor() + " under the race detector" : "") + ")"
                + (c.race != HarnessConfig.RaceMode.OFF ? ", race detector " + c.race.name().toLowerCase(Locale.ROOT)
                : "") + ", detect " + c.detect + ", static writes " + c.staticWrites.name().toLowerCase(Locale.ROOT)
                + ", log " + (c.compactLog ? "compact" : "full") + "; change with -D" + HarnessConfig.THREADS + "=N -D"
                + HarnessConfig.ITERATIONS + "=N -D" + HarnessConfig.TIMEOUT + "=90s -D" + HarnessConfig.UNSAFE_METHODS
                + "=com.example.Globals#set*; summary: " + c.dir.resolve("summary.json");
    }

    private static void invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static List<Method> hooks(Class<?> testClass, Class<? extends java.lang.annotation.Annotation> type,
                                      HierarchyTraversalMode mode) {
        List<Method> list = new ArrayList<>(AnnotationSupport.findAnnotatedMethods(testClass, type, mode));
        for (Method m : list) {
            if (Modifier.isStatic(m.getModifiers()) || Modifier.isPrivate(m.getModifiers())) {
                throw new ExtensionConfigurationException("threadproof: @" + type.getSimpleName() + " method "
                        + m.getDeclaringClass().getName() + "#" + m.getName() + " must be neither static nor private");
            }
            for (Parameter p : m.getParameters()) {
                if (!(p.isAnnotationPresent(ThreadIndex.class) || p.isAnnotationPresent(ThreadCount.class)
                        || p.isAnnotationPresent(ThreadTempDir.class))) {
                    throw new ExtensionConfigurationException("threadproof: @" + type.getSimpleName() + " method "
                            + m.getDeclaringClass().getName() + "#" + m.getName() + " has parameter " + p.getName()
                            + " that is not @ThreadIndex, @ThreadCount or @ThreadTempDir");
                }
            }
            m.setAccessible(true);
        }
        return Collections.unmodifiableList(list);
    }

    private static void invokeHook(Method h, Object target, int thread, int threads, TempDirs dirs) throws Throwable {
        Object[] a = new Object[h.getParameterCount()];
        Slots.of(h).fill(a, thread, 0, threads, dirs);
        invoke(h, target, a);
    }

    // ------------------------------------------------------------------------------------ per-thread parameters

    /** Which arguments of a method the harness fills per thread. */
    private static final class Slots {
        private static final int THREAD = 1;
        private static final int ITERATION = 2;
        private static final int COUNT = 3;
        private static final int PATH = 4;
        private static final int FILE = 5;
        private final int[] kinds;

        private Slots(int[] kinds) {
            this.kinds = kinds;
        }

        static Slots of(Method m) {
            Parameter[] ps = m.getParameters();
            int[] kinds = new int[ps.length];
            for (int i = 0; i < ps.length; i++) {
                kinds[i] = kind(ps[i]);
            }
            return new Slots(kinds);
        }

        static int kind(Parameter p) {
            if (p.isAnnotationPresent(ThreadIndex.class)) {
                return THREAD;
            } else if (p.isAnnotationPresent(IterationIndex.class)) {
                return ITERATION;
            } else if (p.isAnnotationPresent(ThreadCount.class)) {
                return COUNT;
            } else if (p.isAnnotationPresent(ThreadTempDir.class)) {
                return p.getType() == File.class ? FILE : PATH;
            }
            return 0;
        }

        void fill(Object[] a, int thread, int iteration, int threads, TempDirs dirs) throws IOException {
            for (int i = 0; i < kinds.length; i++) {
                switch (kinds[i]) {
                    case THREAD:
                        a[i] = thread;
                        break;
                    case ITERATION:
                        a[i] = iteration;
                        break;
                    case COUNT:
                        a[i] = threads;
                        break;
                    case PATH:
                        a[i] = dirs.get(thread);
                        break;
                    case FILE:
                        a[i] = dirs.get(thread).toFile();
                        break;
                    default:
                        break;
                }
            }
        }
    }

    /** The per-thread temporary directories of one invocation, made on first use, deleted at its end. */
    private static final class TempDirs implements AutoCloseable {
        private final Path[] dirs;
        private Path root;

        TempDirs(int threads) {
            this.dirs = new Path[threads];
        }

        /** Called by harness thread {@code thread} only (its own slot); the root is made under the lock. */
        Path get(int thread) throws IOException {
            Path d = dirs[thread];
            if (d == null) {
                Path r;
                synchronized (this) {
                    if (root == null) {
                        root = Files.createTempDirectory("threadproof-harness-");
                    }
                    r = root;
                }
                d = Files.createDirectory(r.resolve("thread-" + thread));
                dirs[thread] = d;
            }
            return d;
        }

        @Override
        public synchronized void close() throws IOException {
            if (root == null) {
                return;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
            root = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Parameter p = pc.getParameter();
        int kind = Slots.kind(p);
        if (kind == 0) {
            return false;
        }
        boolean dir = kind == Slots.PATH || kind == Slots.FILE;
        boolean ok = dir ? p.getType() == Path.class || p.getType() == File.class
                : p.getType() == int.class || p.getType() == Integer.class;
        if (!ok) {
            throw new ParameterResolutionException("threadproof: parameter " + p.getName() + " of "
                    + pc.getDeclaringExecutable() + " has type " + p.getType().getName() + "; "
                    + (dir ? "@ThreadTempDir needs Path or File" : "it needs int"));
        }
        return true;
    }

    /**
     * Thread-safe: the value for the test thread; a free-threaded invocation replaces it per harness thread.
     */
    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Parameter p = pc.getParameter();
        switch (Slots.kind(p)) {
            case Slots.THREAD:
            case Slots.ITERATION:
                return 0;
            case Slots.COUNT:
                try {
                    return ec.getTestMethod().isPresent() && plan(ec).freeThreaded() ? plan(ec).threads : 1;
                } catch (RuntimeException e) {
                    return 1; // a configuration error: the interceptor reports it, worded for the user
                }
            default:
                TempDirs dirs = onceDirs(ec);
                try {
                    Path d = dirs.get(0);
                    return p.getType() == File.class ? d.toFile() : d;
                } catch (IOException e) {
                    throw new ParameterResolutionException("threadproof: cannot create a temporary directory", e);
                }
        }
    }

    /** The test thread's temporary directory of this invocation, deleted by the store when the invocation ends. */
    @SuppressWarnings("deprecation") // see runState
    private static TempDirs onceDirs(ExtensionContext ec) {
        return ec.getStore(NS).getOrComputeIfAbsent(TempDirs.class, k -> new TempDirs(1), TempDirs.class);
    }

    // ------------------------------------------------------------------------------------------------- results

    /**
     * Thread-safe: records the result of the test so far (the body, {@code @AfterEach}) and writes its evidence file;
     * a file that cannot be written fails the test with an error that names the file and the test.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Throwable cause = context.getExecutionException().orElse(null);
        String result = cause == null ? "PASSED" : cause instanceof TestAbortedException ? "SKIPPED" : "FAILED";
        HarnessLog.Record r = context.getStore(NS).get(HarnessLog.Record.class, HarnessLog.Record.class);
        if (r != null) {
            HarnessLog.of(runState(context).config).finish(r, result, cause, true);
        }
    }

    /** Thread-safe: records the final result (a later extension may still have failed the test). */
    @Override
    public void testSuccessful(ExtensionContext context) {
        finish(context, "PASSED", null);
    }

    /** Thread-safe: records the final result. */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        finish(context, "FAILED", cause);
    }

    /** Thread-safe: records the final result. */
    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        finish(context, "SKIPPED", cause);
    }

    private static void finish(ExtensionContext ec, String result, Throwable cause) {
        HarnessLog.Record r = ec.getStore(NS).get(HarnessLog.Record.class, HarnessLog.Record.class);
        if (r != null && !result.equals(r.result)) {
            HarnessLog.of(runState(ec).config).finish(r, result, cause, false);
        }
    }

    /**
     * Thread-safe: a {@code @TestFactory}'s dynamic test runs once, on the test thread, and is counted in the summary
     * with that reason.
     */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext ec) throws Throwable {
        Optional<Method> factory = ec.getParent().flatMap(ExtensionContext::getTestMethod);
        Optional<Class<?>> factoryClass = ec.getParent().flatMap(ExtensionContext::getTestClass);
        if (factory.isEmpty() || factoryClass.isEmpty()) {
            invocation.proceed();
            return;
        }
        RunState run = runState(ec);
        if (find(factory.get(), factoryClass.get(), FreeThreaded.class) == null && !run.config.suiteWide()) {
            invocation.proceed();
            return;
        }
        announce(run.config);
        HarnessLog log = HarnessLog.of(run.config);
        HarnessLog.Record record = new HarnessLog.Record(factoryClass.get().getName(), factory.get().getName(),
                display(ec, "[once: " + DYNAMIC + "]"), false, 1, 1, DYNAMIC, null);
        log.add(record);
        ec.publishReportEntry("threadproof", "[once: " + DYNAMIC + "]");
        try {
            invocation.proceed();
            record.threadIterations = 1;
            log.finish(record, "PASSED", null, false);
        } catch (Throwable e) {
            log.finish(record, e instanceof TestAbortedException ? "SKIPPED" : "FAILED", e, false);
            throw e;
        }
    }

    /**
     * The name the summary shows: the display name, under its template or factory's name for an invocation of a
     * parameterized, repeated or template test or a dynamic test, with how it ran appended when the name lacks it
     * (JUnit gives extensions no way to rename an invocation, so in IDEs and reports the suffix is on its container,
     * when the harness's display-name generator is in use).
     */
    static String display(ExtensionContext ec, String how) {
        String name = ec.getDisplayName();
        Optional<ExtensionContext> parent = ec.getParent();
        if (parent.isPresent() && parent.get().getTestMethod().isPresent()) {
            String container = parent.get().getDisplayName();
            if (container.endsWith(" " + how)) {
                container = container.substring(0, container.length() - how.length() - 1);
            }
            name = container + " " + name;
        }
        return name.endsWith(how) ? name : name + " " + how;
    }

    /** Why a dynamic test runs once. */
    static final String DYNAMIC = "@TestFactory dynamic test (they run once)";
}
