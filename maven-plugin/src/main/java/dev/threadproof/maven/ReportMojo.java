package dev.threadproof.maven;

import dev.threadproof.annotations.ThreadSafety;
import dev.threadproof.report.BadInputException;
import dev.threadproof.report.ReportGenerator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Writes the thread-safety report of this project's API and fails the build when a claim is not proven.
 *
 * <p>Every public type and member under {@code packages} in the project's compiled classes is listed with the level
 * its {@code @ThreadSafety} declares, joined with the evidence of the tests that name it with {@code @Certifies}:
 * Surefire and Failsafe reports (plain JUnit and Lincheck tests), threadproof-junit's free-threaded runs, and
 * optionally Lincheck evidence files, jcstress summaries and mutation results. The report goes to
 * {@code target/thread-safety-report/} as {@code index.html}, {@code report.md}, {@code report.json} and
 * {@code TEST-thread-safety-report.xml}. The build fails on a verdict in {@code failOn} (by default FAILED, NO_EVIDENCE
 * and UNDECLARED) or a tripped fail-open guard (evidence that is missing or empty, a certifying test that was skipped or
 * did not run), and stops with an error on bad input (a classes folder that does not exist, a package that matches no
 * class, an unknown level), before anything is written.
 *
 * <p>It runs in the {@code verify} phase, after Surefire ({@code test}) and Failsafe ({@code integration-test}). With
 * {@code -DskipTests} there is no evidence, so the goal is skipped with a warning rather than certify nothing.
 */
