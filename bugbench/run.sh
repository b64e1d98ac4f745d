#!/usr/bin/env bash
# The bug benchmark, each program in a JVM of its own: stress (fresh threads, up to RUNS runs or SECONDS s) and
# Lincheck's model checker (up to SCHEDULES schedules), buggy form and fixed twin.
#   bugbench/run.sh [RUNS] [SECONDS] [SCHEDULES]     (defaults 1000 10 1000); table in bugbench/target/bugbench.md
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-1000}; SECONDS_=${2:-10}; SCHEDULES=${3:-1000}
mvn -B -q -f ../pom.xml -pl bugbench -am install -DskipTests -Dinvoker.skip && mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="target/classes:$(cat target/cp.txt)"
AGENT=""
[ "$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')" -ge 21 ] \
  && AGENT="-XX:+EnableDynamicAgentLoading"
PROGRAMS=$(java -cp "$CP" dev.threadproof.bugbench.Programs)
OUT=target/bugbench.md
{
  echo "Bug benchmark: stress up to $RUNS runs or $SECONDS_ s per program; Lincheck 3.7 model checker up to $SCHEDULES"
  echo "schedules; each program in a JVM of its own; $(java -version 2>&1 | head -1), $(nproc) CPUs, $(date -u +%F)"
  echo
  echo "| program | bug | stress: found (runs, ms) | explore: found (ms) | fixed twin: stress | fixed twin: explore |"
  echo "|---|---|---|---|---|---|"
} > "$OUT"
for p in $PROGRAMS; do
  java $AGENT -cp "$CP" dev.threadproof.bugbench.BugBench "$RUNS" "$SECONDS_" "$SCHEDULES" target/ignored.md "$p" \
    2> "target/$p.err" | grep '^|' | tee -a "$OUT"
done
S=$(grep -c '| yes (' <(cut -d'|' -f4 "$OUT") || true)
X=$(grep -c 'yes (' <(cut -d'|' -f5 "$OUT") || true)
T=$(grep -c 'FAILED' <(cut -d'|' -f6,7 "$OUT") || true)
N=$(echo "$PROGRAMS" | wc -w)
printf '\nFound: stress %s of %s, explore %s of %s; fixed twins failing: %s\n' "$S" "$N" "$X" "$N" "$T" | tee -a "$OUT"
