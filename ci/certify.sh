#!/usr/bin/env bash
# threadproof's main job: the certification run that writes the thread-safety report.
#
#   ci/certify.sh [--budget smoke|quick|full] [--jdk PATH]...
#
# Stages, in order, on every JDK given (default: the JDK on the PATH): build, unit tests and the Lincheck suite (mvn
# install, which also runs the jcstress smoke run), then the jcstress suite at the chosen budget (ci/stress.sh), then
# the evidence summary. Lincheck budgets: smoke and quick use the module defaults, full raises them.
# Exits non-zero when any stage fails or when a stage ran no test.
#
# Present today: the build, the runtime's concurrent unit tests, the Lincheck suite and the jcstress suite. The per-API
# report generator (report/) is the next module of the project; until it exists this job says so in its output and in
# the summary, and it certifies nothing it has no evidence for.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

BUDGET=quick
JDKS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) BUDGET="${2:?--budget needs smoke, quick or full}"; shift 2 ;;
    --jdk) JDKS+=("${2:?--jdk needs a JDK folder}"); shift 2 ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "certify.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$BUDGET" in smoke|quick|full) ;; *) echo "certify.sh: --budget must be smoke, quick or full, not '$BUDGET'" >&2; exit 2 ;; esac
if [ ${#JDKS[@]} -eq 0 ]; then
  JDKS=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for j in "${JDKS[@]}"; do
  [ -x "$j/bin/java" ] || { echo "certify.sh: --jdk '$j' has no bin/java" >&2; exit 2; }
done

OUT="$ROOT/target/thread-safety-report"
mkdir -p "$OUT"
START=$(date +%s)
STAGES=$(( 2 * ${#JDKS[@]} + 1 ))
STAGE=0
stage() {
  STAGE=$((STAGE + 1))
  local elapsed=$(( $(date +%s) - START ))
  local eta=""
  if [ "$STAGE" -gt 1 ]; then eta=", about $(( elapsed * (STAGES - STAGE + 1) / (STAGE - 1) ))s left"; fi
  echo ""
  echo "== [$STAGE/$STAGES] $* (${elapsed}s elapsed$eta)"
}

SUMMARY="$OUT/summary.md"
{
  echo "# threadproof certification run"
  echo ""
  echo "- commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- budget: $BUDGET"
  echo "- CPUs: $(nproc), architecture: $(uname -m), OS: $(uname -sr)"
  echo ""
  echo "| JDK | test class | tests | failures | errors | skipped |"
  echo "|---|---|---:|---:|---:|---:|"
} > "$SUMMARY"

TOTAL=0
STRESS_SUMMARIES=()
for j in "${JDKS[@]}"; do
  VERSION=$("$j/bin/java" -version 2>&1 | head -1)
  stage "build and unit tests on $VERSION"
  LINCHECK=()
  if [ "$BUDGET" = full ]; then LINCHECK=(-Dthreadproof.lincheck.iterations=50 -Dthreadproof.lincheck.invocations=10000); fi
  JAVA_HOME="$j" mvn -B -q install "-Dthreadproof.commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
    "${LINCHECK[@]}" 2>&1 | tail -50 || { echo "certify.sh: build or unit tests FAILED on $VERSION" >&2; exit 1; }
  RAN=0
  for f in runtime/target/surefire-reports/TEST-*.xml linearizability/target/surefire-reports/TEST-*.xml \
           benchmarks/target/surefire-reports/TEST-*.xml; do
    [ -f "$f" ] || continue
    line=$(grep -m1 '<testsuite' "$f")
    attr() { echo "$line" | sed -n "s/.* $1=\"\([^\"]*\)\".*/\1/p"; }
    t=$(attr tests); fl=$(attr failures); er=$(attr errors); sk=$(attr skipped)
    echo "| $VERSION | $(attr name) | $t | $fl | $er | $sk |" >> "$SUMMARY"
    RAN=$((RAN + t))
    if [ "$sk" != "0" ] || [ "$fl" != "0" ] || [ "$er" != "0" ]; then
      echo "certify.sh: $(attr name) had failures, errors or skipped tests on $VERSION" >&2; exit 1
    fi
  done
  if [ "$RAN" -eq 0 ]; then echo "certify.sh: no unit test ran on $VERSION: refusing to certify" >&2; exit 1; fi
  echo "   $RAN unit tests passed on $VERSION"
  TOTAL=$((TOTAL + RAN))
  stage "jcstress at budget $BUDGET on $VERSION"
  TAG=$(basename "$j")
  "$ROOT/ci/stress.sh" --budget "$BUDGET" --jdk "$j" --out "$OUT/jcstress-$TAG" \
    || { echo "certify.sh: the jcstress suite FAILED on $VERSION (see $OUT/jcstress-$TAG)" >&2; exit 1; }
  STRESS_SUMMARIES+=("$OUT/jcstress-$TAG/summary.json")
done

stage "evidence summary"
{
  echo ""
  echo "jcstress summaries (verdict PASS, every negative control caught):"
  for f in "${STRESS_SUMMARIES[@]}"; do
    echo "- $f: $(grep -o '"declared": [0-9]*' "$f" | head -1), $(grep -o '"samples": [0-9]*' "$f" | head -1)"
  done
  echo ""
  echo "Lincheck evidence (linearizability/target/lincheck-evidence, last JDK):"
  for f in linearizability/target/lincheck-evidence/*.json; do
    echo "- $(basename "$f"): $(grep -o '"result": "[A-Z_]*"' "$f")"
  done
  echo ""
  echo "Stage not yet in the project (no per-API verdicts yet): the report generator (report/)."
  echo ""
  echo "Duration: $(( $(date +%s) - START ))s; unit tests run: $TOTAL."
} >> "$SUMMARY"
echo ""
cat "$SUMMARY"
echo ""
echo "summary written to $SUMMARY"
