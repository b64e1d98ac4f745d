package dev.threadproof.race.rt;

import dev.threadproof.annotations.ThreadSafety;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe: the numbered code sites and fields of the instrumented classes. The instrumenter numbers each access
 * and call it rewrites (a site: class, method, source line, what it does) and each field it sees (declaring class,
 * name, flags); the instrumented code passes those numbers to {@link RaceRt}. Registration is under this class's
 * monitor; readers see the arrays through volatile fields (copy-on-grow), so a number handed to instrumented code
 * before the class is defined is visible to every thread that runs it.
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE, note = "internal: the instrumenter and RaceRt call it")
public final class Registry {
    /** Field flag: declared {@code volatile}. */
    public static final int VOLATILE = 1;
    /** Field flag: declared {@code static}. */
    public static final int STATIC = 2;

    private static volatile StackTraceElement[] sites = new StackTraceElement[1024];
    private static volatile String[] siteWhat = new String[1024];
    private static volatile StackTraceElement[][] firstStacks = new StackTraceElement[1024][];
    private static int siteCount = 1; // 0 is "no site"

    private static final Map<String, Integer> FIELD_IDS = new ConcurrentHashMap<>();
    private static volatile String[] fieldNames = new String[256];
    private static volatile int[] fieldFlags = new int[256];
    private static int fieldCount;
    private static final Map<String, String> BENIGN = new ConcurrentHashMap<>();

    private Registry() {
    }

    /**
     * Thread-safe: numbers a code site; called by the instrumenter (happens-before: the registration, under this
     * class's monitor, before the volatile write of the grown arrays that every reader reads first).
     *
     * @param className the class, binary name
     * @param method the method
     * @param file the source file, or null
     * @param line the source line, or 0
     * @param what what the instruction does, for reports
     * @return the site's number
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static synchronized int site(String className, String method, String file, int line, String what) {
        int id = siteCount++;
        if (id == sites.length) {
            firstStacks = Arrays.copyOf(firstStacks, id * 2);
            siteWhat = Arrays.copyOf(siteWhat, id * 2);
            sites = Arrays.copyOf(sites, id * 2);
        }
        siteWhat[id] = what;
        sites[id] = new StackTraceElement(className, method, file, line);
        return id;
    }

    /**
     * Thread-safe: the number of a field, given its declaring class (internal or binary name) and name; the same
     * number for every class that accesses it, and for the VarHandles that name it.
     *
     * @param declaringClass the class that declares it
     * @param name the field's name
     * @param flags {@link #VOLATILE}, {@link #STATIC}
     * @return the field's number
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static int field(String declaringClass, String name, int flags) {
        String key = declaringClass.replace('/', '.') + "." + name;
        Integer id = FIELD_IDS.get(key);
        if (id != null) {
            return id;
        }
        synchronized (Registry.class) {
            id = FIELD_IDS.get(key);
            if (id != null) {
                return id;
            }
            int n = fieldCount++;
            if (n == fieldNames.length) {
                fieldFlags = Arrays.copyOf(fieldFlags, n * 2);
                fieldNames = Arrays.copyOf(fieldNames, n * 2);
            }
            fieldFlags[n] = flags;
            fieldNames[n] = key;
            FIELD_IDS.put(key, n);
            return n;
        }
    }

    /** The field's id if it was numbered, else -1. */
    static int fieldIfKnown(String declaringClass, String name) {
        Integer id = FIELD_IDS.get(declaringClass.replace('/', '.') + "." + name);
        return id == null ? -1 : id;
    }

    /**
     * Thread-safe: records a field declared {@code @BenignRace}: it is not checked, and every summary lists it.
     *
     * @param declaringClass the class that declares it
     * @param name the field's name
     * @param reason the annotation's reason
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void benign(String declaringClass, String name, String reason) {
        BENIGN.put(declaringClass.replace('/', '.') + "." + name, reason);
    }

    static Map<String, String> benignFields() {
        return new java.util.TreeMap<>(BENIGN);
    }

    static String fieldName(int id) {
        return fieldNames[id];
    }

    static int fieldFlags(int id) {
        return fieldFlags[id];
    }

    static synchronized int fieldCount() {
        return fieldCount;
    }

    static StackTraceElement site(int id) {
        return sites[id];
    }

    static String what(int id) {
        return siteWhat[id];
    }

    /** Keeps the stack of a site's first execution (once per site), for reports of races whose other side it is. */
    static void firstRun(int id) {
        if (firstStacks[id] == null) {
            StackTraceElement[] stack = trim(new Throwable().getStackTrace());
            synchronized (Registry.class) {
                if (firstStacks[id] == null) {
                    firstStacks[id] = stack;
                }
            }
        }
    }

    static synchronized StackTraceElement[] firstStack(int id) {
        StackTraceElement[] s = firstStacks[id];
        return s == null ? new StackTraceElement[0] : s;
    }

    /** A stack without the detector's own frames. */
    static StackTraceElement[] trim(StackTraceElement[] stack) {
        List<StackTraceElement> out = new ArrayList<>(stack.length);
        for (StackTraceElement e : stack) {
            if (!e.getClassName().startsWith("dev.threadproof.race.rt.")) {
                out.add(e);
            }
        }
        return out.toArray(new StackTraceElement[0]);
    }
}
