package dev.threadproof.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.threadproof.annotations.Certifies;
import dev.threadproof.annotations.ThreadSafety;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thread-safe (stateless): the one writer of threadproof's evidence files and the one provenance schema they share.
 *
 * <p>Every evidence file (a JUnit test's, a free-threaded test's, a Lincheck run's, a jcstress summary) is a JSON
 * object with a {@code schema} name, the fields of its kind, and a {@code provenance} object with the keys of
 * {@link #provenance(String, String)}: {@code tool}, {@code jdk}, {@code javaVersion}, {@code cpus}, {@code arch},
 * {@code os}, {@code commit}, {@code date} (a writer may add keys of its own, as jcstress's budget). Values are written
 * by Jackson, so names with quotes, backslashes, control characters or NUL are escaped, and a lone UTF-16 surrogate
 * (which has no UTF-8 encoding) is written as its JSON escape (a backslash, u, four hex digits), so every Java string
 * value reads back exactly; a file is written to a sibling and moved into place, so a reader never sees half of one, and the sibling is removed
 * when the write fails.
 *
 * <pre>{@code
 * Map<String, Object> ev = EvidenceFiles.record("threadproof-junit-evidence/1");
 * ev.put("test", "com.example.CacheTest#put");
 * ev.put("certifies", EvidenceFiles.certifies(method.getAnnotation(Certifies.class)));
 * ev.put("result", "PASSED");
 * ev.put("provenance", EvidenceFiles.provenance("JUnit 5", commit));
 * EvidenceFiles.write(dir.resolve(EvidenceFiles.fileName("com.example.CacheTest#put")), ev);
 * }</pre>
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE, note = "stateless; writes to distinct files may run at once")
public final class EvidenceFiles {
    /**
     * Immutable: the system property that carries the hash of the code under test ({@code ci/certify.sh} sets it to
     * the hash of {@code runtime/src/main}); evidence recorded under another hash is stale to the report.
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final String CODE_HASH_PROPERTY = "threadproof.codeHash";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvidenceFiles() {
    }

    /**
     * Thread-safe: a new record, an insertion-ordered map holding only {@code schema}.
     *
     * @param schema the schema name and version, as {@code threadproof-lincheck-evidence/1}
     * @return the map, to fill
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Map<String, Object> record(String schema) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", schema);
        return m;
    }

    /**
     * Thread-safe: where and when evidence was produced, in the one schema every evidence file uses.
     *
     * @param tool   what produced it, as {@code Lincheck 3.7}
     * @param commit the commit under test, or {@code unknown}
     * @return tool, jdk, javaVersion, cpus, arch, os, commit, codeHash (when the system property
     *         {@value #CODE_HASH_PROPERTY} is set: the hash of the code under test, which the report compares with
     *         the code it certifies), date (an insertion-ordered map a writer may add to)
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Map<String, Object> provenance(String tool, String commit) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", tool);
        p.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        p.put("javaVersion", System.getProperty("java.version"));
        p.put("cpus", Runtime.getRuntime().availableProcessors());
        p.put("arch", System.getProperty("os.arch"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        p.put("commit", commit == null || commit.isEmpty() ? "unknown" : commit);
        String codeHash = System.getProperty(CODE_HASH_PROPERTY, "").trim();
        if (!codeHash.isEmpty()) {
            p.put("codeHash", codeHash);
        }
        p.put("date", Instant.now().toString());
        return p;
    }

    /**
     * Thread-safe: "JDK 17.0.15, 2 CPUs, amd64", the provenance of an evidence file as the report prints it.
     *
     * @param provenance the {@code provenance} object of a file read back
     * @return the line, with {@code ?} for a missing key
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static String describe(JsonNode provenance) {
        return "JDK " + provenance.path("javaVersion").asText("?") + ", " + provenance.path("cpus").asText("?")
                + " CPUs, " + provenance.path("arch").asText("?");
    }

    /**
     * Thread-safe: the {@code certifies} object of a record: the type's name and the member names.
     *
     * @param c the test's annotation, or null
     * @return the object, or null when {@code c} is null (a test that certifies nothing)
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Map<String, Object> certifies(Certifies c) {
        return c == null ? null : certifies(c.type().getName(), List.of(c.members()));
    }

    /**
     * Thread-safe: the {@code certifies} object of a record.
     *
     * @param type    the certified type's binary name
     * @param members the member names
     * @return the object
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static Map<String, Object> certifies(String type, List<String> members) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("members", List.copyOf(members));
        return m;
    }

    /**
     * Thread-safe: {@code value} as indented JSON, ending with a newline.
     *
     * @param value maps, lists, strings, numbers, booleans and nulls
     * @return the text
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static String json(Object value) {
        String text;
        try {
            text = JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getMessage(), e);
        }
        return escapeLoneSurrogates(text) + "\n";
    }

    /**
     * Jackson copies a lone surrogate (a test parameter holding U+D834 alone) into its output as the char itself,
     * which no UTF-8 writer can encode. Outside strings JSON text is ASCII, so every lone surrogate of the text is
     * inside a string literal, where its six-character escape is valid JSON that parsers read back as the same char.
     */
    static String escapeLoneSurrogates(String text) {
        StringBuilder out = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean lone;
            if (Character.isHighSurrogate(c)) {
                lone = i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1));
                if (!lone) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                lone = Character.isLowSurrogate(c);
            }
            if (lone && out == null) {
                out = new StringBuilder(n + 16).append(text, 0, i);
            }
            if (out != null) {
                if (lone) {
                    out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Thread-safe: writes {@code value} as JSON to {@code file}, creating its folder; the file appears whole or not
     * at all. Concurrent writes of one file leave one of them.
     *
     * @param file  the file
     * @param value the record
     * @throws UncheckedIOException when the file cannot be written
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void write(Path file, Object value) {
        String text = json(value);
        Path tmp = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("cannot write evidence file " + file + ": " + e,
                    e instanceof IOException ? (IOException) e : new IOException(e));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the write already failed; that failure is the one reported
                }
            }
        }
    }

    /**
     * Thread-safe: reads a JSON object that {@link #write} wrote, as insertion-ordered maps, lists, strings, numbers
     * and booleans.
     *
     * @param file the file
     * @return its content
     * @throws UncheckedIOException when the file cannot be read or does not hold a JSON object
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(Path file) {
        try {
            Object value = JSON.readValue(file.toFile(), Object.class);
            if (!(value instanceof Map)) {
                throw new IOException("not a JSON object");
            }
            return (Map<String, Object>) value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read evidence file " + file + ": " + e, e);
        }
    }

    /**
     * Thread-safe: a file name for a test's evidence, as {@code com.example.CacheTest-put.json}: {@code #} becomes
     * {@code -}, and characters that are unsafe in file names become {@code _}.
     *
     * @param test the test, as {@code class#method}
     * @return the file name
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static String fileName(String test) {
        return test.replace('#', '-').replaceAll("[^A-Za-z0-9._$-]", "_") + ".json";
    }
}
