#!/usr/bin/env bash
# threadproof against its OpenMP peer, measured in ONE invocation so they can be compared as ratios.
#
#   ci/bench.sh [--jdk PATH] [--rounds R] [--workers 1,2,4,...] [GROUP...]
#       GROUP: empty sum:L dot:L norm2:L map:L hist:L sum:S dot:S norm2:S map:S hist:S irregular   (default: empty)
#       all:   every group
#
# 1. builds benchmarks/target/benchmarks.jar from the working tree;
# 2. builds the OpenMP peer from benchmarks/peers (make; gcc -O3 -march=native -fopenmp). Without gcc and OpenMP it
#    says what to install and runs the JMH side alone (every ratio to OpenMP is then left empty);
# 3. runs R rounds (default 1), each the peer on the groups and then the matching JMH benchmarks (EmptyCallBenchmark
#    for `empty`, KernelBenchmark for the kernels at 1 and 2 workers, VectorKernelBenchmark for sum, dot and norm2 in
#    JVMs started with --add-modules jdk.incubator.vector, each of these two again in plain forks (PlainKernelBenchmark,
#    PlainVectorKernelBenchmark: no heap flags, no pre-touch, as a user's JVM starts; the rows say "(plain fork)"),
#    ScalingBenchmark for `irregular` and for every
#    kernel at each count of --workers), so that a drift of the machine shows up in every round rather than between
#    the peer and threadproof;
# 4. prints one table per round with the ratios threadproof / OpenMP 2T, threadproof / checked OpenMP 2T (the
#    histogram with NumPy's counting rules), threadproof / OpenMP simd 2T (the unordered, uncompensated sum),
#    threadproof / Java serial loop and threadproof / C read 2T (sum, dot, norm2: a STREAM-like read of the same
#    bytes, the memory floor; the peer's own rows get their ratio to it too), and, with R > 1, the median of each
#    ratio over the rounds. Ratios compare medians with medians: the peer reports the median of its timed batches,
#    threadproof's side is the median of JMH's measurement iterations;
# 5. draws the charts (PNG, JFreeChart) into <results>/charts: overhead, kernels by worker count with the peers,
#    ratio to OpenMP with its spread over rounds, and with --workers the speed-up against the ideal line.
# Results go to target/bench/<timestamp>/. `empty` takes about 2.5 minutes a round; all eight kernel groups about 8;
# --workers adds about 1 minute per kernel and worker count.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA_BIN=java
ROUNDS=1
WORKERS=""
GROUPS_RUN=()
ALL_GROUPS=(empty sum:L dot:L norm2:L map:L hist:L sum:S dot:S norm2:S map:S hist:S irregular)
while [ $# -gt 0 ]; do
  case "$1" in
    --jdk)
      [ -x "${2:-}/bin/java" ] || { echo "bench.sh: --jdk needs a JDK folder with bin/java, got '${2:-}'" >&2; exit 2; }
      JAVA_BIN="$2/bin/java"; shift 2 ;;
    --rounds)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --rounds needs a positive integer, got '${2:-}'" >&2; exit 2; }
      ROUNDS="$2"; shift 2 ;;
    --workers)
      [[ "${2:-}" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] \
        || { echo "bench.sh: --workers needs a comma-separated list of positive counts such as 1,2,4, got '${2:-}'" >&2; exit 2; }
      WORKERS="$2"; shift 2 ;;
    -h|--help) sed -n 2,26p "$0"; exit 0 ;;
    all) GROUPS_RUN+=("${ALL_GROUPS[@]}"); shift ;;
    empty|sum:L|dot:L|norm2:L|map:L|hist:L|sum:S|dot:S|norm2:S|map:S|hist:S|irregular) GROUPS_RUN+=("$1"); shift ;;
    *) echo "bench.sh: unknown group or option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#GROUPS_RUN[@]} -gt 0 ] || GROUPS_RUN=(empty)
