package dev.threadproof.race.agent;

import dev.threadproof.annotations.ThreadSafety;
import dev.threadproof.race.rt.Control;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe: the detector's Java agent: {@code -javaagent:threadproof-race.jar=packages=com.example} at start-up,
 * or attached to a running JVM by {@link dev.threadproof.race.Race#install(String)}. Its argument names the packages
 * whose classes are instrumented (comma-separated prefixes); classes already loaded are retransformed.
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE, note = "the JVM calls it once; later calls are ignored")
public final class RaceAgent {
    private static volatile String installedWith;
    private static volatile Transformer transformer;

    private RaceAgent() {
    }

    /**
     * Thread-safe: the JVM's entry point for {@code -javaagent}.
     *
     * @param args {@code packages=a.b,c.d}
     * @param inst the JVM's instrumentation
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void premain(String args, Instrumentation inst) {
        agentmain(args, inst);
    }

    /**
     * Thread-safe: the JVM's entry point for an agent attached while it runs.
     *
     * @param args {@code packages=a.b,c.d}
     * @param inst the JVM's instrumentation
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static synchronized void agentmain(String args, Instrumentation inst) {
        if (installedWith != null) {
            return;
        }
        List<String> packages = packages(args);
        Transformer t = new Transformer(packages);
        inst.addTransformer(t, true);
        Control.switchOn(report -> System.err.println("threadproof-race: " + report));
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (!c.isArray() && !c.isPrimitive() && !c.isHidden() && inst.isModifiableClass(c)
                    && t.covers(c.getName().replace('.', '/'))) {
                loaded.add(c);
            }
        }
        for (Class<?> c : loaded) {
            try {
                inst.retransformClasses(c);
            } catch (Throwable e) { // VerifyError, UnmodifiableClassException: that class runs as it is
                System.err.println("threadproof-race: could not retransform " + c.getName() + ": " + e);
            }
        }
        transformer = t;
        List<String> names = new ArrayList<>();
        for (String p : packages) {
            names.add(p.substring(0, p.length() - 1).replace('/', '.'));
        }
        installedWith = String.join(",", names);
    }

    /** The packages the agent instruments, as given ({@code a/b/} prefixes). */
    static List<String> packages(String args) {
        List<String> out = new ArrayList<>();
        if (args == null) {
            return out;
        }
        for (String part : args.split(";")) {
            if (part.startsWith("packages=")) {
                for (String p : part.substring("packages=".length()).split(",")) {
                    p = p.trim();
                    if (!p.isEmpty()) {
                        out.add(p.replace('.', '/') + "/");
                    }
                }
            }
        }
        return out;
    }

    /**
     * Thread-safe: the packages the agent was installed with, or null when it is not installed.
     *
     * @return comma-separated package names
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static String installedWith() {
        return installedWith;
    }

    /**
     * Thread-safe: how many classes the agent rewrote so far.
     *
     * @return the count, 0 when not installed
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static int rewritten() {
        Transformer t = transformer;
        return t == null ? 0 : t.rewritten.get();
    }
}
