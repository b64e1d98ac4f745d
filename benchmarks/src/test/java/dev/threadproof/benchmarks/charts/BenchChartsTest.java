package dev.threadproof.benchmarks.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts' numbers come from the right rows: a results folder of two rounds, written here with round figures, is
 * read back and every ratio and speed-up is checked against the value worked out by hand.
 */
class BenchChartsTest {
    @TempDir
    Path dir;

    private static final String HEAD = "peer,kernel,n,variant,threads,inner,reps,median_s,min_s,p25_s,p75_s,max_s,"
            + "checksum\n";

    private void round(int r, double peerSum2, double peerHistChecked2, String jmh) throws IOException {
        Path d = Files.createDirectories(dir.resolve("round-" + r));
        Files.writeString(d.resolve("omp.csv"), HEAD
                + "omp,sum,16777216,omp,2," + "1,11," + peerSum2 + ",0,0,0,0,1\n"
                + "omp,sum,16777216,omp,1,1,11,0.016,0,0,0,0,1\n"
                + "omp,sum,16777216,omp-simd,2,1,11,0.005,0,0,0,0,1\n"
                + "omp,sum,16777216,omp-read,2,1,11,0.004,0,0,0,0,1\n"
                + "omp,hist,4096,omp-checked,2,1,11," + peerHistChecked2 + ",0,0,0,0,1\n"
                + "omp,hist,4096,serial-checked,0,1,11,0.000004,0,0,0,0,1\n"
                + "omp,hist,16777216,serial-checked,0,1,11,0.012,0,0,0,0,1\n"
                + "omp,empty,2,omp,2,1,11,0.000001,0,0,0,0,-\n"
                + "omp,irregular,65536,omp-dynamic,1,1,11,0.004,0,0,0,0,7\n"
                + "omp,irregular,65536,omp-dynamic,2,1,11,0.0025,0,0,0,0,7\n");
        Files.writeString(d.resolve("jmh-kernels.json"), jmh);
    }

    private static String jmh(String cls, String method, String params, String unit, double... raw) {
        return "{\"benchmark\":\"dev.threadproof.benchmarks." + cls + "." + method + "\",\"params\":{" + params
                + "},\"primaryMetric\":{\"score\":0,\"scoreUnit\":\"" + unit + "\",\"rawData\":[" + Arrays.toString(raw)
                + "]}}";
    }

    private BenchResults twoRounds() throws IOException {
        round(1, 0.008, 0.00001, "[" + jmh("KernelBenchmark", "sumTp2", "\"log2n\":\"24\"", "ms/op", 5, 6, 7) + ","
                + jmh("VectorKernelBenchmark", "sumVectorTp2", "\"log2n\":\"24\"", "ms/op", 3, 4, 5) + ","
                + jmh("PlainKernelBenchmark", "sumTp2", "\"log2n\":\"24\"", "ms/op", 7, 8, 9) + ","
                + jmh("PlainVectorKernelBenchmark", "sumVectorTp2", "\"log2n\":\"24\"", "ms/op", 2, 3, 3) + ","
                + jmh("KernelBenchmark", "histTp2", "\"log2n\":\"12\"", "us/op", 8, 9, 30) + ","
                + jmh("KernelBenchmark", "histTpAuto", "\"log2n\":\"12\"", "us/op", 2, 3, 4) + ","
                + jmh("KernelBenchmark", "histTpAuto", "\"log2n\":\"24\"", "ms/op", 6) + ","
                + jmh("ScalingBenchmark", "irregularDynamic", "\"log2n\":\"24\",\"workers\":\"1\"", "us/op", 4000) + ","
                + jmh("ScalingBenchmark", "irregularDynamic", "\"log2n\":\"24\",\"workers\":\"2\"", "us/op", 2000)
                + "]");
        round(2, 0.010, 0.00002, "[" + jmh("KernelBenchmark", "sumTp2", "\"log2n\":\"24\"", "ms/op", 9, 9, 100) + ","
                + jmh("KernelBenchmark", "histTp2", "\"log2n\":\"12\"", "us/op", 10, 11, 12, 13) + ","
                + jmh("ScalingBenchmark", "irregularDynamic", "\"log2n\":\"24\",\"workers\":\"1\"", "us/op", 6000)
                + "," + jmh("ScalingBenchmark", "irregularDynamic", "\"log2n\":\"24\",\"workers\":\"2\"", "us/op",
                2000) + "]");
        return BenchResults.read(dir);
    }

