package dev.threadproof.race;

import dev.threadproof.annotations.ThreadSafety;
import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable: one data race the detector found: two accesses to the same location by two threads, at least one a
 * write and at least one not a synchronization action, that happens-before does not order.
 *
 * <p>The detector reports each pair of code locations once per JVM. The access found second (the one whose check
 * met the race) comes with the stack it was made on; the first comes with its code location and the stack of the
 * first time that line ran in this JVM (the detector keeps each location's last access as a thread, a clock and a
 * line, not a stack).
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
public final class RaceReport {
    private final String location;
    private final Access first;
    private final Access second;

    /**
     * Immutable: makes a report.
     *
     * @param location what was accessed, e.g. {@code field com.example.Counter.count of com.example.Counter@1b6d3586}
     * @param first the earlier access
     * @param second the later access, whose check found the race
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public RaceReport(String location, Access first, Access second) {
        this.location = Objects.requireNonNull(location, "location");
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    /**
     * Immutable: what was accessed: a field and its object, a static field, or an array element.
     *
     * @return the location, e.g. {@code element [17] of long[64]@4e25154f}
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public String location() {
        return location;
    }

    /**
     * Immutable: the earlier of the two accesses.
     *
     * @return the access
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public Access first() {
        return first;
    }

    /**
     * Immutable: the later of the two accesses (the one being made when the race was found).
     *
     * @return the access
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public Access second() {
        return second;
    }

    /**
     * Immutable: the two code locations as one key, {@code A.java:12 <-> B.java:40}, the unit the detector
     * de-duplicates on.
     *
     * @return the key
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public String sites() {
        return first.where() + " <-> " + second.where();
    }

    /**
     * Immutable: the report as people read it: the location, then each access with its thread, kind, line and stack.
     *
     * @return several lines
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("Data race on ").append(location).append('\n');
        second.append(b, "  ");
        first.append(b, "  previous ");
        b.append("  No synchronization orders the two accesses (neither happens-before the other).");
        return b.toString();
    }

    /** Immutable: one side of a race: who, what and where. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final class Access {
        private static final int STACK_LINES = 12;
        private final String thread;
        private final String kind;
        private final StackTraceElement site;
        private final StackTraceElement[] stack;
        private final boolean firstRunStack;

        /**
         * Immutable: makes one side of a report.
         *
         * @param thread the thread's name
         * @param kind {@code read}, {@code write}, {@code atomic read} or {@code atomic write}
         * @param site the code location
         * @param stack a stack of the access
         * @param firstRunStack whether {@code stack} is the stack of the first time the line ran, not of this access
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public Access(String thread, String kind, StackTraceElement site, StackTraceElement[] stack,
                boolean firstRunStack) {
            this.thread = Objects.requireNonNull(thread, "thread");
            this.kind = Objects.requireNonNull(kind, "kind");
            this.site = Objects.requireNonNull(site, "site");
            this.stack = stack.clone();
            this.firstRunStack = firstRunStack;
        }

        /**
         * Immutable: the name of the thread that made the access.
         *
         * @return the name
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public String thread() {
            return thread;
        }

        /**
         * Immutable: {@code read}, {@code write}, {@code atomic read} or {@code atomic write} (atomic: a volatile,
         * atomic or VarHandle access in a mode other than plain).
         *
         * @return the kind
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public String kind() {
            return kind;
        }

        /**
         * Immutable: the code location of the access.
         *
         * @return class, method, file and line
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public StackTraceElement site() {
            return site;
        }

        /**
         * Immutable: a stack of the access, without the detector's frames.
         *
         * @return a copy of the stack
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public StackTraceElement[] stack() {
            return stack.clone();
        }

        /**
         * Immutable: the access's line as {@code File.java:12}.
         *
         * @return the file and line
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public String where() {
            return site.getClassName() + "." + site.getMethodName() + "(" + site.getFileName() + ":"
                    + site.getLineNumber() + ")";
        }

        void append(StringBuilder b, String prefix) {
            b.append(prefix).append(kind).append(" by thread \"").append(thread).append("\" at ").append(where())
                    .append('\n');
            if (firstRunStack) {
                b.append("    (stack of the first time this line ran)\n");
            }
            int n = Math.min(stack.length, STACK_LINES);
            for (int i = 0; i < n; i++) {
                b.append("      at ").append(stack[i]).append('\n');
            }
            if (stack.length > n) {
                b.append("      ... ").append(stack.length - n).append(" more\n");
            }
        }

        /**
         * Immutable: the access in one line.
         *
         * @return kind, thread, line and stack
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        @Override
        public String toString() {
            return kind + " by " + thread + " at " + where() + " " + Arrays.toString(stack);
        }
    }
}
