package dev.threadproof.runtime;

import dev.threadproof.annotations.Certifies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
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
        Certifies c = m.getAnnotation(Certifies.class);
        StringBuilder members = new StringBuilder("[");
        for (int i = 0; i < c.members().length; i++) {
            members.append(i == 0 ? "" : ", ").append('"').append(c.members()[i]).append('"');
        }
        members.append(']');
        String test = m.getDeclaringClass().getName() + "#" + m.getName();
        String json = "{\n"
                + "  \"schema\": \"threadproof-junit-evidence/1\",\n"
                + "  \"test\": \"" + test + "\",\n"
                + "  \"certifies\": {\"type\": \"" + c.type().getName() + "\", \"members\": " + members + "},\n"
                + "  \"result\": \"" + result + "\",\n"
                + "  \"failure\": " + (cause == null ? "null" : "\"" + cause.toString().replace("\\", "\\\\")
                        .replace("\"", "\\\"").replace("\n", "\\n") + "\"") + ",\n"
                + "  \"provenance\": {\"tool\": \"JUnit 5\", \"jdk\": \"" + System.getProperty("java.vm.vendor") + " "
                        + System.getProperty("java.runtime.version") + "\", \"javaVersion\": \""
                        + System.getProperty("java.version") + "\", \"cpus\": "
                        + Runtime.getRuntime().availableProcessors() + ", \"arch\": \"" + System.getProperty("os.arch")
                        + "\", \"commit\": \"" + System.getProperty("threadproof.commit", "unknown") + "\", \"date\": \""
                        + Instant.now() + "\"}\n"
                + "}\n";
        Path dir = Paths.get(System.getProperty("threadproof.junit.evidence", "target/junit-evidence"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(test.replace('#', '-') + ".json"), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
