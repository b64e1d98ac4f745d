#!/usr/bin/env bash
# Concurrency mutation testing of the runtime: plants one race at a time in runtime/src/main (in a copy, never in the
# working tree) and runs the evidence against it, cheapest first, stopping at the first kill: the unit tests that
# execute the mutated member (found by one coverage run), the same tests under the race detector
# (-Dthreadproof.race=on: a data race fails them), the explored tests (explore mode, in a JVM of their own)
# that refer to its type, the Lincheck tests that refer to its type, the jcstress tests whose @Certifies names its type
# at the budget.
#
#   ci/mutate.sh [--budget smoke|quick|full] [--shard I/N] [--operators A,B] [--members REGEX] [--out DIR]
#                [--stages unit,race,explore,lincheck,jcstress]   (default all; fewer asks what one kind of evidence kills)
#
# Writes DIR/mutation.json and DIR/mutation.md (default target/mutation); prints a line per mutant with an ETA.
# --budget is jcstress's (as in ci/stress.sh; default quick). --members matches Type.member, e.g. 'SharedLongArray\..*'.
# Shards: run --shard 1/N ... N/N (on other machines) with --out DIR_i, then
#   ci/certify.sh --merge DIR_1 ... DIR_N   (with the certification's own shard folders) joins them into one report.
# Exits non-zero when nothing could be scored (no mutant, none compiled, a run that executed no test, or the original
# runtime failing its own tests). Survivors are findings, listed in mutation.md, not errors.
# Mutants listed in mutation/equivalent-mutants.txt (each with its reason) are reported, not run.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/mutation
BUDGET=quick
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --operators|--members|--shard|--stages) ARGS+=("$1" "$2"); shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --budget) BUDGET=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "mutate.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

. ci/lib/jcstress-budget.sh
jcstress_budget_args "$BUDGET" || { echo "mutate.sh: --budget must be smoke, quick or full, not '$BUDGET'" >&2; exit 2; }

echo "== [1/2] build: runtime, its unit, Lincheck and jcstress tests, the mutation tool"
mvn -B -q -pl harness,runtime,stress-tests,mutation -am install -DskipTests
mvn -B -q -pl runtime,linearizability test-compile
CP_RUNTIME=$(mktemp) CP_LINCHECK=$(mktemp) CP_TOOL=$(mktemp)
trap 'rm -f "$CP_RUNTIME" "$CP_LINCHECK" "$CP_TOOL"' EXIT
mvn -B -q -pl runtime dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_RUNTIME"
mvn -B -q -pl linearizability dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_LINCHECK"
mvn -B -q -pl mutation dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_TOOL"
TOOL_JAR=$(ls mutation/target/threadproof-mutation-*.jar | head -1)
# The forked test JVMs need the tests' dependencies and TestRunnerMain (this tool and the JUnit launcher). The runtime
# jar on the Lincheck classpath is dropped: the mutant's classes and runtime/target/classes come first anyway.
mkdir -p "$OUT"
printf '%s:%s:%s' "$(cat "$CP_RUNTIME")" "$TOOL_JAR" "$(cat "$CP_TOOL")" > "$OUT/classpath.txt"
printf '%s:%s:%s' "$(tr ':' '\n' < "$CP_LINCHECK" | grep -v threadproof-runtime | paste -sd:)" "$TOOL_JAR" \
  "$(cat "$CP_TOOL")" > "$OUT/lincheck-classpath.txt"

echo "== [2/2] mutants of runtime/src/main against the unit, Lincheck and jcstress ($BUDGET: ${JCSTRESS_ARGS[*]}) tests"
. ci/lib/code-hash.sh
java "-Dthreadproof.codeHash=$(code_hash .)" -cp "$TOOL_JAR:$(cat "$CP_TOOL")" dev.threadproof.mutation.MutationMain \
  --sources runtime/src/main/java --classes runtime/target/classes --test-classes runtime/target/test-classes \
  --classpath-file "$OUT/classpath.txt" --lincheck-classes linearizability/target/test-classes \
  --lincheck-classpath-file "$OUT/lincheck-classpath.txt" \
  --jcstress-classes stress-tests/target/classes --jcstress-jar stress-tests/target/jcstress.jar \
  --jcstress-args "${JCSTRESS_ARGS[*]}" --budget "$BUDGET" --commit "$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
  --equivalents mutation/equivalent-mutants.txt --out "$OUT" ${ARGS[@]+"${ARGS[@]}"}
