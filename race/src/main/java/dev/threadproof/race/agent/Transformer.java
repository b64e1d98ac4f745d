package dev.threadproof.race.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe: the agent's class-file transformer: rewrites the classes of the named packages (fully) and of the
 * harness (monitors and synchronizer calls only), and nothing else. Immutable after construction; the JVM may call
 * it from any thread that loads a class.
 */
final class Transformer implements ClassFileTransformer {
    /** The harness: the hand-offs to the threads it starts must be seen, its own data need not be checked. */
    static final String HARNESS = "dev/threadproof/junit/";
    /** The detector itself (its public classes, its agent, its run-time): never rewritten. */
    private static final String[] SELF = {"dev/threadproof/race/rt/", "dev/threadproof/race/agent/",
        "dev/threadproof/race/Race"};
    private final List<String> packages;
    final AtomicInteger rewritten = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    Transformer(List<String> packages) {
        this.packages = packages;
    }

    boolean covers(String internalName) {
        if (internalName == null) {
            return false;
        }
        for (String self : SELF) {
            if (internalName.startsWith(self)) {
                return false;
            }
        }
        if (internalName.startsWith(HARNESS)) {
            return true;
        }
        for (String p : packages) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain domain, byte[] bytes) {
        if (!covers(className)) {
            return null;
        }
        try {
            byte[] out = Instrumenter.instrument(loader, bytes, className.startsWith(HARNESS));
            if (out != null) {
                rewritten.incrementAndGet();
            }
            return out;
        } catch (Throwable e) { // a class the instrumenter cannot rewrite runs as it is, and the run says so
            if (failed.getAndIncrement() < 20) {
                System.err.println("threadproof-race: left " + className.replace('/', '.')
                        + " uninstrumented (its accesses are not checked): " + e);
            }
            return null;
        }
    }
}
