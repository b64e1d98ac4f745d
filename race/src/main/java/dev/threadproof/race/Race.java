package dev.threadproof.race;

import dev.threadproof.annotations.ThreadSafety;
import dev.threadproof.race.agent.Attacher;
import dev.threadproof.race.agent.RaceAgent;
import dev.threadproof.race.rt.Control;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Thread-safe: threadproof's happens-before data-race detector: installs it into the running JVM and reads what it
 * found. The harness calls it for {@code -Dthreadproof.race=on}; a program may too:
 *
 * <pre>{@code
 * Race.install("com.example");          // instrument com.example.** from now on (and the classes already loaded)
 * ... run the code under test ...
 * List<RaceReport> found = Race.reports(0);
 * }</pre>
 *
 * <p>Install attaches the detector's Java agent from a helper JVM (a JVM may not attach to itself by default), the
 * way Lincheck and JaCoCo's runtime attach theirs; on JDK 21+ start the JVM with
 * {@code -XX:+EnableDynamicAgentLoading} to silence the JVM's warning about it, or load the agent at start-up with
 * {@code -javaagent:threadproof-race.jar=packages=com.example} (the Maven plugin's {@code prepare-agent} goal).
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class Race {
    private static final long ATTACH_TIMEOUT_SECONDS = 60;

    /**
     * How many times longer code may take under the detector than without it, for the limits that stop a slow run
     * (the harness's per-iteration limit, the mutation tool's watchdog): 10. Measured on 2 CPUs, OpenJDK 17: the
     * runtime's unit suite ran 5.0x longer under the detector, its array-kernel classes up to 12.1x
     * (docs/race-detector.md, "Cost"); ThreadSanitizer publishes 5 to 15x.
     */
    public static final int SLOWDOWN = 10;

    private static final java.util.regex.Pattern PACKAGE_NAME =
            java.util.regex.Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    private Race() {
    }

    /**
     * Thread-safe (a pure function): the package names of a comma-separated list, checked, blanks dropped; the one
     * check of {@link #install}, of the harness's {@code threadproof.race.packages} and of the Maven plugin's
     * {@code prepare-agent}.
     *
     * @param parameter the name of the parameter or property the list came from, for the message
     * @param packages comma-separated package names, e.g. {@code com.example, org.acme.core}
     * @return the names, in order, at least one
     * @throws IllegalArgumentException naming {@code parameter} if an entry is not a package name or none is given
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static List<String> packageNames(String parameter, String packages) {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(packages, parameter);
        List<String> names = new ArrayList<>();
        for (String p : packages.split(",")) {
            p = p.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!PACKAGE_NAME.matcher(p).matches()) {
                throw new IllegalArgumentException(parameter + ": '" + p + "' is not a package name such as com.example");
            }
            names.add(p);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(parameter + ": names no package: '" + packages + "'");
        }
        return List.copyOf(names);
    }

    /**
     * Thread-safe: installs the detector for the named packages, once per JVM; a second call with the same packages
     * returns at once (happens-before: everything the first call did happens-before the return of every later call,
     * through this class's monitor).
     *
     * @param packages comma-separated package names, e.g. {@code com.example,org.acme.core}
     * @throws IllegalArgumentException if {@code packages} names no package, or names others than an earlier call
     * @throws IllegalStateException if the agent could not be attached; the message says why
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static synchronized void install(String packages) {
        List<String> wanted = packageNames("packages", packages);
        String args = "packages=" + String.join(",", wanted);
        String installed = RaceAgent.installedWith();
        if (installed != null) {
            if (!installed.equals(String.join(",", wanted))) {
                throw new IllegalArgumentException("packages: the detector is installed for " + installed
                        + " in this JVM and cannot change to " + String.join(",", wanted));
            }
            return;
        }
        attach(args);
        if (RaceAgent.installedWith() == null) {
            throw new IllegalStateException("the race detector's agent was attached but did not start in this JVM"
                    + " (threadproof-race must be on the system class path)");
        }
    }

    /**
     * Thread-safe: whether the detector is installed in this JVM.
     *
     * @return true after a successful {@link #install} or {@code -javaagent}
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static boolean installed() {
        return Control.isOn();
    }

    /**
     * Thread-safe: the packages the detector instruments, or null when it is not installed.
     *
     * @return comma-separated package names
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static String packages() {
        return RaceAgent.installedWith();
    }

    /**
     * Thread-safe: the races found since the detector was installed, from the {@code from}-th on (use
     * {@link #count()} before a piece of work as its {@code from}).
     *
     * @param from how many to skip, at least 0
     * @return a new list, in the order the races were found
     * @throws IllegalArgumentException if {@code from} is negative
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static List<RaceReport> reports(int from) {
        if (from < 0) {
            throw new IllegalArgumentException("from: must be at least 0, was " + from);
        }
        return Control.reports(from);
    }

    /**
     * Thread-safe: forgets which pairs of lines were reported, so that the next race on any of them is reported
     * again; each pair is otherwise reported once per JVM. The harness calls it at the start of every test, so a test
     * that meets a race an earlier test met fails too.
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void forgetReported() {
        Control.forgetReported();
    }

    /**
     * Thread-safe: how many races were found so far (each pair of code locations once).
     *
     * @return the count
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static int count() {
        return Control.reportCount();
    }

    /**
     * Thread-safe: how many threads the detector has tracked (each one an entry of every vector clock).
     *
     * @return the count
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static int threadsTracked() {
        return Control.threadsSeen();
    }

    /**
     * Thread-safe: how long the detector's vector clocks are: the most threads alive at once, at least 64 (the
     * entries of ended threads are reused, so a race between an ended thread and the thread that took its entry is
     * not reported).
     *
     * @return the count
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static int clockSlots() {
        return Control.clockSlots();
    }

    /**
     * Thread-safe: the {@code @BenignRace} fields the instrumented code touched, each with its declared reason;
     * their accesses are not checked.
     *
     * @return field (class.name) to reason
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Map<String, String> benignRaces() {
        return Control.benignRaces();
    }

    private static void attach(String args) {
        Path jar = null;
        try {
            jar = agentJar();
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            String classes = location(Attacher.class);
            List<String> cmd = List.of(java, "--add-modules", "jdk.attach", "-cp", classes, Attacher.class.getName(),
                    Long.toString(ProcessHandle.current().pid()), jar.toString(), args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("attaching the race detector took over " + ATTACH_TIMEOUT_SECONDS
                        + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("could not attach the race detector (exit " + p.exitValue() + "): "
                        + new String(out, StandardCharsets.UTF_8).trim() + "; a JVM started with"
                        + " -XX:-EnableDynamicAgentLoading needs -javaagent instead (the Maven plugin's prepare-agent"
                        + " goal)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not attach the race detector: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while attaching the race detector", e);
        } finally {
            if (jar != null) {
                try {
                    Files.deleteIfExists(jar);
                } catch (IOException e) {
                    jar.toFile().deleteOnExit();
                }
            }
        }
    }

    /** A jar with only the agent's manifest: its classes are already on this JVM's class path. */
    private static Path agentJar() throws IOException {
        Path jar = Files.createTempFile("threadproof-race-agent", ".jar");
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Agent-Class", RaceAgent.class.getName());
        a.putValue("Can-Retransform-Classes", "true");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return jar;
    }

    private static String location(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot find where " + c.getName() + " was loaded from", e);
        }
    }
}
