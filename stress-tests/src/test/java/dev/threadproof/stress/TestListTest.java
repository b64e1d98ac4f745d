package dev.threadproof.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;

/**
 * The compiled tests and jcstress's generated list agree, before anything is shaded: a JDK 23+ build without
 * annotation processing compiles the tests but generates no list, and jcstress would then run nothing.
 */
class TestListTest {

    static Set<Class<?>> stressTests() throws IOException, ClassNotFoundException {
        Path root = Paths.get("target/classes");
        Set<Class<?>> out = new java.util.LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.collect(Collectors.toList())) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                boolean ours = rel.startsWith("dev/threadproof/stress/") || rel.startsWith("dev/threadproof/runtime/");
                if (rel.endsWith(".class") && ours && !rel.contains("_jcstress")) {
                    Class<?> c = Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.'));
                    if (c.isAnnotationPresent(JCStressTest.class)) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyStressTestIsInTheGeneratedList() throws Exception {
        String list;
        try (InputStream in = TestListTest.class.getResourceAsStream("/META-INF/TestList")) {
            assertNotNull(in, "META-INF/TestList is missing: jcstress's annotation processor did not run");
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<Class<?>> tests = stressTests();
        assertTrue(tests.size() >= 24, "only " + tests.size() + " @JCStressTest classes found");
        Set<String> missing = new TreeSet<>();
        for (Class<?> c : tests) {
            if (!list.contains(c.getName().replace('$', '.'))) {
                missing.add(c.getName());
            }
        }
        assertEquals(Set.of(), missing, "tests compiled but not listed");
    }

    @Test
    void everyTestFollowsTheSuiteRules() throws Exception {
        for (Class<?> c : stressTests()) {
            long actors = Stream.of(c.getMethods()).filter(m -> m.isAnnotationPresent(Actor.class)).count();
            assertTrue(actors <= 2, c.getName() + " has " + actors
                    + " actors: jcstress silently skips tests with more actors than the 2 CPUs here");
            Outcome[] outcomes = c.getAnnotationsByType(Outcome.class);
            boolean catchAll = false;
            for (Outcome o : outcomes) {
                assertTrue(o.desc().length() > 10 && o.desc().endsWith("."), c.getName()
                        + ": every outcome needs a full-sentence description, got '" + o.desc() + "'");
                if (o.id().length == 0 || (o.id().length == 1 && o.id()[0].isEmpty())) {
                    catchAll = true;
                    if (!c.getName().contains(".broken.")) {
                        assertEquals("FORBIDDEN", o.expect().name(), c.getName() + ": the catch-all must be FORBIDDEN");
                    }
                }
            }
            boolean control = c.getName().contains(".broken.");
            boolean interesting = List.of(outcomes).stream().anyMatch(o -> o.expect().name().equals(
                    "ACCEPTABLE_INTERESTING"));
            assertEquals(control, interesting, c.getName() + (control ? ": a negative control needs an "
                    + "ACCEPTABLE_INTERESTING outcome" : ": only negative controls may have interesting outcomes"));
            // Hang controls (package ..hang) never end by design: they prove the watchdog, and certify nothing.
            boolean hang = c.getName().contains(".hang.");
            if (!control) {
                assertTrue(catchAll, c.getName() + " needs a catch-all FORBIDDEN outcome");
                assertEquals(!hang, c.getAnnotation(dev.threadproof.annotations.Certifies.class) != null, c.getName()
                        + (hang ? ": a hang control certifies nothing" : " must name what it certifies"));
            }
        }
    }
}
