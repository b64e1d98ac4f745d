#!/usr/bin/env bash
# threadproof's main job: the certification run that writes the thread-safety report.
#
#   ci/certify.sh [--budget smoke|quick|full] [--jdk PATH]... [--shard I/N] [--mutation PATH]... [--out DIR] [--publish]
#   ci/certify.sh --merge DIR... [--mutation PATH]... [--out DIR] [--publish]
#
# Stages, in order, on every JDK given (default: the JDK on the PATH):
#   build, unit tests and the Lincheck suite (mvn install; it also runs the jcstress smoke run),
#   the jcstress suite at the budget (ci/stress.sh),
# then the report: every public runtime member, its declared level, the evidence of this run, a verdict.
# Writes DIR/index.html, report.md, report.json, TEST-thread-safety-report.xml (default DIR:
# target/thread-safety-report) and exits non-zero when any member is FAILED, NO_EVIDENCE or UNDECLARED, or a
# fail-open guard trips. --publish copies report.md to docs/thread-safety.md (never edit that file by hand).
#
# Outgrowing one machine: --shard I/N runs a deterministic 1/N of the jcstress tests (and everything else), and
# writes a partial report; --merge joins the output folders of N shards (other machines, JDKs, architectures) into
# one report that records which machine produced which evidence, and the mutation results (DIR/mutation.json) of
# ci/mutate.sh shards among them.
#
# --mutation PATH (a mutation.json, or a folder holding one, from ci/mutate.sh) adds "mutants killed k of n" to every
# member mutation testing reached; a member whose evidence lets a non-equivalent mutant survive is WEAK.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

BUDGET=quick
JDKS=()
SHARD=""
OUT="$ROOT/target/thread-safety-report"
PUBLISH=0
MERGE=()
MUTATION=()
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) BUDGET="${2:?--budget needs smoke, quick or full}"; shift 2 ;;
    --jdk) JDKS+=("${2:?--jdk needs a JDK folder}"); shift 2 ;;
    --shard) SHARD="${2:?--shard needs I/N}"; shift 2 ;;
    --out) OUT="${2:?--out needs a folder}"; shift 2 ;;
    --publish) PUBLISH=1; shift ;;
    --mutation) MUTATION+=("${2:?--mutation needs a mutation.json or a folder holding one}"); shift 2 ;;
    --merge) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do MERGE+=("$1"); shift; done ;;
    -h|--help) sed -n 2,25p "$0"; exit 0 ;;
    *) echo "certify.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$BUDGET" in smoke|quick|full) ;; *) echo "certify.sh: --budget must be smoke, quick or full, not '$BUDGET'" >&2; exit 2 ;; esac
if [ -n "$SHARD" ] && ! [[ "$SHARD" =~ ^[1-9][0-9]*/[1-9][0-9]*$ ]]; then
  echo "certify.sh: --shard must be I/N with 1 <= I <= N, e.g. 2/4, not '$SHARD'" >&2; exit 2
fi
if [ -n "$SHARD" ] && [ "${SHARD%/*}" -gt "${SHARD#*/}" ]; then
  echo "certify.sh: --shard $SHARD: I must not exceed N" >&2; exit 2
fi
MUTATION_ARGS=()
for m in ${MUTATION[@]+"${MUTATION[@]}"}; do
  [ -d "$m" ] && m="$m/mutation.json"
  [ -f "$m" ] || { echo "certify.sh: --mutation: no mutation.json at '$m' (run ci/mutate.sh first)" >&2; exit 2; }
  MUTATION_ARGS+=(--mutation "$m")
done
COMMIT=$(git rev-parse HEAD 2>/dev/null || echo unknown)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
REL="${OUT#"$ROOT"/}" # evidence paths in the report are relative to the repository when they can be
START=$(date +%s)

report() { # args: evidence arguments for the generator
  local jar="$ROOT/report/target/report.jar"
  [ -f "$jar" ] && [ -d "$ROOT/runtime/target/classes" ] || (cd "$ROOT" && mvn -B -q -DskipTests -pl report -am install)
  set +e
  # The same generator users run through threadproof-maven-plugin, pointed at the runtime's classes.
  java -jar "$jar" --classes "$ROOT/runtime/target/classes" --package dev.threadproof.runtime \
    "$@" --commit "$COMMIT" --budget "$BUDGET" --duration "$(( $(date +%s) - START ))" --out "$OUT"
  local rc=$?
  set -e
  if [ "$PUBLISH" = 1 ]; then
    cp "$OUT/report.md" "$ROOT/docs/thread-safety.md"
    echo "published: docs/thread-safety.md"
  fi
  echo "report: $OUT/index.html (also report.md, report.json, TEST-thread-safety-report.xml)"
  return $rc
}

