package dev.threadproof.benchmarks.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadproof.annotations.ThreadSafety;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Immutable: the results of one {@code ci/bench.sh} run, read back from its folder: per round, the OpenMP peer's rows
 * ({@code omp.csv}) and JMH's ({@code jmh-*.json}), each reduced to the median time per call in microseconds (the
 * peer reports the median of its timed batches; for JMH it is the median of the measurement iterations), so that
 * every ratio compares a median with a median measured in the same round.
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
public final class BenchResults {
    /** Immutable: one measured case of one round. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final class Row {
        /** Immutable: the round, from 1. */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public final int round;
        /** Immutable: "omp" for the peer, else the JMH benchmark class's simple name. */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public final String source;
        /** Immutable: empty, sum, dot, norm2, map, hist, irregular. */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public final String kernel;
        /** Immutable: "2^24", "2^12", or "" for kernels without a size. */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public final String size;
        /** Immutable: the peer's variant (serial, omp, omp-simd, omp-checked, ...) or the JMH method name. */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public final String variant;
        /** Immutable: the thread or worker count: 0 for serial code. */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public final int threads;
        /** Immutable: the median time per call, in microseconds. */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public final double micros;

        Row(int round, String source, String kernel, String size, String variant, int threads, double micros) {
            this.round = round;
            this.source = source;
            this.kernel = kernel;
            this.size = size;
            this.variant = variant;
            this.threads = threads;
            this.micros = micros;
        }

