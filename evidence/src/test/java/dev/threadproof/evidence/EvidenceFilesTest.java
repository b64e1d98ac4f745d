package dev.threadproof.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadproof.annotations.Certifies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one evidence writer: what it writes reads back exactly, with the one provenance schema. */
class EvidenceFilesTest {
    @TempDir
    Path tmp;

    @Certifies(type = String.class, members = {"length", "<init>"})
    static class Certifying {
    }

    @Test
    void aTestNameWithQuotesBackslashesAndControlCharactersReadsBackExactly() throws Exception {
        String awkward = "com.example.T#\"quoted\" \\back\\slash\nnew line\ttab\u0001";
        Map<String, Object> ev = EvidenceFiles.record("threadproof-junit-evidence/1");
        ev.put("test", awkward);
        ev.put("certifies", EvidenceFiles.certifies(Certifying.class.getAnnotation(Certifies.class)));
        ev.put("failure", null);
        ev.put("provenance", EvidenceFiles.provenance("JUnit 5", "abc123"));
        Path file = tmp.resolve("out").resolve(EvidenceFiles.fileName(awkward));
        EvidenceFiles.write(file, ev);
        JsonNode back = new ObjectMapper().readTree(file.toFile());
        assertEquals(awkward, back.path("test").asText());
        assertEquals("threadproof-junit-evidence/1", back.path("schema").asText());
        assertEquals("java.lang.String", back.path("certifies").path("type").asText());
        assertEquals("<init>", back.path("certifies").path("members").get(1).asText());
        assertTrue(back.path("failure").isNull());
        assertEquals("abc123", back.path("provenance").path("commit").asText());
    }

    /** Strings a real suite's test names, parameters and messages hold; each must read back exactly. */
    static final String[] HOSTILE = {
        "\uD834", "\uDD1E", "a\uD834b", "\uDD1E\uD834", "\uD834\uDD1E", "ends high \uD834", "\u0000nul\u0000",
        "\u0001\u001F\u007F\u0085\u2028\u2029", "\uFEFF bom", "\uFFFE\uFFFF", "tab\tcr\rlf\n", "\"\\/",
        "emoji \uD83D\uDE00 and lone \uDE00", "", " ", "é ß 漢字 \u05D0\u05D1 rtl"
    };

    @Test
    void everyJavaStringRoundTripsThroughAnEvidenceFile() throws Exception {
        Map<String, Object> ev = EvidenceFiles.record("threadproof-test/1");
        for (int i = 0; i < HOSTILE.length; i++) {
            ev.put("s" + i, HOSTILE[i]);
        }
        ev.put("list", java.util.List.of(HOSTILE));
        Path file = tmp.resolve("hostile.json");
        EvidenceFiles.write(file, ev);
        JsonNode back = new ObjectMapper().readTree(file.toFile());
        for (int i = 0; i < HOSTILE.length; i++) {
            assertEquals(HOSTILE[i], back.path("s" + i).asText(), "value " + i);
            assertEquals(HOSTILE[i], back.path("list").get(i).asText(), "list element " + i);
        }
        // the bytes on disk are well-formed UTF-8: a strict decoder accepts them
        java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file)));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(tmp)) {
            assertEquals(java.util.List.of(file), files.collect(java.util.stream.Collectors.toList()));
        }
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path dir = tmp.resolve("d");
        java.nio.file.Files.createDirectories(dir.resolve("summary.json")); // a folder where the file must go
        Path file = dir.resolve("summary.json");
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.UncheckedIOException.class, () -> EvidenceFiles.write(file, EvidenceFiles.record("x/1")));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            assertEquals(java.util.List.of(file), files.collect(java.util.stream.Collectors.toList()),
                    "only the folder that was in the way is left");
        }
    }

    @Test
    void everyEvidenceFileSharesOneProvenanceSchema() {
        Map<String, Object> p = EvidenceFiles.provenance("Lincheck 3.7", null);
        String hash = System.getProperty(EvidenceFiles.CODE_HASH_PROPERTY, "");
        List<String> keys = new ArrayList<>(List.of("tool", "jdk", "javaVersion", "cpus", "arch", "os", "commit"));
        if (!hash.isEmpty()) {
            keys.add("codeHash"); // ci/certify.sh sets the property for the whole build
        }
        keys.add("date");
        assertEquals(keys, new ArrayList<>(p.keySet()));
        assertEquals(hash.isEmpty() ? null : hash, p.get("codeHash"));
        assertEquals("unknown", p.get("commit"), "no commit is recorded as unknown, never as null");
        assertEquals(Runtime.getRuntime().availableProcessors(), p.get("cpus"));
        JsonNode node = new ObjectMapper().valueToTree(p);
        assertEquals("JDK " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, " + System.getProperty("os.arch"), EvidenceFiles.describe(node));
    }

    /** The code hash, when the property carries one, is recorded: the report's staleness check rests on it. */
    @Test
    void theCodeHashPropertyIsRecorded() {
        String saved = System.getProperty(EvidenceFiles.CODE_HASH_PROPERTY);
        System.setProperty(EvidenceFiles.CODE_HASH_PROPERTY, "feedbeef");
        try {
            assertEquals("feedbeef", EvidenceFiles.provenance("JUnit 5", "c").get("codeHash"));
            System.setProperty(EvidenceFiles.CODE_HASH_PROPERTY, "");
            assertTrue(!EvidenceFiles.provenance("JUnit 5", "c").containsKey("codeHash"), "an empty hash is no hash");
        } finally {
            if (saved == null) {
                System.clearProperty(EvidenceFiles.CODE_HASH_PROPERTY);
            } else {
                System.setProperty(EvidenceFiles.CODE_HASH_PROPERTY, saved);
            }
        }
    }

    @Test
    void fileNamesAreSafeAndWritesLeaveNoTemporaryFiles() throws Exception {
        assertEquals("com.example.CacheTest-put.json", EvidenceFiles.fileName("com.example.CacheTest#put"));
        assertEquals("a_b_c-d.json", EvidenceFiles.fileName("a/b\\c#d"));
        assertNull(EvidenceFiles.certifies((Certifies) null));
        EvidenceFiles.write(tmp.resolve("x.json"), EvidenceFiles.record("s/1"));
        EvidenceFiles.write(tmp.resolve("x.json"), EvidenceFiles.record("s/2"));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(tmp.resolve("x.json")), files.toList());
        }
        assertEquals("s/2", new ObjectMapper().readTree(tmp.resolve("x.json").toFile()).path("schema").asText());
    }
}
