package dev.threadproof.race.agent;

import dev.threadproof.race.rt.RaceRt;

/**
 * Immutable: a VarHandle access method's memory ordering and shape, from its name (java.lang.invoke.VarHandle's
 * access modes): plain {@code get}/{@code set} are data accesses; opaque ones are atomic but order nothing;
 * {@code getAcquire} acquires, {@code setRelease} releases, the volatile modes and the read-modify-writes do both
 * unless their name says {@code Acquire}, {@code Release} or {@code Plain}.
 */
final class VarHandleModes {
    private VarHandleModes() {
    }

    /** The mode ({@link RaceRt#VH_PLAIN} ... with the READS/WRITES flags), or -1 for a method that is no access. */
    static int mode(String name) {
        int r = RaceRt.VH_READS;
        int w = RaceRt.VH_WRITES;
        switch (name) {
            case "get":
                return RaceRt.VH_PLAIN | r;
            case "set":
                return RaceRt.VH_PLAIN | w;
            case "getOpaque":
                return RaceRt.VH_OPAQUE | r;
            case "setOpaque":
                return RaceRt.VH_OPAQUE | w;
            case "getAcquire":
                return RaceRt.VH_ACQUIRE | r;
            case "setRelease":
                return RaceRt.VH_RELEASE | w;
            case "getVolatile":
                return RaceRt.VH_VOLATILE | r;
            case "setVolatile":
                return RaceRt.VH_VOLATILE | w;
            case "weakCompareAndSetPlain":
                return RaceRt.VH_RMW_PLAIN | r | w;
            default:
                break;
        }
        if (!(name.startsWith("compareAnd") || name.startsWith("weakCompareAnd") || name.startsWith("getAnd"))) {
            return -1;
        }
        if (name.endsWith("Acquire")) {
            return RaceRt.VH_RMW_ACQUIRE | r | w;
        }
        if (name.endsWith("Release")) {
            return RaceRt.VH_RMW_RELEASE | r | w;
        }
        return RaceRt.VH_VOLATILE | r | w;
    }

    /** How many value arguments follow the coordinates: 0 for a get, 2 for a compare-and-set, else 1. */
    static int values(String name) {
        if (name.startsWith("get") && !name.startsWith("getAnd")) {
            return 0;
        }
        if (name.startsWith("compareAnd") || name.startsWith("weakCompareAnd")) {
            return 2;
        }
        return 1;
    }
}
