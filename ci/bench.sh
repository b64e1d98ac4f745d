#!/usr/bin/env bash
# threadproof against the peers, measured in ONE invocation so they can be compared as ratios.
#
#   ci/bench.sh [--jdk PATH] [--rounds R] [GROUP...]
#                 GROUP: empty sum:L dot:L map:L hist:L sum:S dot:S map:S hist:S (default: empty)
#
# 1. builds benchmarks/target/benchmarks.jar from the working tree;
# 2. builds the OpenMP peer from ../shared/peers/c/bench.c (gcc -O3 -march=native -fopenmp);
# 3. runs R rounds (default 1), each the OpenMP peer on the groups and then the matching JMH benchmarks
#    (EmptyCallBenchmark for `empty`, KernelBenchmark for the kernels), so that a drift of the machine shows up
#    in every round rather than between the peer and threadproof;
# 4. prints one table per round with the ratios threadproof / OpenMP 2T and threadproof / Java serial loop, and,
#    with R > 1, the median of each ratio over the rounds. Ratios compare medians with medians: the peer reports the
#    median of its timed batches, so threadproof's side is the median of JMH's measurement iterations (the table
#    also shows JMH's mean and error).
# Results go to target/bench/<timestamp>/. `empty` takes about 2.5 minutes a round; all eight kernel groups about 8.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA_BIN=java
ROUNDS=1
GROUPS_RUN=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jdk) JAVA_BIN="$2/bin/java"; shift 2 ;;
    --rounds)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --rounds needs a positive integer, got '${2:-}'" >&2; exit 2; }
      ROUNDS="$2"; shift 2 ;;
    -h|--help) sed -n 2,17p "$0"; exit 0 ;;
    empty|sum:L|dot:L|map:L|hist:L|sum:S|dot:S|map:S|hist:S) GROUPS_RUN+=("$1"); shift ;;
    *) echo "bench.sh: unknown group or option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#GROUPS_RUN[@]} -gt 0 ] || GROUPS_RUN=(empty)
PEERS="$ROOT/../shared/peers"
OUT="$ROOT/target/bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

# Always rebuilt: a stale jar would measure old code under the current commit's name.
echo "== building benchmarks.jar"
mvn -B -q -DskipTests -pl benchmarks -am package

{
  echo "date: $(date -Is)"; echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "cpus: $(nproc)"; echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
  echo "java: $("$JAVA_BIN" -version 2>&1 | head -1)"; echo "gcc: $(gcc --version | head -1)"
  echo "groups: ${GROUPS_RUN[*]}"; echo "rounds: $ROUNDS"
} | tee "$OUT/env.txt"

CBENCH=""
if [ -f "$PEERS/c/bench.c" ]; then
  gcc -O3 -march=native -fopenmp -o "$OUT/cbench" "$PEERS/c/bench.c" -lm
  CBENCH="$OUT/cbench"
else
  echo "== ../shared/peers not found: the OpenMP peer is skipped"
fi

