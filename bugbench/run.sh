#!/usr/bin/env bash
# The bug benchmark's side-by-side table (docs/explore.md): every program under stress (fresh threads, up to RUNS runs
# or SECONDS s) and in explore mode (up to SCHEDULES schedules, each failure replayed REPLAYS times by its id), buggy
# form and fixed twin, all in one JVM.
#   bugbench/run.sh [RUNS] [SECONDS] [SCHEDULES] [REPLAYS]     (defaults 1000 10 1000 10); table in bugbench/target/bugbench.md
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-1000}; SECONDS_=${2:-10}; SCHEDULES=${3:-1000}; REPLAYS=${4:-10}
mvn -B -q -f ../pom.xml -pl bugbench -am install -DskipTests -Dinvoker.skip
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="target/classes:$(cat target/cp.txt)"
AGENT=""
[ "$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')" -ge 21 ] \
  && AGENT="-XX:+EnableDynamicAgentLoading"
java $AGENT -cp "$CP" dev.threadproof.bugbench.BugBench "$RUNS" "$SECONDS_" "$SCHEDULES" "$REPLAYS" target/bugbench.md \
  2> target/bugbench.err
