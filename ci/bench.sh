#!/usr/bin/env bash
# threadproof against the peers, measured in ONE invocation so they can be compared as ratios.
#
#   ci/bench.sh [--jdk PATH] [GROUP...]        GROUP: empty sum:L dot:L map:L hist:L sum:S dot:S map:S hist:S
#                                               (default: empty)
#
# 1. builds benchmarks/target/benchmarks.jar if needed;
# 2. builds the OpenMP peer from ../shared/peers/c/bench.c (gcc -O3 -march=native -fopenmp) and runs the groups;
# 3. runs the matching JMH benchmarks (EmptyCallBenchmark for `empty`, KernelBenchmark for the kernels);
# 4. prints one table with the ratios threadproof / OpenMP and threadproof / serial loop.
# Results go to target/bench/<timestamp>/. `empty` takes about 2.5 minutes; all eight kernel groups about 8.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA_BIN=java
GROUPS_RUN=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jdk) JAVA_BIN="$2/bin/java"; shift 2 ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    empty|sum:L|dot:L|map:L|hist:L|sum:S|dot:S|map:S|hist:S) GROUPS_RUN+=("$1"); shift ;;
    *) echo "bench.sh: unknown group or option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#GROUPS_RUN[@]} -gt 0 ] || GROUPS_RUN=(empty)
PEERS="$ROOT/../shared/peers"
OUT="$ROOT/target/bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

if [ ! -f benchmarks/target/benchmarks.jar ]; then
  echo "== building benchmarks.jar"
  mvn -B -q -DskipTests install
fi

{
  echo "date: $(date -Is)"; echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "cpus: $(nproc)"; echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
  echo "java: $("$JAVA_BIN" -version 2>&1 | head -1)"; echo "gcc: $(gcc --version | head -1)"
  echo "groups: ${GROUPS_RUN[*]}"
} | tee "$OUT/env.txt"

if [ -f "$PEERS/c/bench.c" ]; then
  echo "== OpenMP peer: ${GROUPS_RUN[*]}"
  gcc -O3 -march=native -fopenmp -o "$OUT/cbench" "$PEERS/c/bench.c" -lm
  "$OUT/cbench" "${GROUPS_RUN[@]}" | tee "$OUT/omp.csv"
else
  echo "== ../shared/peers not found: the OpenMP peer is skipped" | tee "$OUT/omp.csv"
fi

KERNELS=(); SIZES=(); EMPTY=0
for g in "${GROUPS_RUN[@]}"; do
  case "$g" in
    empty) EMPTY=1 ;;
    *) KERNELS+=("${g%%:*}"); SIZES+=("$([ "${g##*:}" = L ] && echo 24 || echo 12)") ;;
  esac
done
if [ "$EMPTY" = 1 ]; then
  echo "== JMH EmptyCallBenchmark"
  "$JAVA_BIN" -jar benchmarks/target/benchmarks.jar 'EmptyCallBenchmark' -rf csv -rff "$OUT/jmh-empty.csv" \
    | tee "$OUT/jmh-empty.txt"
fi
if [ ${#KERNELS[@]} -gt 0 ]; then
  K=$(printf '%s\n' "${KERNELS[@]}" | sort -u | paste -sd'|')
  S=$(printf '%s\n' "${SIZES[@]}" | sort -u | paste -sd,)
  echo "== JMH KernelBenchmark ($K; log2n=$S)"
  "$JAVA_BIN" -jar benchmarks/target/benchmarks.jar "KernelBenchmark\.($K)" -p log2n="$S" -rf csv \
    -rff "$OUT/jmh-kernels.csv" | tee "$OUT/jmh-kernels.txt"
fi

python3 - "$OUT" <<'PY'
import csv, os, sys
out = sys.argv[1]
omp = {}
try:
    rows = list(csv.reader(open(os.path.join(out, "omp.csv"))))
    head = rows[0]
    for r in rows[1:]:
        d = dict(zip(head, r))
        size = "L" if int(d["n"]) > 1 << 16 else ("S" if d["kernel"] != "empty" else "")
        omp[(d["kernel"], size, d["variant"], d["threads"])] = float(d["median_s"]) * 1e6
except Exception as e:
    print("(no OpenMP rows: %s)" % e)
lines = ["| kernel | size | variant | us/call | vs OpenMP 2T | vs Java serial loop |", "|---|---|---|---:|---:|---:|"]
def add(kernel, size, variant, us, err, omp2, serial):
    r1 = "%.2f" % (us / omp2) if omp2 else ""
    r2 = "%.2f" % (us / serial) if serial else ""
    lines.append("| %s | %s | %s | %.3f ± %.3f | %s | %s |" % (kernel, size, variant, us, err, r1, r2))
for f, scale in (("jmh-empty.csv", 1e-3), ("jmh-kernels.csv", 1.0)):
    p = os.path.join(out, f)
    if not os.path.exists(p):
        continue
    res = {}
    for r in csv.DictReader(open(p)):
        name = r["Benchmark"].rsplit(".", 1)[1]
        size = {"24": "L", "12": "S"}.get(r.get("Param: log2n", ""), "")
        res[(name, size)] = (float(r["Score"]) * scale, float(r["Score Error (99.9%)"] or 0) * scale)
    for (kernel_size, (o_kernel)) in sorted(set((s, s) for (_, s) in res)):
        pass
    for (name, size), (us, err) in sorted(res.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        kernel = "empty" if f == "jmh-empty.csv" else [k for k in ("sum", "dot", "map", "hist") if name.startswith(k)][0]
        omp2 = omp.get((kernel, size, "omp", "2"))
        serial_name = "baseline" if kernel == "empty" else kernel + "Serial"
        serial = res.get((serial_name, size), (None,))[0]
        add(kernel, size, "threadproof " + name, us, err, omp2, serial)
for (kernel, size, variant, threads), us in sorted(omp.items()):
    lines.append("| %s | %s | OpenMP %s %s | %.3f |  |  |" % (kernel, size, variant, threads, us))
text = "\n".join(lines)
print(text)
open(os.path.join(out, "summary.md"), "w").write(text + "\n")
PY
echo "results: $OUT"