KERNELS=(); SIZES=(); EMPTY=0
for g in "${GROUPS_RUN[@]}"; do
  case "$g" in
    empty) EMPTY=1 ;;
    *) KERNELS+=("${g%%:*}"); SIZES+=("$([ "${g##*:}" = L ] && echo 24 || echo 12)") ;;
  esac
done
for r in $(seq 1 "$ROUNDS"); do
  D="$OUT/round-$r"; mkdir -p "$D"
  if [ -n "$CBENCH" ]; then
    echo "== round $r/$ROUNDS: OpenMP peer: ${GROUPS_RUN[*]}"
    "$CBENCH" "${GROUPS_RUN[@]}" | tee "$D/omp.csv"
  else
    echo "(no OpenMP peer)" > "$D/omp.csv"
  fi
  if [ "$EMPTY" = 1 ]; then
    echo "== round $r/$ROUNDS: JMH EmptyCallBenchmark"
    "$JAVA_BIN" -jar benchmarks/target/benchmarks.jar 'EmptyCallBenchmark' -rf json -rff "$D/jmh-empty.json" \
      | tee "$D/jmh-empty.txt"
  fi
  if [ ${#KERNELS[@]} -gt 0 ]; then
    K=$(printf '%s\n' "${KERNELS[@]}" | sort -u | paste -sd'|')
    S=$(printf '%s\n' "${SIZES[@]}" | sort -u | paste -sd,)
    echo "== round $r/$ROUNDS: JMH KernelBenchmark ($K; log2n=$S)"
    "$JAVA_BIN" -jar benchmarks/target/benchmarks.jar "KernelBenchmark\.($K)" -p log2n="$S" -rf json \
      -rff "$D/jmh-kernels.json" | tee "$D/jmh-kernels.txt"
  fi
done

python3 - "$OUT" "$ROUNDS" <<'PY'
import csv, json, os, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])

def load_omp(d):
    omp = {}
    try:
        rows = list(csv.reader(open(os.path.join(d, "omp.csv"))))
        head = rows[0]
        for r in rows[1:]:
            row = dict(zip(head, r))
            size = "L" if int(row["n"]) > 1 << 16 else ("S" if row["kernel"] != "empty" else "")
            omp[(row["kernel"], size, row["variant"], row["threads"])] = float(row["median_s"]) * 1e6
    except Exception as e:
        print("(no OpenMP rows in %s: %s)" % (d, e))
    return omp

def load_jmh(d):
    """(kernel, size, name) -> (mean, error, median) in microseconds; the median is over the measurement iterations."""
    res = {}
    for f in ("jmh-empty.json", "jmh-kernels.json"):
        p = os.path.join(d, f)
        if not os.path.exists(p):
            continue
        for r in json.load(open(p)):
            name = r["benchmark"].rsplit(".", 1)[1]
            size = {"24": "L", "12": "S"}.get(r.get("params", {}).get("log2n", ""), "")
            kernel = "empty" if f == "jmh-empty.json" else [k for k in ("sum", "dot", "map", "hist") if name.startswith(k)][0]
            m = r["primaryMetric"]
            scale = {"us/op": 1.0, "ns/op": 1e-3, "ms/op": 1e3}[m["scoreUnit"]]
            raw = [v for fork in m["rawData"] for v in fork]
            err = m["scoreError"] if m["scoreError"] == m["scoreError"] else 0.0  # NaN with one iteration
            res[(kernel, size, name)] = (m["score"] * scale, err * scale, statistics.median(raw) * scale)
    return res

text = []
ratios = {}  # (kernel, size, name) -> ([vs omp2], [vs serial])
for r in range(1, rounds + 1):
    d = os.path.join(out, "round-%d" % r)
    omp, res = load_omp(d), load_jmh(d)
    lines = ["## round %d" % r, "",
             "| kernel | size | variant | us/call: mean ± error | median | vs OpenMP 2T | vs Java serial loop |",
             "|---|---|---|---:|---:|---:|---:|"]
    for (kernel, size, name), (us, err, med) in sorted(res.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])):
        omp2 = omp.get((kernel, size, "omp", "2"))
        serial = res.get((kernel, size, "baseline" if kernel == "empty" else kernel + "Serial"), (None, None, None))[2]
        r1 = med / omp2 if omp2 else None
        r2 = med / serial if serial else None
        ratios.setdefault((kernel, size, name), ([], []))
        if r1 is not None:
            ratios[(kernel, size, name)][0].append(r1)
        if r2 is not None:
            ratios[(kernel, size, name)][1].append(r2)
        lines.append("| %s | %s | threadproof %s | %.3f ± %.3f | %.3f | %s | %s |" % (kernel, size, name, us, err,
                     med, "%.2f" % r1 if r1 else "", "%.2f" % r2 if r2 else ""))
    for (kernel, size, variant, threads), us in sorted(omp.items()):
        lines.append("| %s | %s | OpenMP %s %s |  | %.3f |  |  |" % (kernel, size, variant, threads, us))
    text += lines + [""]
if rounds > 1:
    text += ["## median over %d rounds" % rounds, "",
             "| kernel | size | variant | vs OpenMP 2T (median; per round) | vs Java serial loop (median; per round) |",
             "|---|---|---|---|---|"]
    fmt = lambda v: ("%.2f (%s)" % (statistics.median(v), ", ".join("%.2f" % x for x in v))) if v else ""
    for (kernel, size, name), (a, b) in sorted(ratios.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])):
        text.append("| %s | %s | %s | %s | %s |" % (kernel, size, name, fmt(a), fmt(b)))
print("\n".join(text))
open(os.path.join(out, "summary.md"), "w").write("\n".join(text) + "\n")
PY
echo "results: $OUT"
