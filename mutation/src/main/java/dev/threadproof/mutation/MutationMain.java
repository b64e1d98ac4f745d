package dev.threadproof.mutation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Confined to the main thread: the mutation run that {@code ci/mutate.sh} starts.
 *
 * <pre>
 * java -cp mutation.jar:DEPS dev.threadproof.mutation.MutationMain --sources runtime/src/main/java \
 *     --classes runtime/target/classes --test-classes runtime/target/test-classes --classpath-file CP.txt \
 *     --out target/mutation [--operators A,B] [--members REGEX] [--shard I/N] [--stages unit,race,explore,...] \
 *     [--lincheck-classes linearizability/target/test-classes --lincheck-classpath-file CP2.txt] \
 *     [--jcstress-classes stress-tests/target/classes --jcstress-jar stress-tests/target/jcstress.jar \
 *      --jcstress-args "-m sanity -f 1 -iters 1 -time 200"] [--equivalents FILE]
 * </pre>
 *
 * <p>Evidence runs cheapest first and stops at the first kill: the unit tests that execute the mutated member (found by
 * one coverage run of every unit test on the original classes), then the explored test classes that refer to the
 * mutated type (explore mode, in a JVM of their own), then (with {@code --lincheck-classes}) the Lincheck
 * tests that refer to the mutated type, then (with {@code --jcstress-classes}) the jcstress tests whose
 * {@code @Certifies} names it; {@code --stages} keeps only the stages it names (to ask what one kind of evidence
 * kills). Writes {@code mutation.json} and {@code mutation.md} under {@code --out}, prints one progress line per mutant
 * with an ETA, and exits 0 when the run completed (survivors are findings, not errors), 1 when it could not score
 * (no mutant, none compiled, a run with no test, the original failing its tests), 2 on bad arguments.
 */
