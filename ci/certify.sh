#!/usr/bin/env bash
# threadproof's main job: the certification run that writes the thread-safety report.
#
#   ci/certify.sh [--budget smoke|quick|full] [--jdk PATH]... [--shard I/N] [--mutation PATH]... [--out DIR] [--publish]
#                 [--stage-limit STAGE=SECONDS]... [--tests REGEX] [--skip-build]
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
#
# Evidence strength: every evidence file records the hash of runtime/src/main it tested (ci/lib/code-hash.sh); evidence
# of other code is STALE, listed in the report and never counted (a docs-only commit keeps the evidence current). A
# member whose strongest passing evidence gives it fewer samples than the budget's floor (smoke 10,000, quick
# 100,000, full 1,000,000 per member; a test's samples are divided among the members it certifies; Lincheck model
# checking and exact JUnit tests count in full) is THIN: a warning at smoke, a failure at quick and full.
#
# Hangs: every stage runs under a watchdog (ci/lib/watchdog.sh) with a time limit derived from the budget and printed
# with the stage's header: build 1800 s (5400 s at full), jcstress 900/1800/14400 s at smoke/quick/full, report 600 s,
# about 5x what each took on 2 cores. --stage-limit build=S, jcstress=S or report=S overrides one. A stage that runs
# past its limit gets a thread dump of each of its JVMs written to DIR/hang/<stage>/threads-PID.txt, is killed, and
# the run ends RED: the remaining stages are skipped, the report lists the guard "stage timed out: ..." (also kept in
# DIR/stage-timeouts.txt, which --merge reads), and the exit status is non-zero.
#
# --tests REGEX runs only the jcstress tests it matches (default: all but the hang controls). --skip-build reuses the
# jars and the unit and Lincheck evidence of an earlier `mvn install` of this checkout instead of building again;
# evidence of other code then shows up as stale, never as proof.
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
TESTS_ARG=""
SKIP_BUILD=0
LIMIT_BUILD=""
LIMIT_JCSTRESS=""
LIMIT_REPORT=600
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) BUDGET="${2:?--budget needs smoke, quick or full}"; shift 2 ;;
    --jdk) JDKS+=("${2:?--jdk needs a JDK folder}"); shift 2 ;;
    --shard) SHARD="${2:?--shard needs I/N}"; shift 2 ;;
    --out) OUT="${2:?--out needs a folder}"; shift 2 ;;
    --publish) PUBLISH=1; shift ;;
    --mutation) MUTATION+=("${2:?--mutation needs a mutation.json or a folder holding one}"); shift 2 ;;
    --merge) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do MERGE+=("$1"); shift; done ;;
    --tests) TESTS_ARG="${2:?--tests needs a regular expression}"; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --stage-limit)
      v="${2:?--stage-limit needs STAGE=SECONDS, e.g. jcstress=1200}"
      [[ "$v" =~ ^(build|jcstress|report)=[1-9][0-9]*$ ]] \
        || { echo "certify.sh: --stage-limit must be build=S, jcstress=S or report=S with S > 0 seconds, not '$v'" >&2; exit 2; }
      case "${v%%=*}" in build) LIMIT_BUILD=${v#*=} ;; jcstress) LIMIT_JCSTRESS=${v#*=} ;; report) LIMIT_REPORT=${v#*=} ;; esac
      shift 2 ;;
    -h|--help) sed -n 2,39p "$0"; exit 0 ;;
    *) echo "certify.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$BUDGET" in smoke|quick|full) ;; *) echo "certify.sh: --budget must be smoke, quick or full, not '$BUDGET'" >&2; exit 2 ;; esac
