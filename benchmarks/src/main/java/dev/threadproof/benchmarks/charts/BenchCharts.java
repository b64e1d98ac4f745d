package dev.threadproof.benchmarks.charts;

import dev.threadproof.annotations.ThreadSafety;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Confined: draws the charts of one {@code ci/bench.sh} run as PNG files, with JFreeChart, from its results folder:
 * <ul>
 *   <li>{@code overhead.png}: the time of an empty parallel call, by variant (threadproof, Java streams on a
 *   ForkJoinPool, the OpenMP peer), log scale;</li>
 *   <li>{@code kernels-L.png} (2^24), {@code kernels-S.png} (2^12): each kernel's time per call at 1 and 2 workers, next to
 *   the Java serial loop and the OpenMP peer's serial, 1- and 2-thread loops;</li>
 *   <li>{@code ratios.png}: threadproof / OpenMP per kernel, as a box over the rounds (median, quartiles, extremes),
 *   with the line 1.0;</li>
 *   <li>{@code scaling.png} (with {@code --workers}): speed-up over one worker against the worker count, threadproof
 *   and the peer, with the ideal line.</li>
 * </ul>
 * Every value is a median per round (JMH: of its measurement iterations; the peer: of its timed batches); a chart
 * over rounds shows the median of the rounds' medians, or their spread.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.threadproof.benchmarks.charts.BenchCharts DIR}, which
 * {@code ci/bench.sh} does after its last round; the charts go to {@code DIR/charts}.
 */
@ThreadSafety(level = ThreadSafety.Level.CONFINED, note = "draws into files of its own; run one at a time per folder")
public final class BenchCharts {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;

    private BenchCharts() {
    }

