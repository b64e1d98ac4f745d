package dev.threadproof.runtime;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.evidence.EvidenceFiles;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Records the outcome of every concurrent unit test that carries {@link Certifies}, as evidence for the thread-safety
 * report: one JSON file per test method in {@code threadproof.junit.evidence} (default {@code target/junit-evidence}),
 * schema {@code threadproof-junit-evidence/1}. Registered for every test by JUnit's extension auto-detection
 * ({@code junit-platform.properties}).
 */
public final class CertifiesRecorder implements TestWatcher {

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, "PASSED", null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, "FAILED", cause);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, "SKIPPED", cause);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, "SKIPPED", null);
    }

    private static void record(ExtensionContext context, String result, Throwable cause) {
        Method m = context.getTestMethod().orElse(null);
        if (m == null || !m.isAnnotationPresent(Certifies.class)) {
            return;
        }
        String test = m.getDeclaringClass().getName() + "#" + m.getName();
        Map<String, Object> ev = EvidenceFiles.record("threadproof-junit-evidence/1");
        ev.put("test", test);
        ev.put("certifies", EvidenceFiles.certifies(m.getAnnotation(Certifies.class)));
        ev.put("result", result);
        ev.put("failure", cause == null ? null : cause.toString());
        ev.put("provenance", EvidenceFiles.provenance("JUnit 5", System.getProperty("threadproof.commit", "unknown")));
        Path dir = Paths.get(System.getProperty("threadproof.junit.evidence", "target/junit-evidence"));
        EvidenceFiles.write(dir.resolve(EvidenceFiles.fileName(test)), ev);
    }
}
