package dev.threadproof.stress.harness;

import dev.threadproof.annotations.Certifies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
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
                    + "[--budget NAME] [--commit SHA] [--args TEXT])");
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
        StringBuilder tests = new StringBuilder();
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
            StringBuilder configs = new StringBuilder();
            Map<String, Long> outcomeTotals = new TreeMap<>();
            for (TestResult r : rs) {
                samples += r.getTotalCount();
                if (r.status() != Status.NORMAL) {
                    error = true;
                }
                TestGrading g = r.grading();
                StringBuilder outs = new StringBuilder();
                for (GradingResult gr : g.gradingResults.values()) {
                    if (gr.count > 0 && gr.expect == Expect.FORBIDDEN) {
                        forbidden += gr.count;
                    }
                    if (gr.count > 0 && gr.expect == Expect.ACCEPTABLE_INTERESTING) {
                        interesting += gr.count;
                    }
                    outcomeTotals.merge(gr.id + " [" + gr.expect + "]", gr.count, Long::sum);
                    sep(outs).append("{\"id\": ").append(q(gr.id)).append(", \"count\": ").append(gr.count)
                            .append(", \"expect\": ").append(q(gr.expect.name())).append(", \"desc\": ")
                            .append(q(gr.description)).append('}');
                }
                sep(configs).append("{\"jvmArgs\": ").append(q(String.join(" ", r.getConfig().jvmArgs)))
                        .append(", \"compileMode\": ").append(r.getConfig().getCompileMode())
                        .append(", \"forkId\": ").append(r.getConfig().forkId)
                        .append(", \"status\": ").append(q(r.status().name()))
                        .append(", \"samples\": ").append(r.getTotalCount())
                        .append(", \"outcomes\": [").append(outs).append("]}");
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
            Certifies cert = certifies(info);
            sep(tests).append("\n    {\"name\": ").append(q(name))
                    .append(", \"control\": ").append(control)
                    .append(", \"certifies\": ").append(cert == null ? "null" : "{\"type\": " + q(cert.type().getName())
                            + ", \"members\": " + array(cert.members()) + "}")
                    .append(", \"status\": ").append(q(status))
                    .append(", \"samples\": ").append(samples)
                    .append(", \"forbidden\": ").append(forbidden)
                    .append(", \"interesting\": ").append(interesting)
                    .append(", \"declaredOutcomes\": ").append(declaredOutcomes(info))
                    .append(", \"confidence\": ").append(q(confidence(samples, forbidden, control)))
                    .append(", \"configs\": [").append(configs).append("]}");
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
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"schema\": \"threadproof-jcstress-summary/1\",\n");
        json.append("  \"verdict\": ").append(q(failed ? "FAIL" : "PASS")).append(",\n");
        json.append("  \"provenance\": {\"tool\": \"jcstress 0.16\", \"jdk\": ")
                .append(q(System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")))
                .append(", \"javaVersion\": ").append(q(System.getProperty("java.version")))
                .append(", \"cpus\": ").append(Runtime.getRuntime().availableProcessors())
                .append(", \"arch\": ").append(q(System.getProperty("os.arch")))
                .append(", \"os\": ").append(q(System.getProperty("os.name") + " " + System.getProperty("os.version")))
                .append(", \"budget\": ").append(q(budget))
                .append(", \"jcstressArgs\": ").append(q(opt.getOrDefault("--args", "")))
                .append(", \"commit\": ").append(q(opt.getOrDefault("--commit", "unknown")))
                .append(", \"date\": ").append(q(Instant.now().toString()))
                .append(", \"testFilter\": ").append(q(filter.pattern())).append("},\n");
        json.append("  \"declared\": ").append(declared.size()).append(",\n");
        json.append("  \"ran\": ").append(ran).append(",\n");
        json.append("  \"samples\": ").append(totalSamples).append(",\n");
        json.append("  \"problems\": ").append(array(problems.toArray(new String[0]))).append(",\n");
        json.append("  \"tests\": [").append(tests).append("\n  ]\n}\n");
        StringBuilder head = new StringBuilder();
        head.append(String.format(Locale.ROOT, "jcstress summary: %d declared, %d ran, %d samples, budget %s: %s%n",
                declared.size(), ran, totalSamples, budget, failed ? "FAIL" : "PASS"));
        head.append(text);
        for (String p : problems) {
            head.append("  PROBLEM: ").append(p).append('\n');
        }
        return new Report(json.toString(), head.toString(), failed);
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

    private static String declaredOutcomes(TestInfo info) {
        StringBuilder sb = new StringBuilder("[");
        List<StateCase> cases = new ArrayList<>(info.cases());
        cases.add(info.unmatched());
        for (StateCase c : cases) {
            if (c == null) {
                continue;
            }
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append("{\"pattern\": ").append(q(c.matchPattern())).append(", \"expect\": ").append(q(c.expect().name()))
                    .append(", \"desc\": ").append(q(c.description())).append('}');
        }
        return sb.append(']').toString();
    }

    private static StringBuilder sep(StringBuilder sb) {
        if (sb.length() > 0) {
            sb.append(", ");
        }
        return sb;
    }

    static String array(String[] items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(q(items[i]));
        }
        return sb.append(']').toString();
    }

    static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