@ThreadSafety(level = ThreadSafety.Level.CONFINED, note = "Maven runs each goal execution in one thread")
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = true)
public final class ReportMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /**
     * Package prefixes of the API to certify, as {@code com.example.cache}; every public type and member under them
     * is a row of the report. Each must match at least one class. Default: the project's groupId.
     */
    @Parameter(property = "threadproof.packages")
    private List<String> packages;

    /** The compiled classes of the API. */
    @Parameter(property = "threadproof.classesDirectory", defaultValue = "${project.build.outputDirectory}",
            required = true)
    private File classesDirectory;

    /** The compiled tests, where the {@code @Certifies} of each test in the test reports is read. */
    @Parameter(property = "threadproof.testClassesDirectory", defaultValue = "${project.build.testOutputDirectory}")
    private File testClassesDirectory;

    /**
     * Folders of Surefire or Failsafe XML reports ({@code TEST-*.xml}). Default: {@code target/surefire-reports} and
     * {@code target/failsafe-reports}, those of them that exist; a folder configured here must exist and hold reports.
     */
    @Parameter
    private List<File> testReportsDirectories;

    /**
     * The folder threadproof-junit writes ({@code threadproof.harness.dir}). Default:
     * {@code target/threadproof/harness} when it exists; a folder configured here must exist.
     */
    @Parameter(property = "threadproof.harnessDirectory")
    private File harnessDirectory;

    /** Folders of Lincheck evidence files written by the tests (optional). */
    @Parameter
    private List<File> lincheckEvidence;

    /** jcstress summaries ({@code summary.json}) to join (optional). */
    @Parameter
    private List<File> jcstressSummaries;

    /** Mutation results ({@code mutation.json}) to join (optional): a member with a surviving mutant is WEAK. */
    @Parameter
    private List<File> mutationResults;

    /**
     * The verdicts that fail the build, comma-separated, from FAILED, NO_EVIDENCE, UNDECLARED, THIN and WEAK. A
     * tripped fail-open guard always fails it.
     */
    @Parameter(property = "threadproof.failOn", defaultValue = "FAILED,NO_EVIDENCE,UNDECLARED,THIN")
    private String failOn;

    /**
     * The evidence floor in samples per member: a member whose strongest passing evidence gives it fewer samples (a
     * jcstress test's samples divided among the members it certifies) is THIN, not CERTIFIED; evidence that counts in
     * full (Lincheck model checking, a JUnit test) always meets it. 0: no floor.
     */
    @Parameter(property = "threadproof.floor", defaultValue = "0")
    private long floor;

    /** Where the report is written. */
    @Parameter(property = "threadproof.outputDirectory",
            defaultValue = "${project.build.directory}/thread-safety-report", required = true)
    private File outputDirectory;

    /** The library's name in the report's heading. */
    @Parameter(property = "threadproof.title", defaultValue = "${project.name}")
    private String title;

    /**
     * The commit the evidence must come from: evidence files that record another commit trip a guard. Unset: not
     * checked.
     */
    @Parameter(property = "threadproof.commit")
    private String commit;

    /** Skips the goal: no report is written and nothing is checked (the build log says so). */
    @Parameter(property = "threadproof.skip", defaultValue = "false")
    private boolean skip;

    /** Maven's own switch: with tests skipped there is no evidence, so the report is skipped too (with a warning). */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /** Maven's {@code -Dmaven.test.skip}: as {@code skipTests}. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean mavenTestSkip;

    /** Confined: a goal Maven configures by injection. */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public ReportMojo() {
    }

    /**
     * Confined: generates the report and decides the build.
     *
     * @throws MojoExecutionException on bad input or an I/O error
     * @throws MojoFailureException   when the report is red
     */
    @Override
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("threadproof: report skipped (threadproof.skip)");
            return;
        }
        if (skipTests || mavenTestSkip) {
            getLog().warn("threadproof: tests were skipped, so there is no evidence: the thread-safety report is "
                    + "skipped, not green");
            return;
        }
        if ("pom".equals(project.getPackaging())) {
            getLog().info("threadproof: a pom project has no API of its own: report skipped");
            return;
        }
        List<String> prefixes = packages == null || packages.isEmpty() ? List.of(project.getGroupId()) : packages;
        ReportGenerator g = new ReportGenerator()
                .classes(classesDirectory.toPath())
                .packages(prefixes)
                .title(title == null ? project.getArtifactId() : title)
                .origin("Generated by threadproof-maven-plugin (`mvn verify`) for " + project.getGroupId() + ":"
                        + project.getArtifactId() + ":" + project.getVersion() + " from the evidence of that build.")
                .out(outputDirectory.toPath());
        try {
            g.failOn(ReportGenerator.parseVerdicts(failOn));
            g.floor(floor);
            g.classpath(classpath());
            if (commit != null && !commit.isBlank()) {
                g.commit(commit);
            }
            Path build = Path.of(project.getBuild().getDirectory());
            if (testClassesDirectory != null && testClassesDirectory.isDirectory()) {
                g.testClasses(testClassesDirectory.toPath());
            }
            if (harnessDirectory != null) {
                g.harness(harnessDirectory.toPath());
            } else if (build.resolve("threadproof/harness").toFile().isDirectory()) {
                g.harness(build.resolve("threadproof/harness"));
            }
            if (testReportsDirectories != null && !testReportsDirectories.isEmpty()) {
                testReportsDirectories.forEach(d -> g.testReports(d.toPath()));
            } else {
                for (String d : new String[] {"surefire-reports", "failsafe-reports"}) {
                    if (build.resolve(d).toFile().isDirectory()) {
                        g.testReports(build.resolve(d));
                    }
                }
            }
            each(lincheckEvidence, f -> g.lincheck(f));
            each(jcstressSummaries, f -> g.jcstress(f));
            each(mutationResults, f -> g.mutation(f));
            getLog().info("threadproof: certifying " + String.join(", ", prefixes) + " in " + classesDirectory);
            ReportGenerator.Outcome o = g.generate();
            getLog().info("threadproof: thread-safety report " + o.summary());
            getLog().info("threadproof: written " + o.folder().resolve("index.html") + " (also report.md, "
                    + "report.json, TEST-thread-safety-report.xml)");
            if (o.red()) {
                o.problems().forEach(p -> getLog().error("threadproof: " + p));
                throw new MojoFailureException("thread-safety report is RED: " + String.join("; ", o.problems())
                        + " (see " + o.folder().resolve("report.md") + ")");
            }
            o.problems().forEach(p -> getLog().warn("threadproof: " + p));
        } catch (BadInputException e) {
            throw new MojoExecutionException("threadproof: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("threadproof: the report could not be written: " + e, e);
        }
    }

    private List<Path> classpath() throws MojoExecutionException {
        List<Path> out = new ArrayList<>();
        try {
            for (String e : project.getTestClasspathElements()) {
                out.add(Path.of(e));
            }
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("threadproof: the test classpath is not resolved: " + e.getMessage(), e);
        }
        return out;
    }

    private static void each(List<File> files, java.util.function.Consumer<Path> add) {
        if (files != null) {
            files.forEach(f -> add.accept(f.toPath()));
        }
    }
}
