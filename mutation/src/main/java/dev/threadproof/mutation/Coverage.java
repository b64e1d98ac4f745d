package dev.threadproof.mutation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Immutable: which unit tests execute which members, read from the file {@link CoverageMain} writes.
 */
public final class Coverage {
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final Map<String, Set<String>> keys = new LinkedHashMap<>();
    private final Set<String> declared = new HashSet<>();

    private Coverage() {
    }

    /**
     * Immutable: reads a coverage file.
     *
     * @param file the file
     * @return the coverage
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if a line is malformed or no test is listed
     */
    public static Coverage read(Path file) throws IOException {
        Coverage c = new Coverage();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String[] f = line.split("\t", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException(file + ":" + n + ": expected TEST<tab>MILLIS<tab>KEYS");
            }
            Set<String> k = new HashSet<>(f[2].isEmpty() ? List.of() : List.of(f[2].split(",")));
            if (f[0].equals("#declared")) {
                c.declared.addAll(k);
            } else {
                c.millis.put(f[0], Long.parseLong(f[1]));
                c.keys.put(f[0], k);
            }
        }
        if (c.keys.isEmpty()) {
            throw new IllegalArgumentException(file + ": no test listed");
        }
        return c;
    }

    /**
     * Immutable: the tests that execute {@code type.member}, fastest first. When no method of that name was
     * instrumented (a field, or a member the compiler renamed), the tests that execute any method of the type.
     *
     * @param type the outermost type's simple name
     * @param member the member, as {@link Mutant#member()} names it
     * @return the test selectors ({@code class#method(params)}), possibly empty: no test executes the member
     */
    public List<String> testsFor(String type, String member) {
        String key = declared.contains(type + "." + member) ? type + "." + member : type + ".*";
        List<String> out = new ArrayList<>();
        keys.forEach((test, k) -> {
            if (k.contains(key)) {
                out.add(test);
            }
        });
        out.sort(Comparator.comparingLong(millis::get));
        return out;
    }

    /**
     * Immutable: the wall time the tests took in the coverage run, under the agent.
     *
     * @param tests test selectors
     * @return their milliseconds, summed
     */
    public long millis(List<String> tests) {
        return tests.stream().mapToLong(t -> millis.getOrDefault(t, 0L)).sum();
    }
}