        /** Immutable: the row in words, for messages. */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        @Override
        public String toString() {
            return "round " + round + " " + source + " " + kernel + " " + size + " " + variant + " x" + threads + ": "
                    + micros + " us";
        }
    }

    private final List<Row> rows;
    private final int rounds;

    private BenchResults(List<Row> rows, int rounds) {
        this.rows = Collections.unmodifiableList(rows);
        this.rounds = rounds;
    }

    /**
     * Immutable: the rows of every round.
     *
     * @return an unmodifiable list
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public List<Row> rows() {
        return rows;
    }

    /**
     * Immutable: the number of rounds read.
     *
     * @return the rounds
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int rounds() {
        return rounds;
    }

    /**
     * Thread-safe: reads a results folder of {@code ci/bench.sh}: its {@code round-N} folders.
     *
     * @param dir the folder ci/bench.sh printed ("results: ...")
     * @return the results
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if {@code dir} holds no round folder, or a file is malformed
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static BenchResults read(Path dir) throws IOException {
        List<Path> roundDirs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().matches("round-\\d+") && Files.isDirectory(p))
                        .forEach(roundDirs::add);
            }
        }
        if (roundDirs.isEmpty()) {
            throw new IllegalArgumentException("dir: " + dir + " holds no round-N folder of ci/bench.sh");
        }
        roundDirs.sort((a, b) -> Integer.compare(roundNumber(a), roundNumber(b)));
        List<Row> rows = new ArrayList<>();
        for (Path d : roundDirs) {
            int round = roundNumber(d);
            readPeer(d.resolve("omp.csv"), round, rows);
            try (Stream<Path> s = Files.list(d)) {
                for (Path json : (Iterable<Path>) s.filter(p -> p.getFileName().toString().matches("jmh-.*\\.json"))
                        .sorted()::iterator) {
                    readJmh(json, round, rows);
                }
            }
        }
        return new BenchResults(rows, roundDirs.size());
    }

    private static int roundNumber(Path d) {
        return Integer.parseInt(d.getFileName().toString().substring("round-".length()));
    }

    static String sizeOf(long n) {
        return n <= 2 ? "" : "2^" + (63 - Long.numberOfLeadingZeros(n));
    }

    private static void readPeer(Path csv, int round, List<Row> rows) throws IOException {
        if (!Files.exists(csv)) {
            return;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith("peer,")) {
            return; // "(no OpenMP peer)": the peer was not built
        }
        List<String> head = Arrays.asList(lines.get(0).split(","));
        int kernel = column(head, "kernel", csv);
        int n = column(head, "n", csv);
        int variant = column(head, "variant", csv);
        int threads = column(head, "threads", csv);
        int median = column(head, "median_s", csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length < head.size()) {
                throw new IllegalArgumentException(csv + ": a row has " + f.length + " fields, the header "
                        + head.size() + ": " + line);
            }
            String k = f[kernel];
            rows.add(new Row(round, "omp", k, k.equals("irregular") ? "" : sizeOf(Long.parseLong(f[n])), f[variant],
                    Integer.parseInt(f[threads]), Double.parseDouble(f[median]) * 1e6));
        }
    }

    private static int column(List<String> head, String name, Path csv) {
        int i = head.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(csv + ": no column '" + name + "' in " + head);
        }
        return i;
    }

    private static void readJmh(Path json, int round, List<Row> rows) throws IOException {
        JsonNode all = new ObjectMapper().readTree(json.toFile());
        for (JsonNode b : all) {
            String full = b.path("benchmark").asText();
            String[] parts = full.split("\\.");
            String cls = parts[parts.length - 2];
            String method = parts[parts.length - 1];
            JsonNode params = b.path("params");
            String size = params.has("log2n") ? "2^" + params.get("log2n").asText() : "";
            JsonNode metric = b.path("primaryMetric");
            double scale = unitScale(metric.path("scoreUnit").asText(), json);
            List<Double> raw = new ArrayList<>();
            for (JsonNode fork : metric.path("rawData")) {
                for (JsonNode v : fork) {
                    raw.add(v.asDouble());
                }
            }
            if (raw.isEmpty()) {
                throw new IllegalArgumentException(json + ": " + full + " has no measurement iterations");
            }
            String kernel = kernelOf(cls, method);
            int workers = params.has("workers") ? params.get("workers").asInt() : workersOf(method);
            if (kernel.equals("irregular")) {
                size = "";
            }
            rows.add(new Row(round, cls, kernel, size, method, workers, median(raw) * scale));
        }
    }

    private static double unitScale(String unit, Path json) {
        switch (unit) {
            case "ns/op":
                return 1e-3;
            case "us/op":
                return 1.0;
            case "ms/op":
                return 1e3;
            case "s/op":
                return 1e6;
            default:
                throw new IllegalArgumentException(json + ": unit " + unit + " is not a time per call");
        }
    }

    static String kernelOf(String cls, String method) {
        if (cls.equals("EmptyCallBenchmark")) {
            return "empty";
        }
        for (String k : new String[] {"sum", "dot", "norm2", "map", "hist", "irregular"}) {
            if (method.startsWith(k)) {
                return k;
            }
        }
        return method;
    }

    /** Tp1 and threadproof1: 1; Tp2, threadproof2, block2, streamFj2: 2; Serial and baseline: 0; TpAuto: -1. */
    static int workersOf(String method) {
        if (method.endsWith("Auto")) {
            return -1;
        }
        if (method.endsWith("Serial") || method.equals("baseline")) {
            return 0;
        }
        char last = method.charAt(method.length() - 1);
        return Character.isDigit(last) ? last - '0' : 0;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The row of one round that matches, if any. */
    Optional<Row> find(int round, String source, String kernel, String size, String variant, int threads) {
        return rows.stream().filter(r -> r.round == round && r.source.equals(source) && r.kernel.equals(kernel)
                && r.size.equals(size) && r.variant.equals(variant) && r.threads == threads).findFirst();
    }

    /**
     * Per kernel and size ("sum 2^24"), the ratios threadproof / OpenMP of each round: {@code KernelBenchmark}'s
     * {@code <kernel>Tp<w>} against the peer's {@code peerVariant} at {@code w} threads.
     */
    Map<String, List<Double>> ratios(int workers, String peerVariant) {
        return ratios("KernelBenchmark", "Tp", workers, peerVariant);
    }

    /**
     * As {@link #ratios(int, String)} for the rows of JMH class {@code source} named {@code <kernel><infix><w>}:
     * {@code ("VectorKernelBenchmark", "VectorTp")} are the Vector API loops.
     */
    Map<String, List<Double>> ratios(String source, String infix, int workers, String peerVariant) {
        return ratiosOf(source, infix + workers, peerVariant, workers);
    }

    /**
     * The general form: the rows of JMH class {@code source} named {@code <kernel><suffix>} against the peer's
     * {@code peerVariant} at {@code peerThreads} threads (0: the peer's serial loops), round by round;
     * {@code ("KernelBenchmark", "TpAuto", "serial-checked", 0)} is the histogram's serial path against the checked
     * serial C loop.
     */
    Map<String, List<Double>> ratiosOf(String source, String suffix, String peerVariant, int peerThreads) {
        Map<String, List<Double>> out = new TreeMap<>();
        for (Row tp : rows) {
            if (!tp.source.equals(source) || !tp.variant.equals(tp.kernel + suffix)) {
                continue;
            }
            find(tp.round, "omp", tp.kernel, tp.size, peerVariant, peerThreads).ifPresent(peer -> out
                    .computeIfAbsent(tp.kernel + " " + tp.size, k -> new ArrayList<>()).add(tp.micros / peer.micros));
        }
        return out;
    }
}
