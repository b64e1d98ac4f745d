package dev.threadproof.report;

import dev.threadproof.annotations.ThreadSafety;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Thread-safe (stateless): the command line of the thread-safety report generator, the same {@link ReportGenerator}
 * that the Maven plugin runs.
 *
 * <pre>
 * java -jar report.jar --classes target/classes [--classes lib.jar ...] [--classpath CP] --package com.example.lib ... \
 *     [--test-classes target/test-classes --test-reports target/surefire-reports ...] [--harness DIR ...] \
 *     [--jcstress DIR/summary.json ...] [--lincheck DIR ...] [--junit DIR ...] [--mutation mutation.json ...] \
 *     [--fail-on FAILED,NO_EVIDENCE,UNDECLARED] [--fail-on-weak] [--title NAME] [--origin SENTENCE] \
 *     [--guard "stage timed out: ..." ...] [--floor SAMPLES] [--code-hash HASH] \
 *     --out target/thread-safety-report [--commit SHA] [--budget NAME] [--duration SECONDS]
 * </pre>
 *
 * <p>{@code --classes} and {@code --package} say which API to list: every public type and member under the package
 * prefixes in those classes (folders or jars); {@code --classpath} (path-separated) is what they need to load.
 * {@code --harness} reads what threadproof-junit wrote: a test with {@code @Certifies} that passed free-threaded
 * certifies the members it names. {@code --test-reports} reads Surefire or Failsafe XML reports and finds each test's
 * {@code @Certifies} in {@code --test-classes}. Several evidence arguments merge the evidence of several runs (other
 * JDKs, machines, shards); each item keeps the JDK, CPUs and architecture it came from. Exits 1 when any member has a
 * verdict of {@code --fail-on} (default FAILED, NO_EVIDENCE and UNDECLARED), or a fail-open guard tripped ({@code --guard}
 * adds one for a failure of the run itself, such as a stage that timed out); 2 on bad
 * arguments or bad input (then nothing is written).
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE, note = "stateless")
public final class ReportMain {
    private ReportMain() {
    }

    /**
     * Thread-safe: runs the generator and exits with its status.
     *
     * @param args as above
     * @throws Exception when evidence cannot be read or the report cannot be written
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    private static long parseFloor(String v) {
        try {
            return Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new BadInputException("--floor needs a number of samples per member, not '" + v + "'");
        }
    }

    static int run(String[] args) throws Exception {
        ReportGenerator g = new ReportGenerator();
        List<String> packages = new ArrayList<>();
        Set<ReportGenerator.Verdict> failOn = EnumSet.copyOf(ReportGenerator.DEFAULT_FAIL_ON);
        boolean failOnWeak = false;
        try {
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
                    case "--out": g.out(Path.of(v)); break;
                    case "--commit": g.commit(v); break;
                    case "--budget": g.provenance("budget", v); break;
                    case "--duration": g.provenance("duration", v + " s"); break;
                    case "--title": g.title(v); break;
                    case "--origin": g.origin(v); break;
                    case "--classes": g.classes(Path.of(v)); break;
                    case "--classpath": g.classpath(ApiModel.paths(v)); break;
                    case "--package": packages.add(v); break;
                    case "--test-classes": g.testClasses(Path.of(v)); break;
                    case "--test-reports": g.testReports(Path.of(v)); break;
                    case "--jcstress": g.jcstress(Path.of(v)); break;
                    case "--lincheck": g.lincheck(Path.of(v)); break;
                    case "--junit": g.junit(Path.of(v)); break;
                    case "--harness": g.harness(Path.of(v)); break;
                    case "--mutation": g.mutation(Path.of(v)); break;
                    case "--guard": g.guard(v); break;
                    case "--floor": g.floor(parseFloor(v)); break;
                    case "--code-hash": g.codeHash(v); break;
                    case "--fail-on": failOn = EnumSet.noneOf(ReportGenerator.Verdict.class);
                        failOn.addAll(ReportGenerator.parseVerdicts(v)); break;
                    default:
                        System.err.println("report: unknown argument " + a);
                        return 2;
                }
            }
            if (failOnWeak) {
                failOn.add(ReportGenerator.Verdict.WEAK);
            }
            ReportGenerator.Outcome o = g.packages(packages).failOn(failOn).generate();
            System.out.println("thread-safety report " + o.summary());
            o.problems().forEach(p -> System.out.println("  " + p));
            System.out.println("written: " + o.folder().resolve("index.html") + ", report.md, report.json, "
                    + "TEST-thread-safety-report.xml");
            return o.red() ? 1 : 0;
        } catch (BadInputException e) {
            System.err.println("report: " + e.getMessage());
            return 2;
        }
    }
}
