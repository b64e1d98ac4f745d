package dev.threadproof.race.rt;

import dev.threadproof.annotations.ThreadSafety;
import dev.threadproof.race.RaceReport;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Thread-safe: the detector's switch and its findings, for the agent and {@link dev.threadproof.race.Race} (not an
 * API for people: use {@code Race}).
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE, note = "internal: the agent and Race call it")
public final class Control {
    private Control() {
    }

    /**
     * Thread-safe: switches the detector on; every callback made after this returns (happens-before: the switch is a
     * volatile write that every callback reads) is checked.
     *
     * @param onRace told of each new race as it is found, on the thread that found it
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void switchOn(Consumer<RaceReport> onRace) {
        RaceRt.switchOn(onRace);
    }

    /**
     * Thread-safe: whether the detector is on.
     *
     * @return true once {@link #switchOn} ran
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static boolean isOn() {
        return RaceRt.isOn();
    }

    /**
     * Thread-safe: the races found so far, from the {@code from}-th on (in the order they were found).
     *
     * @param from how many to skip
     * @return a new list
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static List<RaceReport> reports(int from) {
        return Detector.reports(from);
    }

    /**
     * Thread-safe: forgets which pairs of lines were reported, so that the next race on any of them is reported again
     * (the harness does it at the start of every test, so each test meets its own races).
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void forgetReported() {
        Detector.forgetReported();
    }

    /**
     * Thread-safe: how many races were found so far.
     *
     * @return the count
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static int reportCount() {
        return Detector.reportCount();
    }

    /**
     * Thread-safe: how many threads have a clock entry (each thread that made a checked access or started one); the
     * length of the detector's vector clocks, so its cost per synchronization.
     *
     * @return the count
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static int threadsSeen() {
        return Detector.threadsSeen();
    }

    /**
     * Thread-safe: how many vector-clock entries exist (slots of ended threads are reused), the length of every clock.
     *
     * @return the count
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static int clockSlots() {
        return Detector.slots();
    }

    /**
     * Thread-safe: the fields declared {@code @BenignRace} that the instrumented code accessed, with their reasons.
     *
     * @return field to reason, sorted by field
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Map<String, String> benignRaces() {
        return Registry.benignFields();
    }
}
