/*
 * threadproof's OpenMP peer: the kernels of threadproof's JMH benchmarks (benchmarks/src/main/java), written as a C
 * programmer would write them with OpenMP, so that ci/bench.sh can state every threadproof figure as a ratio to them.
 *
 * Build:  make -C benchmarks/peers          (gcc -O3 -march=native -fopenmp; see the Makefile)
 * Run:    benchmarks/peers/omp_peer GROUP...  GROUP: empty irregular, or sum dot norm2 map hist with :L or :S
 *         CSV rows on stdout (header first), progress on stderr.
 *
 * Environment: PEER_THREADS (comma-separated thread counts, default "1,2"), PEER_LOG2_LARGE (24), PEER_LOG2_SMALL
 * (12), PEER_REPS (21), PEER_MIN_REPS (11), PEER_GROUP_BUDGET_SEC (10), PEER_TARGET_MS (2).
 *
 * Protocol, the same one the JMH side is compared with (median against median):
 *   - data: x[i] = u01(i), y[i] = u01(i + 2^40), u01 = splitmix64 -> [0, 1): the same bits as the JMH benchmarks;
 *   - every case of a group is warmed up (at least 10 calls and 0.1 s), then timed in batches of `inner` calls, where
 *     `inner` is doubled until a batch takes PEER_TARGET_MS;
 *   - the cases of a group are timed interleaved (round-robin, rotating start), PEER_REPS rounds or fewer (at least
 *     PEER_MIN_REPS) once the group has used PEER_GROUP_BUDGET_SEC; the row reports the median and quartiles of the
 *     per-call times;
 *   - the thread count is set with omp_set_num_threads before every batch, so counts interleave in one process.
 *
 * Variants: "serial" is a plain loop, "omp" the textbook pragma (`parallel for reduction(+:s) schedule(static)`), both
 * in strict IEEE order per thread (no -ffast-math, so not vectorised); "*-simd" adds `omp simd`, which lets the
 * compiler reassociate (unordered, not reproducible); "*-read" (sum, dot, norm2) is a STREAM-like read of the same
 * bytes, the memory floor of the kernel (see "read" below); "*-checked" is the histogram with NumPy's counting rules (NaN
 * and values outside [lo, hi] are not counted, hi falls in the last bin), the rules ArrayOps.histogram follows.
 */
#define _GNU_SOURCE
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOINLINE __attribute__((noinline))
#define COMPILER_BARRIER() __asm__ volatile("" ::: "memory")
#define BINS 256
#define IRREGULAR_N (1L << 16)
#define MAX_CASES 32
#define MAX_THREAD_COUNTS 16

static double *X, *Y, *OUT;
static long COUNTS[BINS];
static volatile double EMPTY_SINK[16];
static uint64_t IRREGULAR_RESULT;