# Evidence floors (samples per member; a member below it is THIN): a warning at smoke, a failure at quick and full.
case "$BUDGET" in
  smoke) : "${LIMIT_BUILD:=1800}" "${LIMIT_JCSTRESS:=900}"; FLOOR=10000; FAIL_ON=FAILED,NO_EVIDENCE,UNDECLARED ;;
  quick) : "${LIMIT_BUILD:=1800}" "${LIMIT_JCSTRESS:=1800}"; FLOOR=100000; FAIL_ON=FAILED,NO_EVIDENCE,UNDECLARED,THIN ;;
  full)  : "${LIMIT_BUILD:=5400}" "${LIMIT_JCSTRESS:=14400}"; FLOOR=1000000; FAIL_ON=FAILED,NO_EVIDENCE,UNDECLARED,THIN ;;
esac
. "$ROOT/ci/lib/code-hash.sh"
CODE_HASH=$(code_hash "$ROOT") # every evidence file records it; the report counts only evidence of this code
. "$ROOT/ci/lib/watchdog.sh"
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
if [ -n "$SHARD" ] && [ -n "$TESTS_ARG" ]; then
  echo "certify.sh: --shard and --tests both choose the jcstress tests: give one of them" >&2; exit 2
fi
COMMIT=$(git rev-parse HEAD 2>/dev/null || echo unknown)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
REL="${OUT#"$ROOT"/}" # evidence paths in the report are relative to the repository when they can be
START=$(date +%s)

TIMEOUTS=() # one "stage timed out: ..." line per stage the watchdog stopped; each is a guard of the report
timed_out() { # args: the stage's label, its limit, the folder of its thread dumps
  local line="stage timed out: $1 ran past its limit of ${2}s and was killed; thread dumps in ${3#"$ROOT"/}"
  TIMEOUTS+=("$line")
  echo "$line" >> "$OUT/stage-timeouts.txt"
  echo "certify.sh: $line" >&2
}