    /**
     * Confined: draws the charts of the results folder given as the only argument.
     *
     * @param args the results folder of ci/bench.sh
     * @throws IOException if a file cannot be read or written
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchCharts RESULTS_DIR   (the folder ci/bench.sh printed as 'results:')");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Path dir = Path.of(args[0]);
        List<Path> written = write(BenchResults.read(dir), dir.resolve("charts"));
        for (Path p : written) {
            System.out.println("chart: " + p);
        }
    }

    /**
     * Confined: writes every chart the results allow into {@code out}.
     *
     * @param r the results
     * @param out the folder, created if needed
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public static List<Path> write(BenchResults r, Path out) throws IOException {
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        DefaultCategoryDataset overhead = overhead(r);
        if (overhead.getColumnCount() > 0) {
            JFreeChart c = ChartFactory.createBarChart("Empty parallel call (2 iterations): time per call, median of "
                    + r.rounds() + " round(s)", "", "ns per call (log scale)", overhead);
            CategoryPlot plot = c.getCategoryPlot();
            plot.setRangeAxis(logAxis("ns per call (log scale)", overhead));
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            written.add(save(c, out.resolve("overhead.png")));
        }
        for (String size : new String[] {"2^24", "2^12"}) {
            DefaultCategoryDataset k = kernels(r, size);
            if (k.getColumnCount() > 0) {
                String unit = size.equals("2^24") ? "ms" : "us";
                JFreeChart c = ChartFactory.createBarChart("Kernels on " + size + " doubles: time per call, median of "
                        + r.rounds() + " round(s)", "", unit + " per call", k);
                c.getCategoryPlot().setRangeAxis(logAxis(unit + " per call (log scale)", k));
                written.add(save(c, out.resolve("kernels-" + (size.equals("2^24") ? "L" : "S") + ".png")));
            }
        }
        DefaultBoxAndWhiskerCategoryDataset ratios = ratioBoxes(r);
        if (ratios.getColumnCount() > 0) {
            JFreeChart c = ChartFactory.createBoxAndWhiskerChart("threadproof / OpenMP, per kernel: spread over "
                    + r.rounds() + " round(s) (below 1: threadproof faster)", "", "ratio of medians", ratios, true);
            CategoryPlot plot = c.getCategoryPlot();
            plot.addRangeMarker(new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f)));
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            written.add(save(c, out.resolve("ratios.png")));
        }
        XYSeriesCollection scaling = scaling(r);
        if (scaling.getSeriesCount() > 1) {
            JFreeChart c = ChartFactory.createXYLineChart("Speed-up over one worker (ScalingBenchmark; the OpenMP "
                    + "peer over one thread), median of " + r.rounds() + " round(s)", "workers", "speed-up", scaling);
            XYPlot plot = c.getXYPlot();
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            renderer.setSeriesPaint(0, Color.BLACK);
            renderer.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            plot.setRenderer(renderer);
            ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            written.add(save(c, out.resolve("scaling.png")));
        }
        return written;
    }

    /** A base-10 log axis from half the smallest value up, its ticks printed as plain numbers. */
    private static LogAxis logAxis(String label, DefaultCategoryDataset d) {
        double min = Double.POSITIVE_INFINITY;
        for (int row = 0; row < d.getRowCount(); row++) {
            for (int col = 0; col < d.getColumnCount(); col++) {
                Number v = d.getValue(row, col);
                if (v != null && v.doubleValue() > 0) {
                    min = Math.min(min, v.doubleValue());
                }
            }
        }
        LogAxis log = new LogAxis(label);
        log.setSmallestValue(Double.isInfinite(min) ? 1e-3 : min / 2);
        log.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));
        return log;
    }

    private static Path save(JFreeChart c, Path file) throws IOException {
        c.setBackgroundPaint(Color.WHITE);
        org.jfree.chart.plot.Plot plot = c.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof CategoryPlot) {
            ((CategoryPlot) plot).setRangeGridlinePaint(Color.GRAY);
        } else if (plot instanceof XYPlot) {
            ((XYPlot) plot).setRangeGridlinePaint(Color.GRAY);
            ((XYPlot) plot).setDomainGridlinePaint(Color.GRAY);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), c, WIDTH, HEIGHT);
        return file;
    }

    /** The median over rounds of the rows that {@code key} puts in one cell. */
    private static Map<List<String>, Double> medians(BenchResults r, java.util.function.Function<BenchResults.Row,
            List<String>> key) {
        Map<List<String>, List<Double>> cells = new LinkedHashMap<>();
        for (BenchResults.Row row : r.rows()) {
            List<String> k = key.apply(row);
            if (k != null) {
                cells.computeIfAbsent(k, x -> new ArrayList<>()).add(row.micros);
            }
        }
        Map<List<String>, Double> out = new LinkedHashMap<>();
        cells.forEach((k, v) -> out.put(k, BenchResults.median(v)));
        return out;
    }

    /** Series: one bar per variant of the empty call, in ns. */
    static DefaultCategoryDataset overhead(BenchResults r) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        medians(r, row -> {
            if (!row.kernel.equals("empty")) {
                return null;
            }
            String label = row.source.equals("omp")
                    ? "OpenMP " + (row.threads == 0 ? "serial loop" : row.threads + "T")
                    : row.variant;
            return List.of(label);
        }).forEach((k, us) -> d.addValue(us * 1e3, "median", k.get(0)));
        return d;
    }

    /**
     * Series: threadproof at 1 and 2 workers (and on the Vector API loops where measured), the Java serial loop, the
     * peer's serial, 1- and 2-thread loops.
     */
    static DefaultCategoryDataset kernels(BenchResults r, String size) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        double scale = size.equals("2^24") ? 1e-3 : 1.0;
        medians(r, row -> {
            if (!row.size.equals(size) || row.kernel.equals("empty")) {
                return null;
            }
            String series = null;
            if (row.source.equals("KernelBenchmark")) {
                if (row.variant.endsWith("Serial")) {
                    series = "Java serial loop";
                } else if (row.threads == 1 || row.threads == 2) {
                    series = "threadproof, " + row.threads + " worker" + (row.threads > 1 ? "s" : "");
                }
            } else if (row.source.equals("VectorKernelBenchmark") && (row.threads == 1 || row.threads == 2)) {
                series = "threadproof + Vector API, " + row.threads + " worker" + (row.threads > 1 ? "s" : "");
            } else if (row.source.equals("omp") && !row.variant.contains("simd")) {
                String v = row.variant.replace("omp", "OpenMP").replace("serial", "C serial");
                series = v + (row.threads > 0 ? ", " + row.threads + "T" : "");
            }
            return series == null ? null : List.of(series, row.kernel);
        }).forEach((k, us) -> d.addValue(us * scale, k.get(0), k.get(1)));
        return d;
    }

    /** Per kernel, the per-round ratios threadproof / OpenMP at 2 and at 1 worker; the histogram also against the
     * checked peer, the loop with the same counting rules (at 2^12 also the serial path, no workers argument, against
     * the checked serial C loop); the Vector API loops (sum, dot, norm2) against OpenMP's strict and simd loops; the
     * plain forks (no JVM flags) beside the pre-touched ones, and the plain Vector API forks against the C read of the
     * same bytes (the memory floor). */
    static DefaultBoxAndWhiskerCategoryDataset ratioBoxes(BenchResults r) {
        DefaultBoxAndWhiskerCategoryDataset d = new DefaultBoxAndWhiskerCategoryDataset();
        Map<String, Map<String, List<Double>>> series = new LinkedHashMap<>();
        series.put("2 workers / OpenMP 2T", r.ratios(2, "omp"));
        // The same calls in forks started with no JVM flags, as a user's JVM starts: where the goals count.
        series.put("2 workers, plain fork / OpenMP 2T", r.ratios("PlainKernelBenchmark", "Tp", 2, "omp"));
        series.put("1 worker / OpenMP 1T", r.ratios(1, "omp"));
        Map<String, List<Double>> checked = new TreeMap<>();
        r.ratios(2, "omp-checked").forEach((k, v) -> checked.put(k + " (checked peer)", v));
        series.put("2 workers / checked OpenMP 2T", checked);
        Map<String, List<Double>> serialChecked = new TreeMap<>();
        r.ratiosOf("KernelBenchmark", "TpAuto", "serial-checked", 0).forEach((k, v) -> {
            if (k.endsWith("2^12")) { // at 2^24 a call with no workers argument uses every core: no serial comparison
                serialChecked.put(k + " (checked peer)", v);
            }
        });
        series.put("no workers argument (serial) / checked serial C", serialChecked);
        series.put("2 workers, Vector API / OpenMP 2T", r.ratios("VectorKernelBenchmark", "VectorTp", 2, "omp"));
        series.put("2 workers, Vector API / OpenMP simd 2T",
                r.ratios("VectorKernelBenchmark", "VectorTp", 2, "omp-simd"));
        series.put("2 workers, Vector API, plain fork / OpenMP 2T",
                r.ratios("PlainVectorKernelBenchmark", "VectorTp", 2, "omp"));
        // The memory floor: a C read of the bytes the kernel reads, at 2 threads.
        series.put("2 workers, Vector API, plain fork / C read 2T",
                r.ratios("PlainVectorKernelBenchmark", "VectorTp", 2, "omp-read"));
        series.forEach((name, byKernel) -> byKernel.forEach((kernel, values) -> d.add(values, name, kernel)));
        return d;
    }

    /**
     * Speed-up {@code t(1) / t(w)} of ScalingBenchmark's methods and of the peer's parallel variants, ideal first: the
     * large inputs (2^24) and the irregular loop, where threads have work enough to scale; 2^12 stays in the tables.
     */
    static XYSeriesCollection scaling(BenchResults r) {
        Map<List<String>, Double> tp = medians(r, row -> row.source.equals("ScalingBenchmark")
                && !row.size.equals("2^12") ? List.of("threadproof " + row.variant + sizeLabel(row), String.valueOf(row.threads)) : null);
        Map<List<String>, Double> peer = medians(r, row -> row.source.equals("omp") && row.threads > 0
                && !row.kernel.equals("empty") && !row.variant.contains("simd") && !row.size.equals("2^12")
                ? List.of("OpenMP " + row.kernel + " " + row.variant + sizeLabel(row), String.valueOf(row.threads))
                : null);
        XYSeriesCollection c = new XYSeriesCollection();
        TreeSet<Integer> workers = new TreeSet<>();
        tp.keySet().forEach(k -> workers.add(Integer.parseInt(k.get(1))));
        XYSeries ideal = new XYSeries("ideal");
        for (int w : workers) {
            ideal.add(w, w);
        }
        c.addSeries(ideal);
        for (Map<List<String>, Double> m : List.of(tp, peer)) {
            Map<String, XYSeries> byName = new LinkedHashMap<>();
            m.forEach((k, us) -> {
                Double one = m.get(List.of(k.get(0), "1"));
                if (one != null && workers.contains(Integer.parseInt(k.get(1)))) {
                    byName.computeIfAbsent(k.get(0), XYSeries::new).add(Integer.parseInt(k.get(1)), one / us);
                }
            });
            byName.values().forEach(c::addSeries);
        }
        return c;
    }

    private static String sizeLabel(BenchResults.Row row) {
        return row.size.isEmpty() ? "" : " " + row.size;
    }
}