CORES=$(nproc)
if [ -n "$WORKERS" ]; then
  for w in ${WORKERS//,/ }; do
    [ "$w" -le "$CORES" ] || echo "bench.sh: warning: --workers $w is more than the $CORES cores here; that point measures oversubscription" >&2
  done
fi
# The peer runs at 1 and 2 threads (the reference counts of KernelBenchmark) and at every count of --workers.
PEER_THREADS=$(printf '%s\n' 1 2 ${WORKERS//,/ } | sort -un | paste -sd,)
OUT="$ROOT/target/bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

# Always rebuilt: a stale jar would measure old code under the current commit's name.
echo "== building benchmarks.jar"
mvn -B -q -DskipTests -pl benchmarks -am package

PEER=""
CC_BIN="${CC:-gcc}"
if ! command -v "$CC_BIN" > /dev/null; then
  PEER_PROBLEM="$CC_BIN is not installed"
elif ! make -s -B -C benchmarks/peers CC="$CC_BIN" > "$OUT/peer-build.log" 2>&1; then
  PEER_PROBLEM="$CC_BIN could not build it with OpenMP ($(grep -m1 -i 'error' "$OUT/peer-build.log" || tail -1 "$OUT/peer-build.log"))"
else
  PEER="$ROOT/benchmarks/peers/omp_peer"
fi
if [ -z "$PEER" ]; then
  cat >&2 <<EOF
== the OpenMP peer was not built: $PEER_PROBLEM.
   It needs gcc with OpenMP: Debian/Ubuntu 'sudo apt-get install gcc make' (libgomp comes with gcc),
   Fedora 'sudo dnf install gcc make libgomp', macOS 'brew install gcc' and then CC=gcc-14 ci/bench.sh ...
   The JMH side runs anyway; every ratio to OpenMP is left empty.
EOF
fi

# One field of /proc/cpuinfo (its first CPU), or "unknown".
cpuinfo() { grep -m1 "^$1[[:space:]]*:" /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo unknown; }
{
  echo "date: $(date -Is)"; echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "cpus: $CORES"; echo "cpu: $(cpuinfo 'model name')"
  # The family and model name the microarchitecture (AMD family 25: Zen 3/4, 26: Zen 5): the same 'model name' has
  # covered hosts whose ratios to the peer differ (docs/performance.md, "Why the two hosts disagree").
  echo "cpu id: family $(cpuinfo 'cpu family'), model $(cpuinfo model), $(cpuinfo 'cpu MHz') MHz"
  echo "java: $("$JAVA_BIN" -version 2>&1 | head -1)"
  echo "peer: $([ -n "$PEER" ] && "$CC_BIN" --version | head -1 || echo "not built")"
  echo "groups: ${GROUPS_RUN[*]}"; echo "rounds: $ROUNDS"; echo "workers: ${WORKERS:-1,2}"
  echo "peer threads: $PEER_THREADS"
} | tee "$OUT/env.txt"

KERNELS=(); SIZES=(); EMPTY=0; IRREGULAR=0
for g in "${GROUPS_RUN[@]}"; do
  case "$g" in
    empty) EMPTY=1 ;;
    irregular) IRREGULAR=1 ;;
    *) KERNELS+=("${g%%:*}"); SIZES+=("$([ "${g##*:}" = L ] && echo 24 || echo 12)") ;;
  esac
done
JMH=("$JAVA_BIN" -jar benchmarks/target/benchmarks.jar)
for r in $(seq 1 "$ROUNDS"); do
  D="$OUT/round-$r"; mkdir -p "$D"
  if [ -n "$PEER" ]; then
    echo "== round $r/$ROUNDS: OpenMP peer (threads $PEER_THREADS): ${GROUPS_RUN[*]}"
    PEER_THREADS="$PEER_THREADS" "$PEER" "${GROUPS_RUN[@]}" | tee "$D/omp.csv"
  else
    echo "(no OpenMP peer)" > "$D/omp.csv"
  fi
  if [ "$EMPTY" = 1 ]; then
    echo "== round $r/$ROUNDS: JMH EmptyCallBenchmark"
    "${JMH[@]}" 'EmptyCallBenchmark' -rf json -rff "$D/jmh-empty.json" | tee "$D/jmh-empty.txt"
  fi
  if [ ${#KERNELS[@]} -gt 0 ]; then
    K=$(printf '%s\n' "${KERNELS[@]}" | sort -u | paste -sd'|')
    S=$(printf '%s\n' "${SIZES[@]}" | sort -u | paste -sd,)
    echo "== round $r/$ROUNDS: JMH KernelBenchmark ($K; log2n=$S)"
    # "\.KernelBenchmark": JMH finds the pattern anywhere in the name, and VectorKernelBenchmark runs on its own below
    "${JMH[@]}" "\.KernelBenchmark\.($K)" -p log2n="$S" -rf json -rff "$D/jmh-kernels.json" | tee "$D/jmh-kernels.txt"
    # The same kernels in plain forks, as a user's JVM starts (no heap flags, no pre-touch): where the goals count.
    echo "== round $r/$ROUNDS: JMH PlainKernelBenchmark ($K; log2n=$S; no JVM flags)"
    "${JMH[@]}" "\.PlainKernelBenchmark\.($K)" -p log2n="$S" -rf json -rff "$D/jmh-kernels-plain.json" \
      | tee "$D/jmh-kernels-plain.txt"
  fi
  # The compensated reductions again in JVMs started with --add-modules jdk.incubator.vector (the Vector API loops).
  VK=$(printf '%s\n' "${KERNELS[@]}" | grep -Ex 'sum|dot|norm2' | sort -u | paste -sd'|' || true)
  if [ -n "$VK" ]; then
    VS=$(for i in "${!KERNELS[@]}"; do
           if [[ "${KERNELS[$i]}" =~ ^(sum|dot|norm2)$ ]]; then echo "${SIZES[$i]}"; fi
         done | sort -u | paste -sd,)
    echo "== round $r/$ROUNDS: JMH VectorKernelBenchmark ($VK; log2n=$VS; --add-modules jdk.incubator.vector)"
    "${JMH[@]}" "\.VectorKernelBenchmark\.($VK)" -p log2n="$VS" -rf json -rff "$D/jmh-vector.json" | tee "$D/jmh-vector.txt"
    echo "== round $r/$ROUNDS: JMH PlainVectorKernelBenchmark ($VK; log2n=$VS; --add-modules jdk.incubator.vector only)"
    "${JMH[@]}" "\.PlainVectorKernelBenchmark\.($VK)" -p log2n="$VS" -rf json -rff "$D/jmh-vector-plain.json" \
      | tee "$D/jmh-vector-plain.txt"
  fi
  if [ -n "$WORKERS" ] && [ ${#KERNELS[@]} -gt 0 ]; then
    K=$(printf '%s\n' "${KERNELS[@]}" | sort -u | paste -sd'|')
    S=$(printf '%s\n' "${SIZES[@]}" | sort -u | paste -sd,)
    echo "== round $r/$ROUNDS: JMH ScalingBenchmark ($K; workers=$WORKERS; log2n=$S)"
    "${JMH[@]}" "ScalingBenchmark\.($K)$" -p workers="$WORKERS" -p log2n="$S" -rf json -rff "$D/jmh-scaling.json" \
      | tee "$D/jmh-scaling.txt"
  fi
  if [ "$IRREGULAR" = 1 ]; then
    # The irregular loop reads no array: the smallest log2n keeps ScalingBenchmark's unused arrays small.
    echo "== round $r/$ROUNDS: JMH ScalingBenchmark (irregular; workers=${WORKERS:-1,2})"
    "${JMH[@]}" 'ScalingBenchmark\.irregular' -p workers="${WORKERS:-1,2}" -p log2n=12 -rf json \
      -rff "$D/jmh-irregular.json" | tee "$D/jmh-irregular.txt"
  fi
done

python3 - "$OUT" "$ROUNDS" <<'PY'
import csv, json, os, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])

def size_of(kernel, n):
    if kernel in ("empty", "irregular"):
        return ""
    return "L" if n > 1 << 16 else "S"

def load_omp(d):
    omp = {}
    try:
        for row in csv.DictReader(open(os.path.join(d, "omp.csv"))):
            omp[(row["kernel"], size_of(row["kernel"], int(row["n"])), row["variant"], row["threads"])] = \
                float(row["median_s"]) * 1e6
    except Exception as e:
        print("(no OpenMP rows in %s: %s)" % (d, e))
    return omp

def load_jmh(d):
    """(kernel, size, name) -> (mean, error, median, peer threads): microseconds, the median over the measurement
    iterations, and the thread count of the peer row it is compared with (2, or a ScalingBenchmark row's workers)."""
    res = {}
    for f in ("jmh-empty.json", "jmh-kernels.json", "jmh-kernels-plain.json", "jmh-vector.json",
              "jmh-vector-plain.json", "jmh-scaling.json", "jmh-irregular.json"):
        p = os.path.join(d, f)
        if not os.path.exists(p):
            continue
        for r in json.load(open(p)):
            cls, name = r["benchmark"].rsplit(".", 2)[1:]
            params = r.get("params", {})
            kernel = "empty" if cls == "EmptyCallBenchmark" else \
                [k for k in ("sum", "dot", "norm2", "map", "hist", "irregular") if name.startswith(k)][0]
            size = "" if kernel == "irregular" else {"24": "L", "12": "S"}.get(params.get("log2n", ""), "")
            threads = "2"
            if cls == "ScalingBenchmark":
                threads = params["workers"]
                name = "%s[workers=%s]" % (name, threads)
            if cls.startswith("Plain"):
                name = "%s (plain fork)" % name  # no heap flags, no pre-touch: a user's JVM
            m = r["primaryMetric"]
            scale = {"us/op": 1.0, "ns/op": 1e-3, "ms/op": 1e3}[m["scoreUnit"]]
            raw = [v for fork in m["rawData"] for v in fork]
            err = m["scoreError"] if m["scoreError"] == m["scoreError"] else 0.0  # NaN with one iteration
            res[(kernel, size, name)] = (m["score"] * scale, err * scale, statistics.median(raw) * scale, threads)
    return res

text = []
ratios = {}  # (kernel, size, name) -> ([vs omp 2T], [vs checked omp 2T], [vs simd 2T], [vs serial], [vs read 2T])
fmt2 = lambda v: "%.2f" % v if v else ""
for r in range(1, rounds + 1):
    d = os.path.join(out, "round-%d" % r)
    omp, res = load_omp(d), load_jmh(d)
    lines = ["## round %d" % r, "",
             "| kernel | size | variant | us/call: mean ± error | median | vs OpenMP 2T | vs checked OpenMP 2T "
             "| vs OpenMP simd 2T | vs Java serial loop | vs C read 2T (memory floor) |",
             # a ScalingBenchmark row (name[workers=w]) is compared with the peer at w threads instead of 2
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for (kernel, size, name), (us, err, med, t) in sorted(res.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])):
        variant = ("omp-dynamic" if "Dynamic" in name else "omp-static") if kernel == "irregular" else "omp"
        omp2 = omp.get((kernel, size, variant, t))
        checked2 = omp.get((kernel, size, "omp-checked", t))
        simd2 = omp.get((kernel, size, "omp-simd", t))
        read2 = omp.get((kernel, size, "omp-read", t))
        serial = res.get((kernel, size, "baseline" if kernel == "empty" else kernel + "Serial"), (None,) * 4)[2]
        rs = (med / omp2 if omp2 else None, med / checked2 if checked2 else None, med / simd2 if simd2 else None,
              med / serial if serial else None, med / read2 if read2 else None)
        acc = ratios.setdefault((kernel, size, name), ([], [], [], [], []))
        for lst, v in zip(acc, rs):
            if v is not None:
                lst.append(v)
        lines.append("| %s | %s | threadproof %s | %.3f ± %.3f | %.3f | %s | %s | %s | %s | %s |" % (kernel, size, name,
                     us, err, med, fmt2(rs[0]), fmt2(rs[1]), fmt2(rs[2]), fmt2(rs[3]), fmt2(rs[4])))
    for (kernel, size, variant, threads), us in sorted(omp.items()):
        # the peer's own loops against its read of the same bytes at the same thread count: how close each is to the
        # memory's limit
        read = omp.get((kernel, size, "omp-read" if threads != "0" else "serial-read", threads))
        lines.append("| %s | %s | OpenMP %s %s |  | %.3f |  |  |  |  | %s |" % (kernel, size, variant, threads, us,
                     fmt2(us / read) if read else ""))
    text += lines + [""]
if rounds > 1:
    text += ["## median over %d rounds" % rounds, "",
             "| kernel | size | variant | vs OpenMP 2T (median; per round) | vs checked OpenMP 2T | vs OpenMP simd 2T "
             "| vs Java serial loop | vs C read 2T (memory floor) |",
             "|---|---|---|---|---|---|---|---|"]
    fmt = lambda v: ("%.2f (%s)" % (statistics.median(v), ", ".join("%.2f" % x for x in v))) if v else ""
    for (kernel, size, name), (a, b, c, e, f) in sorted(ratios.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])):
        text.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (kernel, size, name, fmt(a), fmt(b), fmt(c), fmt(e),
                    fmt(f)))
text += ["Rows named `method[workers=w]` are ScalingBenchmark's: their \"vs OpenMP\" columns compare with the peer "
         "at w threads (irregularStatic with omp-static, irregularDynamic with omp-dynamic), not at 2."]
print("\n".join(text))
open(os.path.join(out, "summary.md"), "w").write("\n".join(text) + "\n")
PY

echo "== charts"
if ! "$JAVA_BIN" -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar \
    dev.threadproof.benchmarks.charts.BenchCharts "$OUT"; then
  echo "bench.sh: drawing the charts failed (the tables above and $OUT/summary.md are complete)" >&2
fi
echo "results: $OUT"