if [ ${#MERGE[@]} -gt 0 ]; then
  ARGS=()
  for d in "${MERGE[@]}"; do
    [ -d "$d" ] || { echo "certify.sh: --merge: '$d' is not a folder" >&2; exit 2; }
    for f in "$d"/jcstress-*/summary.json; do [ -f "$f" ] && ARGS+=(--jcstress "$f"); done
    for e in "$d"/evidence-*; do
      [ -d "$e/lincheck" ] && ARGS+=(--lincheck "$e/lincheck")
      [ -d "$e/junit" ] && ARGS+=(--junit "$e/junit")
    done
    [ -f "$d/mutation.json" ] && ARGS+=(--mutation "$d/mutation.json")
  done
  echo "== merging the evidence of ${#MERGE[@]} runs"
  BUDGET="merged: each evidence source names its own"
  report "${ARGS[@]}" ${MUTATION_ARGS[@]+"${MUTATION_ARGS[@]}"}
  exit $?
fi

if [ ${#JDKS[@]} -eq 0 ]; then
  JDKS=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for j in "${JDKS[@]}"; do
  [ -x "$j/bin/java" ] || { echo "certify.sh: --jdk '$j' has no bin/java" >&2; exit 2; }
done

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

LINCHECK=()
if [ "$BUDGET" = full ]; then LINCHECK=(-Dthreadproof.lincheck.iterations=50 -Dthreadproof.lincheck.invocations=10000); fi
EVIDENCE=()
for j in "${JDKS[@]}"; do
  VERSION=$("$j/bin/java" -version 2>&1 | head -1)
  TAG=$(basename "$j")
  stage "build, unit tests and Lincheck on $VERSION"
  JAVA_HOME="$j" mvn -B -q install "-Dthreadproof.commit=$COMMIT" "${LINCHECK[@]}" 2>&1 | tail -50 \
    || { echo "certify.sh: build, unit tests or Lincheck FAILED on $VERSION" >&2; exit 1; }
  RAN=$(cat runtime/target/surefire-reports/TEST-*.xml linearizability/target/surefire-reports/TEST-*.xml \
        | grep -o '<testsuite [^>]*tests="[0-9]*"' | grep -o 'tests="[0-9]*"' | grep -o '[0-9]*' | awk '{s += $1} END {print s + 0}')
  [ "${RAN:-0}" -gt 0 ] || { echo "certify.sh: no unit or Lincheck test ran on $VERSION: refusing to certify" >&2; exit 1; }
  echo "   $RAN unit and Lincheck tests passed on $VERSION"
  mkdir -p "$OUT/evidence-$TAG"
  rm -rf "$OUT/evidence-$TAG/junit" "$OUT/evidence-$TAG/lincheck"
  cp -r runtime/target/junit-evidence "$OUT/evidence-$TAG/junit"
  cp -r linearizability/target/lincheck-evidence "$OUT/evidence-$TAG/lincheck"
  EVIDENCE+=(--junit "$REL/evidence-$TAG/junit" --lincheck "$REL/evidence-$TAG/lincheck")

  TESTS='.*'
  if [ -n "$SHARD" ]; then
    I=${SHARD%/*}; N=${SHARD#*/}
    TESTS=$("$j/bin/java" -jar stress-tests/target/jcstress.jar -l 2>/dev/null | grep -o 'dev\.threadproof\.\(stress\|runtime\)\.[A-Za-z0-9_.]*' \
            | sort -u | awk -v i="$I" -v n="$N" '(NR - 1) % n == i - 1' | sed 's/\./\\./g; s/.*/^&$/' | paste -sd'|')
    [ -n "$TESTS" ] || { echo "certify.sh: shard $SHARD holds no jcstress test" >&2; exit 1; }
  fi
  stage "jcstress at budget $BUDGET on $VERSION${SHARD:+, shard $SHARD}"
  "$ROOT/ci/stress.sh" --budget "$BUDGET" --jdk "$j" --tests "$TESTS" --out "$OUT/jcstress-$TAG" \
    || { echo "certify.sh: the jcstress suite FAILED on $VERSION (see $OUT/jcstress-$TAG)" >&2; exit 1; }
  EVIDENCE+=(--jcstress "$REL/jcstress-$TAG/summary.json")
done

stage "thread-safety report"
set +e
report "${EVIDENCE[@]}" ${MUTATION_ARGS[@]+"${MUTATION_ARGS[@]}"}
RC=$?
set -e
echo ""
sed -n '1,12p' "$OUT/report.md"
if [ -n "$SHARD" ]; then
  echo "(shard $SHARD: a partial report; members proven by other shards show NO_EVIDENCE until --merge)"
fi
exit $RC
