package dev.threadproof.junit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Thread-safe: lets {@code -Dthreadproof.threads=N} or {@code -Dthreadproof.mode=explore} alone run a whole suite
 * free-threaded; registered with the JUnit Platform launcher through {@code ServiceLoader}.
 *
 * <p>When {@code threadproof.threads}, {@code threadproof.mode} or {@code threadproof.replay} is a system property or
 * in {@code junit-platform.properties}, and the user has
 * not configured JUnit's extension auto-detection, it turns auto-detection on for the session, restricted to
 * {@code dev.threadproof.junit.*} (so no other extension on the classpath is picked up), and makes
 * {@link FreeThreadedDisplayNames} the default display-name generator unless one is set. It restores the system
 * properties when the session closes. Configuration given only as launcher parameters (Surefire's
 * {@code configurationParameters}) is not visible here: there, also set
 * {@code junit.jupiter.extensions.autodetection.enabled=true}.
 */
public final class HarnessSessionListener implements LauncherSessionListener {
    static final String AUTODETECT = "junit.jupiter.extensions.autodetection.enabled";
    static final String AUTODETECT_INCLUDE = "junit.jupiter.extensions.autodetection.include";
    static final String DISPLAY_NAMES = "junit.jupiter.displayname.generator.default";

    private final Map<String, String> previous = new LinkedHashMap<>();

    /** Creates the listener; the JUnit Platform launcher does this. */
    public HarnessSessionListener() {
    }

    /** Thread-safe: turns on auto-detection for this session when the harness is asked for. */
    @Override
    public synchronized void launcherSessionOpened(LauncherSession session) {
        Properties file = HarnessConfig.classpathProperties();
        if (!asked(file, HarnessConfig.THREADS) && !asked(file, HarnessConfig.MODE)
                && !asked(file, HarnessConfig.REPLAY)) {
            return;
        }
        if (System.getProperty(AUTODETECT) == null && file.getProperty(AUTODETECT) == null) {
            set(AUTODETECT, "true");
            if (System.getProperty(AUTODETECT_INCLUDE) == null && file.getProperty(AUTODETECT_INCLUDE) == null) {
                set(AUTODETECT_INCLUDE, "dev.threadproof.junit.*");
            }
        }
        if (System.getProperty(DISPLAY_NAMES) == null && file.getProperty(DISPLAY_NAMES) == null) {
            set(DISPLAY_NAMES, FreeThreadedDisplayNames.class.getName());
        }
    }

    private static boolean asked(Properties file, String key) {
        return System.getProperty(key) != null || file.getProperty(key) != null;
    }

    private void set(String key, String value) {
        previous.put(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    /**
     * Thread-safe: restores the system properties it set; then, when a summary or an evidence file of this session
     * could not be written, or a replay id named no test that ran, fails the session with an error that names each
     * file and its tests, or the id (the result must not
     * be lost quietly; JUnit logs and ignores a listener's failure at the end of a test plan, so the error is raised
     * here, where the launcher's caller sees it).
     *
     * @throws IllegalStateException naming the files that could not be written
     */
    @Override
    public synchronized void launcherSessionClosed(LauncherSession session) {
        restore();
        List<String> errors = HarnessLog.takeWriteErrors();
        String replay = System.getProperty(HarnessConfig.REPLAY, HarnessConfig.classpathProperties()
                .getProperty(HarnessConfig.REPLAY, "")).trim();
        if (!replay.isEmpty() && !FreeThreadedExtension.REPLAYED.contains(replay)) {
            errors = new java.util.ArrayList<>(errors);
            errors.add("threadproof: the replay id " + replay + " (" + HarnessConfig.REPLAY + ") named no test of this"
                    + " session: it names the test that printed it, by its JUnit id; run that test (-Dtest=...)");
        }
        if (!errors.isEmpty()) {
            String msg = String.join("\n", errors);
            System.err.println("[threadproof] ERROR: " + msg);
            throw new IllegalStateException(msg);
        }
    }

    private void restore() {
        for (Map.Entry<String, String> e : previous.entrySet()) {
            if (e.getValue() == null) {
                System.clearProperty(e.getKey());
            } else {
                System.setProperty(e.getKey(), e.getValue());
            }
        }
        previous.clear();
    }
}
