package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/guide.md cannot rot: its Java blocks are the regions of {@link GuideExamples}, which this test runs. */
class GuideExamplesTest {

    private static Path root() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/guide.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "docs/guide.md not found above " + System.getProperty("user.dir"));
        return dir;
    }

    private static String dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent).stripTrailing()).append('\n');
        }
        return sb.toString().strip();
    }

    @Test
    void everyGuideBlockIsAnExampleRegionAndEveryRegionIsInTheGuide() throws IOException {
        Path root = root();
        List<String> src = Files.readAllLines(
                root.resolve("runtime/src/test/java/dev/threadproof/runtime/GuideExamples.java"),
                StandardCharsets.UTF_8);
        Map<String, String> regions = new LinkedHashMap<>();
        for (int i = 0; i < src.size(); i++) {
            String l = src.get(i).strip();
            if (l.startsWith("// guide:begin ")) {
                String name = l.substring("// guide:begin ".length());
                List<String> body = new ArrayList<>();
                for (i++; !src.get(i).strip().equals("// guide:end"); i++) {
                    body.add(src.get(i));
                }
                regions.put(name, dedent(body));
            }
        }
        assertEquals(6, regions.size(), "regions found: " + regions.keySet());
        String guide = Files.readString(root.resolve("docs/guide.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(dedent(Arrays.asList(m.group(1).split("\n"))));
        }
        for (Map.Entry<String, String> e : regions.entrySet()) {
            assertTrue(blocks.contains(e.getValue()), "docs/guide.md lacks the example '" + e.getKey()
                    + "' as it is in GuideExamples.java:\n" + e.getValue());
        }
        for (String b : blocks) {
            assertTrue(regions.containsValue(b), "docs/guide.md has a Java block that no test compiles:\n" + b);
        }
    }

    @Test
    void doSineIsSinOfEveryElement() {
        double[][] in = new double[300][];
        Random r = new Random(1);
        for (int i = 0; i < in.length; i++) {
            in[i] = new double[1 + r.nextInt(50)];
            for (int j = 0; j < in[i].length; j++) {
                in[i][j] = r.nextDouble() * 10;
            }
        }
        double[][] out = GuideExamples.doSine(in);
        for (int i = 0; i < in.length; i++) {
            for (int j = 0; j < in[i].length; j++) {
                assertEquals(Math.sin(in[i][j]), out[i][j]);
            }
        }
    }

    @Test
    void l2normAndNormalize() {
        double[] x = Inputs.twelveDecades(100_001, 3);
        double n = GuideExamples.l2norm(x);
        double plain = 0;
        for (double v : x) {
            plain += v * v;
        }
        assertEquals(Math.sqrt(plain), n, 1e-12 * n);
        double[] y = x.clone();
        GuideExamples.normalize(y);
        assertEquals(1.0, GuideExamples.l2norm(y), 1e-12);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] / n, y[i], 1e-15 * Math.abs(x[i] / n) + Double.MIN_NORMAL, "element " + i);
        }
    }

    @Test
    void medianOfEachColumn() {
        for (int rows : new int[] {1, 2, 7, 64}) {
            double[][] x = new double[rows][];
            Random r = new Random(rows);
            for (int j = 0; j < rows; j++) {
                x[j] = r.doubles(500).toArray();
            }
            double[] med = GuideExamples.medianAlongAxis0(x);
            for (int i = 0; i < 500; i++) {
                double[] col = new double[rows];
                for (int j = 0; j < rows; j++) {
                    col[j] = x[j][i];
                }
                Arrays.sort(col);
                double want = rows % 2 == 1 ? col[rows / 2] : (col[rows / 2 - 1] + col[rows / 2]) / 2;
                assertEquals(want, med[i], "column " + i + " of " + rows + " rows");
            }
        }
    }

    @Test
    void twoTasksBothRunOnce() {
        for (int round = 0; round < 100; round++) {
            AtomicInteger first = new AtomicInteger();
            AtomicInteger second = new AtomicInteger();
            GuideExamples.twoTasks(first::incrementAndGet, second::incrementAndGet);
            assertEquals(1, first.get());
            assertEquals(1, second.get());
        }
    }

    @Test
    void workersConventionsGiveIdenticalSums() {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            double[] x = Inputs.cancelling(300_000, 5, 9);
            double[] sums = GuideExamples.workersConventions(x, ex);
            for (double s : sums) {
                assertEquals(Double.doubleToRawLongBits(sums[0]), Double.doubleToRawLongBits(s));
            }
        } finally {
            ex.shutdownNow();
        }
    }
}
