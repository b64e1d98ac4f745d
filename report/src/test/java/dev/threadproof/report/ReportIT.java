package dev.threadproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * End to end, inside {@code mvn verify}: the report from the evidence the other modules produced earlier in the same
 * build (the runtime's concurrent unit tests, the jcstress smoke run, the Lincheck suite) must be green.
 */
class ReportIT {
    @Test
    void theSmokeRunCertifiesEveryClaim() throws Exception {
        Path root = Paths.get("..").toAbsolutePath().normalize();
        Path out = Paths.get("target/thread-safety-report").toAbsolutePath();
        int exit = ReportMain.run(new String[] {
            "--classes", root.resolve("runtime/target/classes").toString(), "--package", "dev.threadproof.runtime",
            "--jcstress", root.resolve("stress-tests/target/stress-smoke/summary.json").toString(),
            "--lincheck", root.resolve("linearizability/target/lincheck-evidence").toString(),
            "--junit", root.resolve("runtime/target/junit-evidence").toString(),
            "--budget", "smoke", "--commit", System.getProperty("threadproof.commit", "unknown"),
            "--out", out.toString(),
        });
        String md = Files.readString(out.resolve("report.md"));
        assertEquals(0, exit, "the thread-safety report is red:\n" + md);
        assertTrue(md.contains("**Verdict: GREEN**"), md);
        for (String f : new String[] {"index.html", "report.json", "TEST-thread-safety-report.xml"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }
}
