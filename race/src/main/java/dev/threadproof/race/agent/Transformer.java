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
    /**
     * The harness and the test framework: the hand-offs to the threads they start (JUnit runs each test on a thread
     * of its own under a timeout in SEPARATE_THREAD mode) must be seen; their own data is not checked.
     */
    static final String[] SYNC_ONLY = {"dev/threadproof/junit/", "org/junit/"};
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
        if (syncOnly(internalName)) {
            return true;
        }
        for (String p : packages) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    static boolean syncOnly(String internalName) {
        for (String p : SYNC_ONLY) {
            // the harness's own package, not its subpackages (its controls may be checked); JUnit, all of it
            if (internalName.startsWith(p) && (p.startsWith("org/") || internalName.indexOf('/', p.length()) < 0)) {
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
            byte[] out = Instrumenter.instrument(loader, bytes, syncOnly(className));
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
