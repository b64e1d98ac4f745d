#!/usr/bin/env bash
# Per-call overhead of threadproof against OpenMP, measured in ONE invocation so the two can be compared as a ratio.
#
#   ci/bench.sh [--jdk PATH] [JMH args...]
#
# 1. builds benchmarks/target/benchmarks.jar if needed;
# 2. builds the OpenMP peer from ../shared/peers/c/bench.c (gcc -O3 -march=native -fopenmp) and runs its `empty`
#    group (a parallel-for over 2 iterations, 1 and 2 threads);
# 3. runs the JMH EmptyCallBenchmark (the same kernel: baseline loop, threadproof 1 and 2 workers, parallel stream in
#    ForkJoinPool(2));
# 4. prints both and the ratio threadproof2 / OpenMP-2-threads.
# Results go to target/bench/<timestamp>/. Takes about 2 minutes on 2 cores.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA_BIN=java
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jdk) JAVA_BIN="$2/bin/java"; shift 2 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
PEERS="$ROOT/../shared/peers"
OUT="$ROOT/target/bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

if [ ! -f benchmarks/target/benchmarks.jar ]; then
  echo "== building benchmarks.jar"
  mvn -B -q -DskipTests package -pl benchmarks -am
fi

{
  echo "date: $(date -Is)"; echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "cpus: $(nproc)"; echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
  echo "java: $("$JAVA_BIN" -version 2>&1 | head -1)"; echo "gcc: $(gcc --version | head -1)"
} | tee "$OUT/env.txt"

if [ -f "$PEERS/c/bench.c" ]; then
  echo "== OpenMP peer: empty group"
  gcc -O3 -march=native -fopenmp -o "$OUT/cbench" "$PEERS/c/bench.c" -lm
  "$OUT/cbench" empty | tee "$OUT/omp.csv"
else
  echo "== ../shared/peers not found: OpenMP peer skipped" | tee "$OUT/omp.csv"
fi

echo "== JMH EmptyCallBenchmark"
"$JAVA_BIN" -jar benchmarks/target/benchmarks.jar EmptyCallBenchmark -rf csv -rff "$OUT/jmh.csv" "${ARGS[@]}" \
  | tee "$OUT/jmh.txt"

python3 - "$OUT" <<'PY'
import csv, sys, os
out = sys.argv[1]
omp = {}
try:
    rows = list(csv.reader(open(os.path.join(out, "omp.csv"))))
    head = rows[0]
    for r in rows[1:]:
        d = dict(zip(head, r))
        if d.get("variant") == "omp":
            omp[d["threads"]] = float(d["median_s"]) * 1e9
except Exception as e:
    print("could not read the OpenMP rows:", e)
jmh = {}
for r in csv.DictReader(open(os.path.join(out, "jmh.csv"))):
    jmh[r["Benchmark"].rsplit(".", 1)[1]] = (float(r["Score"]), float(r["Score Error (99.9%)"] or 0))
lines = ["| variant | ns/call |", "|---|---:|"]
for k, v in omp.items():
    lines.append(f"| OpenMP {k} thread(s) | {v:.0f} |")
for k, (s, e) in jmh.items():
    lines.append(f"| {k} | {s:.0f} ± {e:.0f} |")
if "2" in omp and omp["2"] and "threadproof2" in jmh:
    lines.append("")
    lines.append(f"threadproof2 / OpenMP(2 threads) = {jmh['threadproof2'][0] / omp['2']:.2f}")
if "streamFj2" in jmh and "threadproof2" in jmh:
    lines.append(f"streamFj2 / threadproof2 = {jmh['streamFj2'][0] / jmh['threadproof2'][0]:.1f}")
text = "\n".join(lines)
print(text)
open(os.path.join(out, "summary.md"), "w").write(text + "\n")
PY
echo "results: $OUT"
