package dev.threadproof.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import dev.threadproof.runtime.Parallel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operators over the runtime's real sources: what they find, that mutants parse and compile, nothing changed. */
class RuntimeMutantsTest {
    static final Path SOURCES = Paths.get(System.getProperty("mutation.sources", "../runtime/src/main/java"));

    /**
     * The operators whose constructs the runtime uses today; each must find at least one point there. SWAP_STORES
     * found one, the worker's participant number stored before its task; the number was never read, and its field
     * went when that survivor showed it (the operator's own tests use fixtures).
     */
    static final List<String> USED = List.of("REMOVE_VOLATILE", "SPLIT_RMW", "WEAKEN_ACCESS_MODE", "DELETE_WAIT",
            "SHORTEN_SPIN_WAIT", "DROP_INTERRUPT", "SWAP_INTERRUPTED", "THREADLOCAL_TO_SHARED");

    private static String hash(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                md.update(p.toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(p));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void everyUsedOperatorFindsPointsAndEveryMutantParsesAndDiffers() throws Exception {
        String before = hash(SOURCES);
        List<Mutant> mutants = MutantGenerator.generate(SOURCES, Operators.all());
        assertEquals(before, hash(SOURCES), "the working tree is never changed");

        Map<String, Integer> perOperator = new TreeMap<>();
        mutants.forEach(m -> perOperator.merge(m.operator(), 1, Integer::sum));
        System.out.println("[mutation] " + mutants.size() + " mutants of " + SOURCES + ": " + perOperator);
        for (String op : USED) {
            assertTrue(perOperator.getOrDefault(op, 0) > 0, op + " found no point in the runtime: " + perOperator);
        }
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        for (Mutant m : mutants) {
            assertTrue(parser.parse(m.source()).isSuccessful(), m.id() + " does not parse");
            String original = Files.readString(SOURCES.resolve(m.file()), StandardCharsets.UTF_8);
            assertFalse(original.equals(m.source()), m.id() + " changes nothing");
            assertFalse(m.before().equals(m.after()), m.id());
        }
        assertEquals(mutants.size(), mutants.stream().map(Mutant::id).distinct().count(), "ids are unique");
    }

    @Test
    void theFirstMutantOfEachOperatorCompilesAgainstTheRuntimeAndABrokenOneDoesNot(@TempDir Path tmp)
            throws Exception {
        Path runtimeClasses = Paths.get(Parallel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path annotations = Paths.get(dev.threadproof.annotations.ThreadSafety.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        Map<String, Mutant> first = new LinkedHashMap<>();
        for (Mutant m : MutantGenerator.generate(SOURCES, Operators.all())) {
            first.putIfAbsent(m.operator(), m);
        }
        for (Mutant m : first.values()) {
            MutantCompiler.Result r = MutantCompiler.compile(m, List.of(runtimeClasses, annotations),
                    tmp.resolve(m.operator()));
            assertTrue(r.valid(), m + "\n" + r.errors());
            String cls = m.file().replace(".java", ".class");
            assertTrue(Files.isRegularFile(tmp.resolve(m.operator()).resolve("classes").resolve(cls)), cls);
        }
        Mutant any = first.values().iterator().next();
        Mutant broken = new Mutant("TEST", any.file(), any.type(), any.member(), 1, 0, "", "",
                any.source() + "\nclass BrokenByTheTest { int notAString = \"text\"; }\n");
        MutantCompiler.Result r = MutantCompiler.compile(broken, List.of(runtimeClasses, annotations),
                tmp.resolve("broken"));
        assertFalse(r.valid(), "a mutant that does not type-check is invalid");
        assertTrue(r.errors().contains("incompatible types"), r.errors());
    }
}