static double env_num(const char *k, double def) {
    const char *v = getenv(k);
    return v && *v ? atof(v) : def;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static uint64_t splitmix64(uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double u01(uint64_t i) { return (double)(splitmix64(i) >> 11) * 0x1.0p-53; }

/* ---------------------------------------------------------------- kernels: sum, dot */

NOINLINE static double sum_serial(long n) {
    double s = 0.0;
    for (long i = 0; i < n; i++) s += X[i];
    return s;
}

NOINLINE static double sum_omp(long n) {
    double s = 0.0;
#pragma omp parallel for reduction(+:s) schedule(static)
    for (long i = 0; i < n; i++) s += X[i];
    return s;
}

NOINLINE static double sum_serial_simd(long n) {
    double s = 0.0;
#pragma omp simd reduction(+:s)
    for (long i = 0; i < n; i++) s += X[i];
    return s;
}

NOINLINE static double sum_omp_simd(long n) {
    double s = 0.0;
#pragma omp parallel for simd reduction(+:s) schedule(static)
    for (long i = 0; i < n; i++) s += X[i];
    return s;
}

NOINLINE static double dot_serial(long n) {
    double s = 0.0;
    for (long i = 0; i < n; i++) s += X[i] * Y[i];
    return s;
}

NOINLINE static double dot_omp(long n) {
    double s = 0.0;
#pragma omp parallel for reduction(+:s) schedule(static)
    for (long i = 0; i < n; i++) s += X[i] * Y[i];
    return s;
}

NOINLINE static double dot_serial_simd(long n) {
    double s = 0.0;
#pragma omp simd reduction(+:s)
    for (long i = 0; i < n; i++) s += X[i] * Y[i];
    return s;
}

NOINLINE static double dot_omp_simd(long n) {
    double s = 0.0;
#pragma omp parallel for simd reduction(+:s) schedule(static)
    for (long i = 0; i < n; i++) s += X[i] * Y[i];
    return s;
}

/* ---------------------------------------------------------------- read: the memory floor of sum, norm2 and dot
 * A STREAM-like read of the bytes a kernel reads (X for sum and norm2, X and Y for dot), with the least work per byte:
 * an XOR of their bit patterns, which the compiler vectorizes without reassociating any floating-point addition. No
 * reduction over these arrays can run faster on this machine than its read; a kernel's ratio to it says how far it is
 * from the memory's limit. */

typedef uint64_t __attribute__((may_alias)) bits64;

NOINLINE static double read1_serial(long n) {
    const bits64 *p = (const bits64 *)X;
    uint64_t acc = 0;
#pragma omp simd reduction(^:acc)
    for (long i = 0; i < n; i++) acc ^= p[i];
    return (double)acc;
}

NOINLINE static double read1_omp(long n) {
    const bits64 *p = (const bits64 *)X;
    uint64_t acc = 0;
#pragma omp parallel for simd reduction(^:acc) schedule(static)
    for (long i = 0; i < n; i++) acc ^= p[i];
    return (double)acc;
}

NOINLINE static double read2_serial(long n) {
    const bits64 *p = (const bits64 *)X, *q = (const bits64 *)Y;
    uint64_t acc = 0;
#pragma omp simd reduction(^:acc)
    for (long i = 0; i < n; i++) acc ^= p[i] ^ q[i];
    return (double)acc;
}

NOINLINE static double read2_omp(long n) {
    const bits64 *p = (const bits64 *)X, *q = (const bits64 *)Y;
    uint64_t acc = 0;
#pragma omp parallel for simd reduction(^:acc) schedule(static)
    for (long i = 0; i < n; i++) acc ^= p[i] ^ q[i];
    return (double)acc;
}

/* ---------------------------------------------------------------- norm2: sqrt of the sum of squares (no scaling) */

NOINLINE static double norm2_serial(long n) {
    double s = 0.0;
    for (long i = 0; i < n; i++) s += X[i] * X[i];
    return sqrt(s);
}

NOINLINE static double norm2_omp(long n) {
    double s = 0.0;
#pragma omp parallel for reduction(+:s) schedule(static)
    for (long i = 0; i < n; i++) s += X[i] * X[i];
    return sqrt(s);
}

NOINLINE static double norm2_serial_simd(long n) {
    double s = 0.0;
#pragma omp simd reduction(+:s)
    for (long i = 0; i < n; i++) s += X[i] * X[i];
    return sqrt(s);
}

NOINLINE static double norm2_omp_simd(long n) {
    double s = 0.0;
#pragma omp parallel for simd reduction(+:s) schedule(static)
    for (long i = 0; i < n; i++) s += X[i] * X[i];
    return sqrt(s);
}

/* ---------------------------------------------------------------- map: out[i] = sin(x) * exp(-x * x) */

NOINLINE static double map_serial(long n) {
    for (long i = 0; i < n; i++) OUT[i] = sin(X[i]) * exp(-X[i] * X[i]);
    return 0.0;
}

NOINLINE static double map_omp(long n) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) OUT[i] = sin(X[i]) * exp(-X[i] * X[i]);
    return 0.0;
}

/* ---------------------------------------------------------------- histogram: 256 bins over [0, 1] */

/* Unchecked: every value is assumed to lie in [0, 1); what most hand-written OpenMP histograms do. */
static inline void count_unchecked(long *bins, double v) { bins[(int)(v * BINS)]++; }

/* NumPy's rules, as ArrayOps.histogram counts: NaN and values outside [0, 1] are not counted, 1.0 is in the last bin. */
static inline void count_checked(long *bins, double v) {
    if (v >= 0.0 && v <= 1.0) {
        int k = (int)(v * BINS);
        bins[k < BINS ? k : BINS - 1]++;
    }
}

#define HISTOGRAM_SERIAL(name, count)                                                                                \
    NOINLINE static double name(long n) {                                                                           \
        long bins[BINS];                                                                                            \
        memset(bins, 0, sizeof bins);                                                                               \
        for (long i = 0; i < n; i++) count(bins, X[i]);                                                             \
        memcpy(COUNTS, bins, sizeof bins);                                                                          \
        return 0.0;                                                                                                 \
    }