    @Test
    void ratiosCompareTheMedianOfEachRoundWithThePeerOfTheSameRound() throws IOException {
        BenchResults r = twoRounds();
        assertEquals(2, r.rounds());
        // round 1: median(5, 6, 7) ms = 6000 us against 0.008 s; round 2: median(9, 9, 100) ms = 9000 us against 0.010 s
        Map<String, List<Double>> vsOmp = r.ratios(2, "omp");
        assertEquals(List.of("sum 2^24"), List.copyOf(vsOmp.keySet()));
        assertArrayEquals(new double[] {0.75, 0.9}, unbox(vsOmp.get("sum 2^24")), 1e-12);
        // round 1: median(8, 9, 30) = 9 us against 10 us; round 2: median(10, 11, 12, 13) = 11.5 us against 20 us
        assertArrayEquals(new double[] {0.9, 0.575}, unbox(r.ratios(2, "omp-checked").get("hist 2^12")), 1e-12);
        // the Vector API row (round 1 only): median(3, 4, 5) ms = 4000 us against 0.008 s strict and 0.005 s simd;
        // it is not one of KernelBenchmark's rows above
        assertArrayEquals(new double[] {0.5}, unbox(r.ratios("VectorKernelBenchmark", "VectorTp", 2, "omp")
                .get("sum 2^24")), 1e-12);
        assertArrayEquals(new double[] {0.8}, unbox(r.ratios("VectorKernelBenchmark", "VectorTp", 2, "omp-simd")
                .get("sum 2^24")), 1e-12);
        // the serial path (no workers argument) against the checked serial C loop, round 1 only: median(2, 3, 4) = 3 us
        // against 4 us; at 2^24 against 0.012 s, the raw ratio the chart leaves out
        Map<String, List<Double>> serial = r.ratiosOf("KernelBenchmark", "TpAuto", "serial-checked", 0);
        assertArrayEquals(new double[] {0.75}, unbox(serial.get("hist 2^12")), 1e-12);
        assertArrayEquals(new double[] {0.5}, unbox(serial.get("hist 2^24")), 1e-12);
        // no 1-worker threadproof row: no ratio at 1 worker
        assertTrue(r.ratios(1, "omp").isEmpty(), r.ratios(1, "omp").toString());
    }

    @Test
    void theRatioChartDrawsThePlainForksBesideThePreTouchedOnesAndTheMemoryFloor() throws IOException {
        DefaultBoxAndWhiskerCategoryDataset d = BenchCharts.ratioBoxes(twoRounds());
        // the plain fork's row is round 1's alone (the pre-touched fork's box has both rounds, 0.75 and 0.9):
        // median(7, 8, 9) = 8 ms against 0.008 s
        assertEquals(1.0, d.getMedianValue("2 workers, plain fork / OpenMP 2T", "sum 2^24").doubleValue(), 1e-12);
        assertEquals(0.825, d.getMedianValue("2 workers / OpenMP 2T", "sum 2^24").doubleValue(), 1e-12);
        // the plain Vector API fork, median(2, 3, 3) = 3 ms: against the strict loop (8 ms) and the C read (4 ms)
        assertEquals(0.375, d.getMedianValue("2 workers, Vector API, plain fork / OpenMP 2T", "sum 2^24")
                .doubleValue(), 1e-12);
        assertEquals(0.75, d.getMedianValue("2 workers, Vector API, plain fork / C read 2T", "sum 2^24")
                .doubleValue(), 1e-12);
    }

    @Test
    void theRatioChartDrawsTheSerialHistogramGoalAt2To12Only() throws IOException {
        DefaultBoxAndWhiskerCategoryDataset d = BenchCharts.ratioBoxes(twoRounds());
        String serial = "no workers argument (serial) / checked serial C";
        List<Object> drawn = new ArrayList<>();
        for (Object column : d.getColumnKeys()) {
            if (d.getItem(d.getRowIndex(serial), d.getColumnIndex((Comparable<?>) column)) != null) {
                drawn.add(column);
            }
        }
        // the 2^24 row has a serial-checked peer too (ratio 0.5 above), but a call with no workers uses every core there
        assertEquals(List.of("hist 2^12 (checked peer)"), drawn);
        assertEquals(0.75, d.getMedianValue(serial, "hist 2^12 (checked peer)").doubleValue(), 1e-12);
    }

    @Test
    void scalingIsTheSpeedUpOverOneWorkerOfTheMedianOfRounds() throws IOException {
        XYSeriesCollection c = BenchCharts.scaling(twoRounds());
        Map<String, XYSeries> byName = ((List<?>) c.getSeries()).stream().map(s -> (XYSeries) s)
                .collect(Collectors.toMap(s -> s.getKey().toString(), s -> s));
        // threadproof: median(4000, 6000) = 5000 us at 1 worker, median(2000, 2000) at 2: speed-up 2.5
        XYSeries tp = byName.get("threadproof irregularDynamic");
        assertEquals(2.5, tp.getY(tp.indexOf(2)).doubleValue(), 1e-12);
        assertEquals(1.0, tp.getY(tp.indexOf(1)).doubleValue(), 1e-12);
        // the peer: 4 ms at 1 thread, 2.5 ms at 2: 1.6
        XYSeries peer = byName.get("OpenMP irregular omp-dynamic");
        assertEquals(1.6, peer.getY(peer.indexOf(2)).doubleValue(), 1e-12);
        XYSeries ideal = byName.get("ideal");
        assertEquals(2.0, ideal.getY(ideal.indexOf(2)).doubleValue(), 1e-12);
    }

    @Test
    void writesEveryChartAsPng() throws IOException {
        List<Path> files = BenchCharts.write(twoRounds(), dir.resolve("charts"));
        List<String> names = files.stream().map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        assertEquals(List.of("kernels-L.png", "kernels-S.png", "overhead.png", "ratios.png", "scaling.png"),
                names);
        for (Path p : files) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(p), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, p + " is no PNG");
        }
    }

    @Test
    void aFolderWithoutRoundsIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchResults.read(dir));
        assertTrue(e.getMessage().startsWith("dir: " + dir), e.getMessage());
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