public final class MutationMain {
    private MutationMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("mutation: " + args[i] + " needs a value (see the class comment for usage)");
                return 2;
            }
            a.put(args[i].substring(2), args[++i]);
        }
        for (String required : List.of("sources", "classes", "test-classes", "classpath-file", "out")) {
            if (!a.containsKey(required)) {
                System.err.println("mutation: --" + required + " is required");
                return 2;
            }
        }
        for (String k : a.keySet()) {
            if (!List.of("sources", "classes", "test-classes", "classpath-file", "out", "operators", "members",
                    "shard", "lincheck-classes", "lincheck-classpath-file", "equivalents", "jcstress-classes", "jcstress-jar",
                    "jcstress-args", "budget", "commit", "stages").contains(k)) {
                System.err.println("mutation: unknown option --" + k);
                return 2;
            }
        }
        List<String> stageNames = List.of("unit", "race", "explore", "lincheck", "jcstress");
        java.util.Set<String> chosen = new java.util.LinkedHashSet<>(stageNames);
        if (a.containsKey("stages")) {
            chosen.clear();
            for (String n : a.get("stages").split(",")) {
                if (!stageNames.contains(n.trim())) {
                    System.err.println("mutation: --stages: unknown stage " + n + "; known: " + stageNames);
                    return 2;
                }
                chosen.add(n.trim());
            }
        }
        List<Operators.Operator> ops = new ArrayList<>(Operators.all());
        if (a.containsKey("operators")) {
            Map<String, Operators.Operator> byName = Operators.byName();
            ops.clear();
            for (String n : a.get("operators").split(",")) {
                Operators.Operator o = byName.get(n.trim());
                if (o == null) {
                    System.err.println("mutation: --operators: unknown operator " + n + "; known: " + byName.keySet());
                    return 2;
                }
                ops.add(o);
            }
        }
        int shard = 1;
        int shards = 1;
        if (a.containsKey("shard")) {
            String[] s = a.get("shard").split("/");
            try {
                shard = Integer.parseInt(s[0]);
                shards = Integer.parseInt(s[1]);
            } catch (RuntimeException e) {
                shard = 0;
            }
            if (shard < 1 || shards < 1 || shard > shards) {
                System.err.println("mutation: --shard must be I/N with 1 <= I <= N, got " + a.get("shard"));
                return 2;
            }
        }
        Pattern members = Pattern.compile(a.getOrDefault("members", ".*"));
        List<Mutant> all = MutantGenerator.generate(Paths.get(a.get("sources")), ops);
        List<Mutant> mine = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Mutant m = all.get(i);
            if (members.matcher(m.type() + "." + m.member()).matches() && i % shards == shard - 1) {
                mine.add(m);
            }
        }
        List<String[]> equivalents = a.containsKey("equivalents") ? readEquivalents(Paths.get(a.get("equivalents")))
                : List.of();
        List<Mutant> equivalent = new ArrayList<>();
        mine.removeIf(m -> {
            for (String[] e : equivalents) {
                if (isListed(e, m)) {
                    equivalent.add(m);
                    return true;
                }
            }
            return false;
        });
        System.out.println("[mutation] " + all.size() + " mutants generated; this run (shard " + shard + "/" + shards
                + ", members " + members + "): " + (mine.size() + equivalent.size()) + ", of which "
                + equivalent.size() + " listed as equivalent and not run");
        if (mine.isEmpty()) {
            System.err.println("mutation: no mutant selected: nothing can be scored");
            return 1;
        }
        Path out = Files.createDirectories(Paths.get(a.get("out")));
        List<MutationRunner.Stage> stages = new ArrayList<>();
        List<Path> unitCp = readClasspath(a.get("classpath-file"));
        if (chosen.contains("unit") || chosen.contains("race")) {
            System.out.println("[mutation] coverage: every unit test once on the original classes, to learn which"
                    + " tests execute which member");
            Coverage coverage;
            try {
                coverage = MutationRunner.measureCoverage(Paths.get(a.get("classes")),
                        Paths.get(a.get("test-classes")), unitCp, out.resolve("coverage"));
            } catch (IllegalStateException e) {
                System.err.println("mutation: " + e.getMessage());
                return 1;
            }
            if (chosen.contains("unit")) {
                stages.add(MutationRunner.Stage.covered("unit", Paths.get(a.get("test-classes")), unitCp, coverage));
            }
            if (chosen.contains("race")) {
                // The same covering tests under the happens-before race detector: a race fails them.
                List<String> flags = new ArrayList<>(List.of("-Dthreadproof.race=on"));
                if (Runtime.version().feature() >= 21) {
                    flags.add("-XX:+EnableDynamicAgentLoading");
                }
                stages.add(MutationRunner.Stage.covered("race", Paths.get(a.get("test-classes")), unitCp, coverage,
                        flags));
            }
        }
        if (chosen.contains("explore")) {
            // The explored tests (controlled scheduling; none of them in the coverage run) in a JVM of their own.
            stages.add(MutationRunner.Stage.explored("explore", Paths.get(a.get("test-classes")), unitCp,
                    Runtime.version().feature() >= 21 ? List.of("-XX:+EnableDynamicAgentLoading") : List.of()));
        }
        if (a.containsKey("lincheck-classes") != a.containsKey("lincheck-classpath-file")) {
            System.err.println("mutation: --lincheck-classes and --lincheck-classpath-file go together");
            return 2;
        }
        if (a.containsKey("lincheck-classes") && chosen.contains("lincheck")) {
            List<String> flags = new ArrayList<>(List.of("-Dthreadproof.lincheck.evidence="
                    + out.resolve("lincheck-evidence").toAbsolutePath()));
            if (Runtime.version().feature() >= 21) {
                flags.add("-XX:+EnableDynamicAgentLoading"); // Lincheck loads its agent at run time
            }
            stages.add(new MutationRunner.Stage("lincheck", Paths.get(a.get("lincheck-classes")),
                    readClasspath(a.get("lincheck-classpath-file")), flags));
        }
        if (a.containsKey("jcstress-classes") != a.containsKey("jcstress-jar")) {
            System.err.println("mutation: --jcstress-classes and --jcstress-jar go together");
            return 2;
        }
        if (a.containsKey("jcstress-classes") && chosen.contains("jcstress")) {
            stages.add(MutationRunner.Stage.jcstress("jcstress", Paths.get(a.get("jcstress-classes")),
                    List.of(Paths.get(a.get("jcstress-jar"))), List.of(a.getOrDefault("jcstress-args",
                            "-m sanity -f 1 -iters 1 -time 200").trim().split("\\s+"))));
        }
        if (stages.isEmpty()) {
            System.err.println("mutation: --stages " + a.get("stages") + ": none of these stages has its tests given");
            return 2;
        }
        MutationRunner runner = new MutationRunner(Paths.get(a.get("classes")), stages, out.resolve("work"));
        long start = System.nanoTime();
        int[] done = {0};
        List<MutationRunner.Outcome> outcomes;
        try {
            outcomes = runner.run(mine, o -> {
                done[0]++;
                double elapsed = (System.nanoTime() - start) / 1e9;
                double eta = elapsed / done[0] * (mine.size() - done[0]);
                System.out.printf(Locale.ROOT, "[mutation] %d/%d %-9s %s (%.1f s) %s; ETA %.0f s%n", done[0],
                        mine.size(), o.status, o.mutant.id(), o.millis / 1000.0, shortDetail(o), eta);
            });
        } catch (IllegalStateException e) {
            System.err.println("mutation: " + e.getMessage());
            return 1;
        }
        for (Mutant m : equivalent) {
            outcomes.add(new MutationRunner.Outcome(m, "EQUIVALENT", "listed in " + a.get("equivalents"), 0, 0));
        }
        write(out, outcomes, shard, shards, (System.nanoTime() - start) / 1e9, provenance(a));
        return 0;
    }

    /** Whether an entry of the equivalents file ({file, operator, before}) names this mutant. */
    static boolean isListed(String[] entry, Mutant m) {
        return m.file().endsWith(entry[0]) && m.operator().equals(entry[1]) && m.before().equals(entry[2]);
    }

    /** {file, operator, before} per line of the equivalents file; every entry must say why after a {@code |}. */
    static List<String[]> readEquivalents(Path file) throws java.io.IOException {
        List<String[]> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int bar = line.indexOf(" | ");
            String[] head = (bar < 0 ? "" : line.substring(0, bar)).trim().split(" ", 3);
            if (bar < 0 || head.length < 3 || line.substring(bar + 3).isBlank()) {
                throw new IllegalArgumentException(file + ":" + n + ": expected FILE OPERATOR BEFORE | why");
            }
            out.add(head);
        }
        return out;
    }

    private static List<Path> readClasspath(String file) throws java.io.IOException {
        List<Path> cp = new ArrayList<>();
        for (String p : Files.readString(Paths.get(file)).trim().split(java.io.File.pathSeparator)) {
            if (!p.isBlank()) {
                cp.add(Paths.get(p));
            }
        }
        return cp;
    }

    private static String shortDetail(MutationRunner.Outcome o) {
        String d = o.detail.replace('\n', ' ');
        return d.length() > 120 ? d.substring(0, 117) + "..." : d;
    }

    /** Where and how the run was made: the keys the report shows as the evidence's provenance. */
    static Map<String, String> provenance(Map<String, String> a) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("commit", a.getOrDefault("commit", "unknown"));
        p.put("codeHash", System.getProperty("threadproof.codeHash", "")); // the report's staleness check
        p.put("budget", a.getOrDefault("budget", "unknown"));
        p.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        p.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("date", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return p;
    }

    static void write(Path out, List<MutationRunner.Outcome> outcomes, int shard, int shards, double seconds,
                      Map<String, String> provenance) throws java.io.IOException {
        Map<String, int[]> perMember = new TreeMap<>(); // killed, valid
        StringBuilder json = new StringBuilder("{\"schema\": \"threadproof-mutation/1\", \"shard\": \"" + shard + "/"
                + shards + "\", \"seconds\": " + String.format(Locale.ROOT, "%.1f", seconds));
        provenance.forEach((k, v) -> json.append(", ").append(q(k)).append(": ").append(q(v)));
        json.append(", \"mutants\": [");
        StringBuilder md = new StringBuilder("# Mutation run (shard " + shard + "/" + shards + ")\n\n");
        md.append(provenance.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("; "))).append("\n\n");
        List<String> survivors = new ArrayList<>();
        int killed = 0;
        int valid = 0;
        int equivalentCount = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            MutationRunner.Outcome o = outcomes.get(i);
            Mutant m = o.mutant;
            String member = m.type() + "." + m.member();
            int[] c = perMember.computeIfAbsent(member, k -> new int[2]);
            if (o.status.equals("EQUIVALENT")) {
                equivalentCount++;
            } else if (!o.status.equals("INVALID")) {
                c[1]++;
                valid++;
                if (o.killed()) {
                    c[0]++;
                    killed++;
                } else {
                    survivors.add("- `" + member + "` " + m.id() + ": `" + m.diff().replace("`", "'") + "`");
                }
            }
            json.append(i == 0 ? "" : ",").append("\n  {\"id\": ").append(q(m.id())).append(", \"operator\": ")
                    .append(q(m.operator())).append(", \"file\": ").append(q(m.file())).append(", \"type\": ")
                    .append(q(m.type())).append(", \"member\": ").append(q(m.member())).append(", \"line\": ")
                    .append(m.line()).append(", \"diff\": ").append(q(m.diff())).append(", \"status\": ")
                    .append(q(o.status)).append(", \"detail\": ").append(q(o.detail)).append(", \"testsRun\": ")
                    .append(o.testsRun).append(", \"millis\": ").append(o.millis).append('}');
        }
        json.append("\n]}\n");
        md.append(String.format(Locale.ROOT, "Mutants killed %d of %d valid (%d invalid, %d equivalent), %.1f s.%n%n",
                killed, valid, outcomes.size() - valid - equivalentCount, equivalentCount, seconds));
        md.append("| member | mutants killed |\n|---|---|\n");
        perMember.forEach((k, v) -> md.append("| `").append(k).append("` | ").append(v[0]).append(" of ")
                .append(v[1]).append(" |\n"));
        md.append("\n## Survivors\n\n").append(survivors.isEmpty() ? "none\n"
                : survivors.stream().collect(Collectors.joining("\n")) + "\n");
        Files.writeString(out.resolve("mutation.json"), json, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("mutation.md"), md, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "[mutation] killed %d of %d valid mutants (%d invalid, %d equivalent); %s%n",
                killed, valid, outcomes.size() - valid - equivalentCount, equivalentCount, out.resolve("mutation.md"));
    }

    private static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
