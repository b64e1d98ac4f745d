package dev.threadproof.runtime;

/**
 * The environment defaults, read once: {@value WorkerCount#ENV} and {@value Schedule#ENV}. A malformed value is kept as
 * an error message and thrown, naming the variable, by every call that needs it.
 */
final class Env {
    private Env() {
    }

    private static final class NumThreads {
        static final String RAW = System.getenv(WorkerCount.ENV);
        static final int VALUE;
        static final String ERROR;

        static {
            int value = 0;
            String error = null;
            if (RAW != null && !RAW.isBlank()) {
                try {
                    value = WorkerCount.resolve(parseInt(RAW.trim()), WorkerCount.USABLE_CORES, WorkerCount.ENV);
                } catch (IllegalArgumentException e) {
                    error = "environment variable " + WorkerCount.ENV + "='" + RAW + "' is invalid: " + e.getMessage();
                }
            }
            VALUE = value;
            ERROR = error;
        }

        private static int parseInt(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer; expected a thread count such as 4, or -1 for all "
                        + "usable cores");
            }
        }
    }

    private static final class ScheduleVar {
        static final String RAW = System.getenv(Schedule.ENV);
        static final Schedule VALUE;
        static final String ERROR;

        static {
            Schedule value = Schedule.STATIC;
            String error = null;
            if (RAW != null && !RAW.isBlank()) {
                try {
                    value = Schedule.parse(RAW);
                } catch (IllegalArgumentException e) {
                    error = "environment variable " + Schedule.ENV + "='" + RAW + "' is invalid: " + e.getMessage();
                }
            }
            VALUE = value;
            ERROR = error;
        }
    }

    /** The raw value of THREADPROOF_NUM_THREADS, or null. */
    static String numThreadsRaw() {
        return NumThreads.RAW;
    }

    /** The worker count THREADPROOF_NUM_THREADS asks for, or 0 when unset. */
    static int numThreads() {
        if (NumThreads.ERROR != null) {
            throw new IllegalStateException(NumThreads.ERROR);
        }
        return NumThreads.VALUE;
    }

    /** The raw value of THREADPROOF_SCHEDULE, or null. */
    static String scheduleRaw() {
        return ScheduleVar.RAW;
    }

    /**
     * The schedule a call runs with: {@link Schedule#runtime()} resolved against {@value Schedule#ENV}; other
     * schedules resolve to themselves. The resolution belongs to the call, not to the schedule value.
     */
    static Schedule resolve(Schedule s) {
        return s.kind() == Schedule.Kind.RUNTIME ? schedule() : s;
    }

    static Schedule schedule() {
        if (ScheduleVar.ERROR != null) {
            throw new IllegalStateException(ScheduleVar.ERROR);
        }
        return ScheduleVar.VALUE;
    }
}