#define HISTOGRAM_OMP(name, count)                                                                                   \
    NOINLINE static double name(long n) {                                                                           \
        long bins[BINS];                                                                                            \
        memset(bins, 0, sizeof bins);                                                                               \
        _Pragma("omp parallel")                                                                                     \
        {                                                                                                           \
            long mine[BINS];                                                                                        \
            memset(mine, 0, sizeof mine);                                                                           \
            _Pragma("omp for schedule(static) nowait")                                                              \
            for (long i = 0; i < n; i++) count(mine, X[i]);                                                         \
            _Pragma("omp critical")                                                                                 \
            for (int k = 0; k < BINS; k++) bins[k] += mine[k];                                                      \
        }                                                                                                           \
        memcpy(COUNTS, bins, sizeof bins);                                                                          \
        return 0.0;                                                                                                 \
    }

HISTOGRAM_SERIAL(hist_serial, count_unchecked)
HISTOGRAM_OMP(hist_omp, count_unchecked)
HISTOGRAM_SERIAL(hist_serial_checked, count_checked)
HISTOGRAM_OMP(hist_omp_checked, count_checked)

/* ---------------------------------------------------------------- empty parallel call: two iterations */

NOINLINE static double empty_serial(long n) {
    (void)n;
    for (int i = 0; i < 2; i++) EMPTY_SINK[i] = i;
    return 0.0;
}

NOINLINE static double empty_omp(long n) {
    (void)n;
#pragma omp parallel for schedule(static)
    for (int i = 0; i < 2; i++) EMPTY_SINK[i] = i;
    return 0.0;
}

/* ---------------------------------------------------------------- irregular loop: iteration i costs i >> 7 steps */

/* A non-linear step, so that no compiler folds k steps into one. */
static inline uint64_t irregular_work(uint64_t i) {
    uint64_t v = i;
    for (long k = 0, m = (long)(i >> 7); k < m; k++) v = (v ^ (v >> 29)) * 0xbf58476d1ce4e5b9ULL;
    return v;
}

NOINLINE static double irregular_serial(long n) {
    uint64_t s = 0;
    for (long i = 0; i < n; i++) s += irregular_work((uint64_t)i);
    IRREGULAR_RESULT = s;
    return 0.0;
}

NOINLINE static double irregular_static(long n) {
    uint64_t s = 0;
#pragma omp parallel for reduction(+:s) schedule(static)
    for (long i = 0; i < n; i++) s += irregular_work((uint64_t)i);
    IRREGULAR_RESULT = s;
    return 0.0;
}

NOINLINE static double irregular_dynamic(long n) {
    uint64_t s = 0;
#pragma omp parallel for reduction(+:s) schedule(dynamic)
    for (long i = 0; i < n; i++) s += irregular_work((uint64_t)i);
    IRREGULAR_RESULT = s;
    return 0.0;
}

/* ---------------------------------------------------------------- checksums: the result, to compare with Java's */

static void checksum(const char *kernel, long n, double r, char *buf, size_t len) {
    if (!strcmp(kernel, "sum") || !strcmp(kernel, "dot") || !strcmp(kernel, "norm2")) {
        snprintf(buf, len, "%.17g", r);
    } else if (!strcmp(kernel, "map")) {
        double s = 0.0;
        for (long i = 0; i < n; i++) s += OUT[i];
        snprintf(buf, len, "%.17g", s);
    } else if (!strcmp(kernel, "hist")) {
        long weighted = 0, total = 0;
        for (int k = 0; k < BINS; k++) {
            weighted += COUNTS[k] * (k + 1);
            total += COUNTS[k];
        }
        snprintf(buf, len, "%ld/%ld", total, weighted);
    } else if (!strcmp(kernel, "irregular")) {
        snprintf(buf, len, "%llu", (unsigned long long)IRREGULAR_RESULT);
    } else {
        snprintf(buf, len, "-");
    }
}

/* ---------------------------------------------------------------- harness */

typedef struct {
    const char *kernel, *variant;
    long n;
    int threads; /* 0: serial code, no OpenMP region */
    double (*fn)(long);
    long inner;
    double *samples;
} bench_case;

static int REPS, MIN_REPS;
static double GROUP_BUDGET, TARGET_SEC;
static int THREADS[MAX_THREAD_COUNTS];
static int NTHREADS;

