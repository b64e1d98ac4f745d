package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** THREADPROOF_NUM_THREADS and THREADPROOF_SCHEDULE, read in a child JVM (a JVM cannot change its own environment). */
class EnvTest {

    private static String probe(Map<String, String> env) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                EnvProbe.class.getName()));
        pb.environment().remove(Workers.ENV);
        pb.environment().remove(Schedule.ENV);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS), "child JVM hung");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void numThreadsSetsTheDefault() throws Exception {
        assertTrue(probe(Map.of(Workers.ENV, "3")).contains("defaultWorkers=3"));
        assertTrue(probe(Map.of(Workers.ENV, "-1")).contains("defaultWorkers=" + Workers.usableCores()));
        assertTrue(probe(Map.of()).contains("defaultWorkers=" + Workers.usableCores()));
    }

    @Test
    void malformedNumThreadsIsAnErrorNamingTheVariable() throws Exception {
        for (String bad : new String[] {"abc", "0", "-1000"}) {
            String out = probe(Map.of(Workers.ENV, bad));
            assertTrue(out.contains("workersError=") && out.contains(Workers.ENV) && out.contains(bad), out);
        }
    }

    @Test
    void scheduleVariableIsReadByRuntimeSchedules() throws Exception {
        String out = probe(Map.of(Schedule.ENV, "dynamic,64"));
        assertTrue(out.contains("schedule=dynamic,64") && out.contains("ran=100"), out);
        assertTrue(probe(Map.of()).contains("schedule=static"));
    }

    @Test
    void malformedScheduleIsAnErrorNamingTheVariable() throws Exception {
        String out = probe(Map.of(Schedule.ENV, "dynamic,zero"));
        assertTrue(out.contains("scheduleError=") && out.contains(Schedule.ENV) && out.contains("dynamic,zero"), out);
        assertTrue(!out.contains("ran="), "a body ran despite the malformed schedule: " + out);
    }
}
