package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The runtime's files form layers: no two files use each other, directly or through others. Read from the compiled
 * classes with the JDK's {@code jdeps}, nested classes folded into their file, as the implementation overview in
 * {@code Engine} describes; a loop fails the build with the files that form it.
 */
class LayeringTest {
    private static final String PKG = "dev.threadproof.runtime.";

    @Test
    void runtimeFilesHaveNoDependencyLoop() {
        Map<String, Set<String>> uses = fileGraph();
        assertTrue(uses.size() >= 30, "jdeps saw " + uses.size() + " files of the runtime; expected all of them");
        assertEquals(List.of(), loops(uses), "runtime files that use each other in a loop (jdeps -verbose:class)");
    }

    @Test
    void theCheckFindsALoop() {
        // The negative control of the check itself: a graph with a loop of three files is reported as one loop.
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("A", Set.of("B"));
        g.put("B", Set.of("C"));
        g.put("C", Set.of("A", "D"));
        g.put("D", Set.of());
        assertEquals(List.of(List.of("A", "B", "C")), loops(g));
    }

    private static Map<String, Set<String>> fileGraph() {
        // Beside this test's own classes, wherever the JVM runs (Maven runs it in runtime/, the mutation tool's forks
        // in the project's root).
        Path classes;
        try {
            classes = Path.of(LayeringTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolveSibling("classes");
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
        assertTrue(Files.isDirectory(classes.resolve("dev/threadproof/runtime")), "no compiled classes at " + classes);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps tool"));
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none",
                classes.toString());
        assertEquals(0, rc, out::toString);
        Map<String, Set<String>> g = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+(\\S+)\\s+->\\s+(\\S+)").matcher(out.toString());
        while (m.find()) {
            String a = m.group(1);
            String b = m.group(2);
            if (a.startsWith(PKG) && b.startsWith(PKG)) {
                String fa = file(a);
                String fb = file(b);
                if (!fa.equals("package-info")) {
                    g.computeIfAbsent(fa, k -> new TreeSet<>());
                    g.computeIfAbsent(fb, k -> new TreeSet<>());
                    if (!fa.equals(fb)) {
                        g.get(fa).add(fb);
                    }
                }
            }
        }
        return g;
    }

    private static String file(String className) {
        String simple = className.substring(PKG.length());
        int nested = simple.indexOf('$');
        return nested < 0 ? simple : simple.substring(0, nested);
    }

    /** The strongly connected components of more than one file (Tarjan), each sorted, in order of their first file. */
    static List<List<String>> loops(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : g.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, g, index, low, stack, onStack, out, counter);
            }
        }
        out.sort((x, y) -> x.get(0).compareTo(y.get(0)));
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> g, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                      List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, g, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                out.add(component);
            }
        }
    }
}