report() { # args: evidence arguments for the generator
  local jar="$ROOT/report/target/report.jar" rc=0 guards=() t
  for t in ${TIMEOUTS[@]+"${TIMEOUTS[@]}"}; do guards+=(--guard "$t"); done
  if ! [ -f "$jar" ] || ! [ -d "$ROOT/runtime/target/classes" ]; then
    run_limited "$LIMIT_REPORT" "$OUT/hang/report" "the report generator's build" -- \
      mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl report -am install || rc=$?
    if [ "$rc" -eq 124 ]; then
      echo "certify.sh: RED: stage timed out: building the report generator ran past ${LIMIT_REPORT}s; thread dumps in $OUT/hang/report" >&2
      return 1
    fi
  fi
  # The same generator users run through threadproof-maven-plugin, pointed at the runtime's classes.
  rc=0
  run_limited "$LIMIT_REPORT" "$OUT/hang/report" "the thread-safety report" -- \
    java -jar "$jar" --classes "$ROOT/runtime/target/classes" --package dev.threadproof.runtime \
    "$@" ${guards[@]+"${guards[@]}"} --commit "$COMMIT" --code-hash "$CODE_HASH" --floor "$FLOOR" --fail-on "$FAIL_ON" \
    --budget "$BUDGET" --duration "$(( $(date +%s) - START ))" --out "$OUT" || rc=$?
  if [ "$rc" -eq 124 ]; then
    echo "certify.sh: RED: stage timed out: the report generator ran past ${LIMIT_REPORT}s; thread dumps in $OUT/hang/report" >&2
    return 1
  fi
  if [ "$rc" -gt 1 ]; then
    echo "certify.sh: the report generator failed (exit $rc): no report was written" >&2
    return "$rc"
  fi
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
      [ -d "$e/harness" ] && ARGS+=(--harness "$e/harness")
    done
    [ -f "$d/mutation.json" ] && ARGS+=(--mutation "$d/mutation.json")
    if [ -f "$d/stage-timeouts.txt" ]; then # a shard that hung is red in the merge too
      while IFS= read -r line; do [ -n "$line" ] && ARGS+=(--guard "$d: $line"); done < "$d/stage-timeouts.txt"
    fi
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
if [ "$SKIP_BUILD" = 1 ]; then
  for f in runtime/target/junit-evidence linearizability/target/lincheck-evidence stress-tests/target/jcstress.jar; do
    [ -e "$f" ] || { echo "certify.sh: --skip-build: $f is missing; run mvn install first" >&2; exit 2; }
  done
fi
rm -rf "$OUT/hang" "$OUT/stage-timeouts.txt"

STAGES=$(( 2 * ${#JDKS[@]} + 1 ))
STAGE=0
stage() { # args: the limit in seconds, then the stage's title
  STAGE=$((STAGE + 1))
  local limit=$1
  shift
  local elapsed=$(( $(date +%s) - START ))
  local eta=""
  if [ "$STAGE" -gt 1 ]; then eta=", about $(( elapsed * (STAGES - STAGE + 1) / (STAGE - 1) ))s left"; fi
  STAGE_LABEL="[$STAGE/$STAGES] $*"
  echo ""
  echo "== $STAGE_LABEL (${elapsed}s elapsed$eta${limit:+; limit ${limit}s})"
}

LINCHECK=()
if [ "$BUDGET" = full ]; then LINCHECK=(-Dthreadproof.lincheck.iterations=50 -Dthreadproof.lincheck.invocations=10000); fi
EVIDENCE=()
for j in "${JDKS[@]}"; do
  VERSION=$("$j/bin/java" -version 2>&1 | head -1)
  TAG=$(basename "$j")
  if [ "$SKIP_BUILD" = 1 ]; then
    stage "" "build skipped (--skip-build): the jars and unit and Lincheck evidence of the last mvn install"
  else
    stage "$LIMIT_BUILD" "build, unit tests and Lincheck on $VERSION"
    # Evidence and test reports of this build only: a file left by a test deleted since would otherwise be counted
    # (the stale-evidence guard turned a certification RED on one) or fed to the report.
    rm -rf runtime/target/threadproof/harness runtime/target/junit-evidence linearizability/target/lincheck-evidence \
      runtime/target/surefire-reports linearizability/target/surefire-reports
    RC=0
    WATCHDOG_JDK="$j" WATCHDOG_OUT="$OUT/build-$TAG.log" JAVA_HOME="$j" \
      run_limited "$LIMIT_BUILD" "$OUT/hang/build-$TAG" "$STAGE_LABEL" -- \
      mvn -B -q -f "$ROOT/pom.xml" install "-Dthreadproof.commit=$COMMIT" "-Dthreadproof.codeHash=$CODE_HASH" \
      ${LINCHECK[@]+"${LINCHECK[@]}"} || RC=$?
    tail -50 "$OUT/build-$TAG.log"
    if [ "$RC" -eq 124 ]; then
      timed_out "$STAGE_LABEL" "$LIMIT_BUILD" "$OUT/hang/build-$TAG"
      break
    fi
    [ "$RC" -eq 0 ] || { echo "certify.sh: build, unit tests or Lincheck FAILED on $VERSION (log: $OUT/build-$TAG.log)" >&2; exit 1; }
  fi
  RAN=$(cat runtime/target/surefire-reports/TEST-*.xml linearizability/target/surefire-reports/TEST-*.xml \
        | grep -o '<testsuite [^>]*tests="[0-9]*"' | grep -o 'tests="[0-9]*"' | grep -o '[0-9]*' | awk '{s += $1} END {print s + 0}')
  [ "${RAN:-0}" -gt 0 ] || { echo "certify.sh: no unit or Lincheck test ran on $VERSION: refusing to certify" >&2; exit 1; }
  echo "   $RAN unit and Lincheck tests passed on $VERSION"
  mkdir -p "$OUT/evidence-$TAG"
  rm -rf "$OUT/evidence-$TAG/junit" "$OUT/evidence-$TAG/lincheck"
  cp -r runtime/target/junit-evidence "$OUT/evidence-$TAG/junit"
  cp -r linearizability/target/lincheck-evidence "$OUT/evidence-$TAG/lincheck"
  EVIDENCE+=(--junit "$REL/evidence-$TAG/junit" --lincheck "$REL/evidence-$TAG/lincheck")
  # The runtime's explored protocol tests (ProtocolExploreTest, explore mode of threadproof-junit): explored rows.
  rm -rf "$OUT/evidence-$TAG/harness"
  if [ -f runtime/target/threadproof/harness/summary.json ]; then
    cp -r runtime/target/threadproof/harness "$OUT/evidence-$TAG/harness"
    EVIDENCE+=(--harness "$REL/evidence-$TAG/harness")
  fi

  TESTS=${TESTS_ARG:-'^(?!dev\.threadproof\.stress\.hang\.).*'} # the hang controls run only when named
  if [ -n "$SHARD" ]; then
    I=${SHARD%/*}; N=${SHARD#*/}
    TESTS=$("$j/bin/java" -jar stress-tests/target/jcstress.jar -l 2>/dev/null | grep -o 'dev\.threadproof\.\(stress\|runtime\)\.[A-Za-z0-9_.]*' \
            | grep -v '^dev\.threadproof\.stress\.hang\.' \
            | sort -u | awk -v i="$I" -v n="$N" '(NR - 1) % n == i - 1' | sed 's/\./\\./g; s/.*/^&$/' | paste -sd'|')
    [ -n "$TESTS" ] || { echo "certify.sh: shard $SHARD holds no jcstress test" >&2; exit 1; }
  fi
  stage "$LIMIT_JCSTRESS" "jcstress at budget $BUDGET on $VERSION${SHARD:+, shard $SHARD}"
  # ci/stress.sh stops jcstress itself at the limit (its dumps go to jcstress-TAG/hang); this watchdog, 120 s later,
  # is for a hang outside jcstress (the jar's build, the summary).
  RC=0
  WATCHDOG_JDK="$j" run_limited "$(( LIMIT_JCSTRESS + 120 ))" "$OUT/hang/jcstress-$TAG" "$STAGE_LABEL" -- \
    "$ROOT/ci/stress.sh" --budget "$BUDGET" --jdk "$j" --tests "$TESTS" --out "$OUT/jcstress-$TAG" \
    --limit "$LIMIT_JCSTRESS" || RC=$?
  if [ "$RC" -eq 124 ]; then
    DUMPS="$OUT/jcstress-$TAG/hang"
    [ -d "$DUMPS" ] || DUMPS="$OUT/hang/jcstress-$TAG"
    timed_out "$STAGE_LABEL" "$LIMIT_JCSTRESS" "$DUMPS"
    break
  fi
  [ "$RC" -eq 0 ] || { echo "certify.sh: the jcstress suite FAILED on $VERSION (see $OUT/jcstress-$TAG)" >&2; exit 1; }
  EVIDENCE+=(--jcstress "$REL/jcstress-$TAG/summary.json")
done

if [ ${#TIMEOUTS[@]} -gt 0 ]; then
  STAGE=$((STAGES - 1)) # the stages after the one that hung are skipped; the report still runs
fi
stage "$LIMIT_REPORT" "thread-safety report"
RC=0
report ${EVIDENCE[@]+"${EVIDENCE[@]}"} ${MUTATION_ARGS[@]+"${MUTATION_ARGS[@]}"} || RC=$?
echo ""
[ -f "$OUT/report.md" ] && sed -n '1,12p' "$OUT/report.md"
if [ -n "$SHARD" ]; then
  echo "(shard $SHARD: a partial report; members proven by other shards show NO_EVIDENCE until --merge)"
fi
if [ ${#TIMEOUTS[@]} -gt 0 ]; then
  echo "certify.sh: RED: ${#TIMEOUTS[@]} stage(s) timed out:" >&2
  printf '  %s\n' "${TIMEOUTS[@]}" >&2
  [ "$RC" -ne 0 ] || RC=1 # never green after a hang, whatever the evidence that did arrive says
fi
exit $RC
