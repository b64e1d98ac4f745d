package dev.threadproof.stress.harness;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.evidence.EvidenceFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.StateCase;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * Turns a jcstress result blob into threadproof's machine-readable summary and fails closed.
 *
 * <pre>
 * java -cp stress-tests/target/jcstress.jar dev.threadproof.stress.harness.Summary \
 *     --blob DIR/jcstress-results-*.bin.gz --tests REGEX --budget smoke --commit SHA --out DIR/summary.json
 * </pre>
 *
 * <p>The run fails (exit 1, {@code "verdict": "FAIL"}) when: a test declared in the jar's {@code META-INF/TestList}
 * and matching {@code --tests} has no result or zero samples (jcstress skips tests silently, e.g. with more actors
 * than CPUs); a result has an error status; a FORBIDDEN outcome was observed; a negative control (package
 * {@code ..broken}) never showed its ACCEPTABLE_INTERESTING outcome; or no test matched at all.
 */
public final class Summary {
    private Summary() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        String blob = require(opt, "--blob");
        String out = require(opt, "--out");
        Pattern filter = Pattern.compile(opt.getOrDefault("--tests", ".*"));
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(blob, collector);
        reader.dump();
        reader.close();
        Report report = build(collector.getTestResults(), filter, opt);
        Files.writeString(Paths.get(out), report.json, StandardCharsets.UTF_8);
        System.out.println(report.text);
        System.exit(report.failed ? 1 : 0);
    }

    private static String require(Map<String, String> opt, String key) {
        String v = opt.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + " (usage: --blob FILE --out FILE [--tests REGEX] "
                    + "[--budget NAME] [--commit SHA] [--code-hash HASH] [--args TEXT])");
        }
        return v;
    }

    static final class Report {
        final String json;
        final String text;
        final boolean failed;

        Report(String json, String text, boolean failed) {
            this.json = json;
            this.text = text;
            this.failed = failed;
        }
    }

    static boolean isControl(String name) {
        return name.contains(".broken.");
    }

    static Report build(Collection<TestResult> results, Pattern filter, Map<String, String> opt) {
        Map<String, List<TestResult>> byTest = new TreeMap<>();
        for (TestResult r : results) {
            byTest.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);
        }
        TreeSet<String> declared = new TreeSet<>();
        for (String t : TestList.tests()) {
            if (filter.matcher(t).find()) {
                declared.add(t);
            }
        }
        List<String> problems = new ArrayList<>();
        if (declared.isEmpty()) {
            problems.add("no test in the jar matches '" + filter + "': nothing ran");
        }
        List<Map<String, Object>> tests = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        long totalSamples = 0;
        int ran = 0;
        for (String name : declared) {
            TestInfo info = TestList.getInfo(name);
            List<TestResult> rs = byTest.getOrDefault(name, List.of());
            boolean control = isControl(name);
            long samples = 0;
            long forbidden = 0;
            long interesting = 0;
            boolean error = false;
            List<Map<String, Object>> configs = new ArrayList<>();
            Map<String, Long> outcomeTotals = new TreeMap<>();
            for (TestResult r : rs) {
                samples += r.getTotalCount();
                if (r.status() != Status.NORMAL) {
                    error = true;
                }
                TestGrading g = r.grading();
                List<Map<String, Object>> outs = new ArrayList<>();
                for (GradingResult gr : g.gradingResults.values()) {
                    if (gr.count > 0 && gr.expect == Expect.FORBIDDEN) {
                        forbidden += gr.count;
                    }
                    if (gr.count > 0 && gr.expect == Expect.ACCEPTABLE_INTERESTING) {
                        interesting += gr.count;
                    }
                    outcomeTotals.merge(gr.id + " [" + gr.expect + "]", gr.count, Long::sum);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("id", gr.id);
                    out.put("count", gr.count);
                    out.put("expect", gr.expect.name());
                    out.put("desc", gr.description);
                    outs.add(out);
                }
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("jvmArgs", String.join(" ", r.getConfig().jvmArgs));
                config.put("compileMode", r.getConfig().getCompileMode());
                config.put("forkId", r.getConfig().forkId);
                config.put("status", r.status().name());
                config.put("samples", r.getTotalCount());
                config.put("outcomes", outs);
                configs.add(config);
            }
            String status;
            if (rs.isEmpty() || samples == 0) {
                status = "NOT_RUN";
                problems.add(name + ": declared in the jar but " + (rs.isEmpty() ? "never ran" : "ran 0 samples")
                        + " (jcstress skips tests silently, e.g. with more actors than CPUs)");
            } else if (error) {
                status = "ERROR";
                problems.add(name + ": a run ended with an error status");
            } else if (forbidden > 0) {
                status = "FAILED";
                problems.add(name + ": " + forbidden + " FORBIDDEN outcomes observed");
            } else if (control) {
                status = interesting > 0 ? "CONTROL_CAUGHT" : "CONTROL_NOT_CAUGHT";
                if (interesting == 0) {
                    problems.add(name + ": negative control NOT caught: its interesting outcome never appeared in "
                            + samples + " samples; the budget cannot catch this kind of bug");
                }
            } else {
                status = "PASSED";
            }
            if (!rs.isEmpty()) {
                ran++;
            }
            totalSamples += samples;
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("name", name);
            test.put("control", control);
            test.put("certifies", EvidenceFiles.certifies(certifies(info)));
            test.put("status", status);
            test.put("samples", samples);
            test.put("forbidden", forbidden);
            test.put("interesting", interesting);
            test.put("declaredOutcomes", declaredOutcomes(info));
            test.put("confidence", confidence(samples, forbidden, control));
            test.put("configs", configs);
            tests.add(test);
            text.append(String.format(Locale.ROOT, "  %-22s %14d samples  %s%n", status, samples, name));
            for (Map.Entry<String, Long> e : outcomeTotals.entrySet()) {
                text.append(String.format(Locale.ROOT, "  %38s %-40s %d%n", "", e.getKey(), e.getValue()));
            }
        }
        if (ran < declared.size()) {
            problems.add("tests found " + ran + " differ from tests declared " + declared.size());
        }
        boolean failed = !problems.isEmpty();
        String budget = opt.getOrDefault("--budget", "unknown");
        Map<String, Object> json = EvidenceFiles.record("threadproof-jcstress-summary/1");
        json.put("verdict", failed ? "FAIL" : "PASS");
        Map<String, Object> provenance = EvidenceFiles.provenance("jcstress 0.16", opt.getOrDefault("--commit",
                "unknown"));
        provenance.put("budget", budget);
        String codeHash = opt.getOrDefault("--code-hash", "");
        if (!codeHash.isEmpty()) {
            provenance.put("codeHash", codeHash);
        }
        provenance.put("jcstressArgs", opt.getOrDefault("--args", ""));
        provenance.put("testFilter", filter.pattern());
        json.put("provenance", provenance);
        json.put("declared", declared.size());
        json.put("ran", ran);
        json.put("samples", totalSamples);
        json.put("problems", problems);
        json.put("tests", tests);
        StringBuilder head = new StringBuilder();
        head.append(String.format(Locale.ROOT, "jcstress summary: %d declared, %d ran, %d samples, budget %s: %s%n",
                declared.size(), ran, totalSamples, budget, failed ? "FAIL" : "PASS"));
        head.append(text);
        for (String p : problems) {
            head.append("  PROBLEM: ").append(p).append('\n');
        }
        return new Report(EvidenceFiles.json(json), head.toString(), failed);
    }

    /** What the sample count means, in the words of the design: the rule of three. */
    static String confidence(long samples, long forbidden, boolean control) {
        if (control || samples == 0 || forbidden > 0) {
            return "";
        }
        return "with " + samples + " samples and 0 forbidden outcomes, a race present in more than 3/" + samples
                + " of samples would have been seen with 95% confidence";
    }

    private static Certifies certifies(TestInfo info) {
        try {
            return Class.forName(info.binaryName(), false, Summary.class.getClassLoader())
                    .getAnnotation(Certifies.class);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static List<Map<String, Object>> declaredOutcomes(TestInfo info) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<StateCase> cases = new ArrayList<>(info.cases());
        cases.add(info.unmatched());
        for (StateCase c : cases) {
            if (c == null) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pattern", c.matchPattern());
            m.put("expect", c.expect().name());
            m.put("desc", c.description());
            out.add(m);
        }
        return out;
    }
}
