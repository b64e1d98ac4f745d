#!/usr/bin/env bash
# The jcstress suite with its negative controls, failing closed.
#
#   ci/stress.sh [--budget smoke|quick|full] [--jdk PATH] [--tests REGEX] [--out DIR] [--limit SECONDS]
#
# Builds stress-tests/target/jcstress.jar if it is missing, runs the tests matching REGEX (default: all but the hang
# controls of dev.threadproof.stress.hang, which run only when REGEX names them) at the budget,
# then writes DIR/summary.json (per test and JVM configuration: samples, each outcome with count and expectation; JDK,
# CPUs, architecture, budget, date, commit, the hash of runtime/src/main) next to jcstress's own HTML (DIR/results/index.html) and result blob.
# Exits non-zero on any FORBIDDEN outcome, test error, negative control not caught, test declared in the jar but not
# run, or no test matched (jcstress itself exits 0 on "No matching tests").
#
# Budgets (calibrated on the 2-core machine, see stress-tests/README.md):
#   smoke  about 30 s: 1 fork pair per test, 1 iteration of 200 ms, one compilation mode (runs inside mvn verify)
#   quick  about 4 min: split compilation modes, 200 ms iterations (the default of ci/certify.sh)
#   full   jcstress -m default, every JVM flag set it detects (the nightly; run it on JDK 17 and 25)
#
# Hangs: jcstress runs under a watchdog (ci/lib/watchdog.sh). Past the limit (default by budget: smoke 900 s, quick
# 1800 s, full 14400 s, about 5x what each took here; --limit overrides) every JVM of the run (jcstress and its forked
# VMs) gets its threads printed into DIR/hang/threads-PID.txt, the run is killed, "stage timed out" is printed and the
# script exits 124; no summary is written, so nothing downstream can mistake the run for evidence.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUDGET=smoke
JAVA_BIN=java
# Everything but the hang controls, which never end by design.
DEFAULT_TESTS='^(?!dev\.threadproof\.stress\.hang\.).*'
TESTS="$DEFAULT_TESTS"
OUT=""
LIMIT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) BUDGET="${2:?--budget needs smoke, quick or full}"; shift 2 ;;
    --jdk) JAVA_BIN="${2:?--jdk needs a JDK folder}/bin/java"; shift 2 ;;
    --tests) TESTS="${2:?--tests needs a regular expression}"; shift 2 ;;
    --out) OUT="${2:?--out needs a folder}"; shift 2 ;;
    --limit) LIMIT="${2:?--limit needs a number of seconds}"; shift 2 ;;
    -h|--help) sed -n 2,25p "$0"; exit 0 ;;
    *) echo "stress.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
. "$ROOT/ci/lib/jcstress-budget.sh"
jcstress_budget_args "$BUDGET" || { echo "stress.sh: --budget must be smoke, quick or full, not '$BUDGET'" >&2; exit 2; }
ARGS=("${JCSTRESS_ARGS[@]}")
. "$ROOT/ci/lib/watchdog.sh"
if [ -z "$LIMIT" ]; then
  case "$BUDGET" in smoke) LIMIT=900 ;; quick) LIMIT=1800 ;; full) LIMIT=14400 ;; esac
fi
[[ "$LIMIT" =~ ^[1-9][0-9]*$ ]] || { echo "stress.sh: --limit must be a positive number of seconds, not '$LIMIT'" >&2; exit 2; }
[ -x "$(command -v "$JAVA_BIN")" ] || { echo "stress.sh: no java at '$JAVA_BIN'" >&2; exit 2; }
JAR="$ROOT/stress-tests/target/jcstress.jar"
if [ ! -f "$JAR" ]; then
  echo "== building $JAR"
  (cd "$ROOT" && mvn -B -q -DskipTests -pl stress-tests -am package)
fi
[ -n "$OUT" ] || OUT="$ROOT/target/stress/$(date +%Y%m%d-%H%M%S)-$BUDGET"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
COMMIT=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
. "$ROOT/ci/lib/code-hash.sh"
CODE_HASH=$(code_hash "$ROOT") # recorded in the summary: the report counts it only for this code
VERSION=$("$JAVA_BIN" -version 2>&1 | head -1)
echo "== jcstress, budget $BUDGET, tests '$TESTS', $VERSION, $(nproc) CPUs, limit ${LIMIT}s -> $OUT"
echo "   jcstress ${ARGS[*]}"
START=$(date +%s)
rm -rf "$OUT/hang"
progress() { # jcstress's own progress line, every 10 s, while it runs
  while sleep 10; do
    local line eta
    line=$(grep -a '^(Results:' "$OUT/jcstress.log" 2>/dev/null | tail -1)
    eta=$(grep -a '^(ETA:' "$OUT/jcstress.log" 2>/dev/null | tail -1)
    [ -n "$line" ] && echo "   $(( $(date +%s) - START ))s $line $eta"
  done
}
progress &
PROGRESS=$!
set +e
WATCHDOG_JDK=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA_BIN")")")") WATCHDOG_OUT="$OUT/jcstress.log" \
  run_limited "$LIMIT" "$OUT/hang" "jcstress (budget $BUDGET, tests '$TESTS')" -- \
  bash -c 'cd "$1" && shift && exec "$@"' _ "$OUT" "$JAVA_BIN" -jar "$JAR" "${ARGS[@]}" -t "$TESTS" -r "$OUT/results"
JC_RC=$?
set -e
pkill -P "$PROGRESS" 2>/dev/null || true; kill "$PROGRESS" 2>/dev/null || true
wait "$PROGRESS" 2>/dev/null || true
if [ "$JC_RC" -eq 124 ]; then
  tail -20 "$OUT/jcstress.log" >&2
  echo "stress.sh: FAILED: stage timed out: jcstress ran past its limit of ${LIMIT}s and was killed; thread dumps in $OUT/hang (log: $OUT/jcstress.log)" >&2
  exit 124
fi
echo "   jcstress exited $JC_RC after $(( $(date +%s) - START ))s (log: $OUT/jcstress.log)"
BLOB=$(ls -t "$OUT"/jcstress-results-*.bin.gz 2>/dev/null | head -1 || true)
if [ -z "$BLOB" ]; then
  echo "stress.sh: jcstress wrote no result blob: nothing ran (see $OUT/jcstress.log)" >&2
  tail -20 "$OUT/jcstress.log" >&2
  exit 1
fi
set +e
"$JAVA_BIN" -cp "$JAR" dev.threadproof.stress.harness.Summary --blob "$BLOB" --out "$OUT/summary.json" \
  --tests "$TESTS" --budget "$BUDGET" --commit "$COMMIT" --code-hash "$CODE_HASH" --args "${ARGS[*]}"
SUM_RC=$?
set -e
echo "summary: $OUT/summary.json; jcstress report: $OUT/results/index.html"
if [ "$SUM_RC" -ne 0 ] || [ "$JC_RC" -ne 0 ]; then
  echo "stress.sh: FAILED (summary exit $SUM_RC, jcstress exit $JC_RC)" >&2
  exit 1
fi
echo "stress.sh: PASSED"