static double run_batch(const bench_case *c, long inner) {
    if (c->threads > 0) omp_set_num_threads(c->threads);
    double acc = 0.0, t0 = now();
    for (long k = 0; k < inner; k++) {
        acc += c->fn(c->n);
        COMPILER_BARRIER();
    }
    double t = now() - t0;
    static volatile double sink;
    sink = acc;
    (void)sink;
    return t;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(const double *sorted, int n, double p) {
    double pos = p * (n - 1);
    int lo = (int)pos, hi = lo + 1 < n ? lo + 1 : lo;
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

static void calibrate(bench_case *c) {
    double t0 = now();
    for (int calls = 0; calls < 10 || now() - t0 < 0.1; calls++) {
        run_batch(c, 1);
        if (calls >= 2 && now() - t0 > 1.0) break;
    }
    long inner = 1;
    while (inner < (1L << 24)) {
        double b[3];
        for (int k = 0; k < 3; k++) b[k] = run_batch(c, inner);
        qsort(b, 3, sizeof(double), by_value);
        if (b[1] >= TARGET_SEC) break;
        inner *= 2;
    }
    c->inner = inner;
    c->samples = calloc(REPS, sizeof(double));
}

static void run_group(bench_case *cs, int nc) {
    for (int j = 0; j < nc; j++) calibrate(&cs[j]);
    int reps = 0;
    double start = now();
    for (int r = 0; r < REPS; r++) {
        for (int k = 0; k < nc; k++) {
            bench_case *c = &cs[(k + r) % nc];
            c->samples[r] = run_batch(c, c->inner) / c->inner;
        }
        reps = r + 1;
        if (reps >= MIN_REPS && now() - start >= GROUP_BUDGET) break;
    }
    for (int j = 0; j < nc; j++) {
        bench_case *c = &cs[j];
        if (c->threads > 0) omp_set_num_threads(c->threads);
        char ck[96];
        checksum(c->kernel, c->n, c->fn(c->n), ck, sizeof ck);
        qsort(c->samples, reps, sizeof(double), by_value);
        printf("omp,%s,%ld,%s,%d,%ld,%d,%.9g,%.9g,%.9g,%.9g,%.9g,%s\n", c->kernel, c->n, c->variant, c->threads,
               c->inner, reps, quantile(c->samples, reps, 0.5), c->samples[0], quantile(c->samples, reps, 0.25),
               quantile(c->samples, reps, 0.75), c->samples[reps - 1], ck);
        fflush(stdout);
        free(c->samples);
    }
}

static void fill_data(long n) {
    X = aligned_alloc(64, n * sizeof(double));
    Y = aligned_alloc(64, n * sizeof(double));
    OUT = aligned_alloc(64, n * sizeof(double));
    for (long i = 0; i < n; i++) {
        X[i] = u01((uint64_t)i);
        Y[i] = u01((uint64_t)i + (1ULL << 40));
        OUT[i] = 0.0;
    }
}

/* Adds the serial variant once and the OpenMP variant at every thread count. */
static int add(bench_case *cs, int nc, const char *kernel, const char *variant, long n, int parallel,
               double (*fn)(long)) {
    if (!parallel) {
        cs[nc++] = (bench_case){kernel, variant, n, 0, fn, 0, NULL};
        return nc;
    }
    for (int t = 0; t < NTHREADS && nc < MAX_CASES; t++) cs[nc++] = (bench_case){kernel, variant, n, THREADS[t], fn, 0, NULL};
    return nc;
}

static int run_named_group(const char *group, long large, long small) {
    bench_case cs[MAX_CASES];
    int nc = 0;
    char kernel[32];
    snprintf(kernel, sizeof kernel, "%s", group);
    char *colon = strchr(kernel, ':');
    long n = 0;
    if (colon) {
        *colon = 0;
        if (strcmp(colon + 1, "L") && strcmp(colon + 1, "S")) return 1;
        n = colon[1] == 'S' ? small : large;
    }
    if (!strcmp(kernel, "empty") && !colon) {
        nc = add(cs, nc, "empty", "serial", 2, 0, empty_serial);
        nc = add(cs, nc, "empty", "omp", 2, 1, empty_omp);
        run_group(cs, nc);
        return 0;
    }
    if (!strcmp(kernel, "irregular") && !colon) {
        nc = add(cs, nc, "irregular", "serial", IRREGULAR_N, 0, irregular_serial);
        nc = add(cs, nc, "irregular", "omp-static", IRREGULAR_N, 1, irregular_static);
        nc = add(cs, nc, "irregular", "omp-dynamic", IRREGULAR_N, 1, irregular_dynamic);
        run_group(cs, nc);
        return 0;
    }
    if (!n) return 1;
    if (!strcmp(kernel, "sum")) {
        nc = add(cs, nc, "sum", "serial", n, 0, sum_serial);
        nc = add(cs, nc, "sum", "omp", n, 1, sum_omp);
        nc = add(cs, nc, "sum", "serial-simd", n, 0, sum_serial_simd);
        nc = add(cs, nc, "sum", "omp-simd", n, 1, sum_omp_simd);
        nc = add(cs, nc, "sum", "serial-read", n, 0, read1_serial);
        nc = add(cs, nc, "sum", "omp-read", n, 1, read1_omp);
    } else if (!strcmp(kernel, "dot")) {
        nc = add(cs, nc, "dot", "serial", n, 0, dot_serial);
        nc = add(cs, nc, "dot", "omp", n, 1, dot_omp);
        nc = add(cs, nc, "dot", "serial-simd", n, 0, dot_serial_simd);
        nc = add(cs, nc, "dot", "omp-simd", n, 1, dot_omp_simd);
        nc = add(cs, nc, "dot", "serial-read", n, 0, read2_serial);
        nc = add(cs, nc, "dot", "omp-read", n, 1, read2_omp);
    } else if (!strcmp(kernel, "norm2")) {
        nc = add(cs, nc, "norm2", "serial", n, 0, norm2_serial);
        nc = add(cs, nc, "norm2", "omp", n, 1, norm2_omp);
        nc = add(cs, nc, "norm2", "serial-simd", n, 0, norm2_serial_simd);
        nc = add(cs, nc, "norm2", "omp-simd", n, 1, norm2_omp_simd);
        nc = add(cs, nc, "norm2", "serial-read", n, 0, read1_serial);
        nc = add(cs, nc, "norm2", "omp-read", n, 1, read1_omp);
    } else if (!strcmp(kernel, "map")) {
        nc = add(cs, nc, "map", "serial", n, 0, map_serial);
        nc = add(cs, nc, "map", "omp", n, 1, map_omp);
    } else if (!strcmp(kernel, "hist")) {
        nc = add(cs, nc, "hist", "serial", n, 0, hist_serial);
        nc = add(cs, nc, "hist", "omp", n, 1, hist_omp);
        nc = add(cs, nc, "hist", "serial-checked", n, 0, hist_serial_checked);
        nc = add(cs, nc, "hist", "omp-checked", n, 1, hist_omp_checked);
    } else {
        return 1;
    }
    fill_data(n);
    run_group(cs, nc);
    free(X);
    free(Y);
    free(OUT);
    return 0;
}

static void parse_threads(const char *list) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    NTHREADS = 0;
    for (char *tok = strtok(buf, ","); tok && NTHREADS < MAX_THREAD_COUNTS; tok = strtok(NULL, ",")) {
        int t = atoi(tok);
        if (t < 1) {
            fprintf(stderr, "omp_peer: PEER_THREADS must list positive thread counts, got '%s'\n", list);
            exit(2);
        }
        THREADS[NTHREADS++] = t;
    }
    if (NTHREADS == 0) {
        fprintf(stderr, "omp_peer: PEER_THREADS is empty\n");
        exit(2);
    }
}

int main(int argc, char **argv) {
    REPS = (int)env_num("PEER_REPS", 21);
    MIN_REPS = (int)env_num("PEER_MIN_REPS", 11);
    if (MIN_REPS > REPS) MIN_REPS = REPS;
    GROUP_BUDGET = env_num("PEER_GROUP_BUDGET_SEC", 10.0);
    TARGET_SEC = env_num("PEER_TARGET_MS", 2.0) / 1000.0;
    const char *threads = getenv("PEER_THREADS");
    parse_threads(threads && *threads ? threads : "1,2");
    long large = 1L << (int)env_num("PEER_LOG2_LARGE", 24);
    long small = 1L << (int)env_num("PEER_LOG2_SMALL", 12);
    if (argc < 2) {
        fprintf(stderr, "usage: omp_peer GROUP...  (empty, irregular, or sum dot norm2 map hist with :L or :S)\n");
        return 2;
    }
    for (int g = 1; g < argc; g++) { /* reject a bad group before anything runs */
        const char *s = argv[g];
        static const char *known[] = {"empty", "irregular", "sum:L", "dot:L", "norm2:L", "map:L", "hist:L",
                                      "sum:S", "dot:S", "norm2:S", "map:S", "hist:S"};
        int ok = 0;
        for (size_t k = 0; k < sizeof known / sizeof *known; k++) ok |= !strcmp(s, known[k]);
        if (!ok) {
            fprintf(stderr, "omp_peer: unknown group '%s'\n", s);
            return 2;
        }
    }
    printf("peer,kernel,n,variant,threads,inner,reps,median_s,min_s,p25_s,p75_s,max_s,checksum\n");
    for (int g = 1; g < argc; g++) {
        fprintf(stderr, "[omp_peer] %s (threads %s)\n", argv[g], threads && *threads ? threads : "1,2");
        if (run_named_group(argv[g], large, small)) {
            fprintf(stderr, "omp_peer: unknown group '%s'\n", argv[g]);
            return 2;
        }
    }
    return 0;
}
