package dev.threadproof.report;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thread-safety report generator.
 *
 * <pre>
 * java -cp report.jar:runtime.jar:jackson... dev.threadproof.report.ReportMain \
 *     --jcstress DIR/summary.json [--jcstress ...] --lincheck DIR [--lincheck ...] --junit DIR [--junit ...] \
 *     [--harness target/threadproof/harness ...] [--mutation target/mutation/mutation.json ...] [--fail-on-weak] \
 *     --out target/thread-safety-report [--commit SHA] [--budget NAME] [--duration SECONDS]
 * </pre>
 *
 * <p>{@code --harness} reads what threadproof-junit wrote: a test with {@code @Certifies} that passed free-threaded
 * certifies the members it names. Several {@code --jcstress}, {@code --lincheck}, {@code --junit} and {@code --harness}
 * arguments merge the evidence of several runs
 * (other JDKs, machines, shards); each item keeps the JDK, CPUs and architecture it came from. Exits 1 when any member
 * is FAILED, NO_EVIDENCE or UNDECLARED, or a fail-open guard tripped; 2 on bad arguments.
 */
public final class ReportMain {
    private ReportMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        String out = null;
        String commit = "unknown";
        Map<String, String> provenance = new LinkedHashMap<>();
        Evidence tmp = null;
        java.util.List<String[]> inputs = new java.util.ArrayList<>();
        boolean failOnWeak = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--fail-on-weak")) {
                failOnWeak = true;
                continue;
            }
            if (i + 1 >= args.length) {
                System.err.println("report: " + a + " needs a value");
                return 2;
            }
            String v = args[++i];
            switch (a) {
                case "--out":
                    out = v;
                    break;
                case "--commit":
                    commit = v;
                    break;
                case "--budget":
                    provenance.put("budget", v);
                    break;
                case "--duration":
                    provenance.put("duration", v + " s");
                    break;
                case "--jcstress":
                case "--lincheck":
                case "--junit":
                case "--harness":
                case "--mutation":
                    inputs.add(new String[] {a, v});
                    break;
                default:
                    System.err.println("report: unknown argument " + a);
                    return 2;
            }
        }
        if (out == null) {
            System.err.println("report: --out DIR is required");
            return 2;
        }
        Evidence ev = new Evidence(commit);
        if (inputs.isEmpty()) {
            ev.guards.add("no evidence was given: nothing can be certified");
        }
        for (String[] in : inputs) {
            Path p = Paths.get(in[1]);
            switch (in[0]) {
                case "--jcstress":
                    ev.addJcstress(p);
                    break;
                case "--lincheck":
                    ev.addLincheck(p);
                    break;
                case "--harness":
                    ev.addHarness(p);
                    break;
                case "--mutation":
                    ev.addMutation(p);
                    break;
                default:
                    ev.addJunit(p);
            }
        }
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("commit", commit);
        prov.put("generated", Instant.now().toString());
        prov.put("report JDK", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        prov.put("CPUs", String.valueOf(Runtime.getRuntime().availableProcessors()));
        prov.put("architecture", System.getProperty("os.arch"));
        prov.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        prov.putAll(provenance);
        List<ApiModel.Row> rows = ApiModel.read();
        Report report = new Report(rows, ev, prov);
        report.failOnWeak = failOnWeak;
        Path dir = Paths.get(out);
        report.write(dir);
        System.out.println("thread-safety report " + report.summaryLine());
        for (Report.Line l : report.lines) {
            if (report.failing(l) || l.verdict.equals("WEAK")) {
                System.out.println("  " + l.verdict + ": " + l.row.simpleName() + " (" + l.row.level + ")");
            }
        }
        for (String g : ev.guards) {
            System.out.println("  GUARD: " + g);
        }
        System.out.println("written: " + dir.resolve("index.html") + ", report.md, report.json, "
                + "TEST-thread-safety-report.xml");
        return report.red() ? 1 : 0;
    }
}
