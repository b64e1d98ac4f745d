#!/usr/bin/env bash
# Fray 0.9.2 on the bug benchmark (docs/explore.md, "Engine"): every program under Fray's POS and PCT schedulers, as its
# in-test launcher runs them, on Fray's instrumented JDK 25, beside explore mode's table from bugbench/run.sh.
#   bugbench/fray/run.sh [ITERATIONS] [REPLAYS] [TWIN_ITERATIONS] [ONLY]    (defaults 1000 10 200); table in
#   bugbench/fray/target/fray-bench.md; FRAY_LIMIT (default 300) stops a program's JVM after that many seconds.
# Needs a JDK 25 (JDK25_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64) and Maven Central (Fray's artifacts).
# Fray's prepare-fray goal jlinks from $JDK/jmods, which Temurin 25 does not ship; this script runs the same jlink with
# the JDK's modules named (all but jdk.jlink and jdk.jpackage), once, into target/fray/fray-java (about 190 MB).
set -euo pipefail
cd "$(dirname "$0")"
ITERATIONS=${1:-1000}; REPLAYS=${2:-10}; TWINS=${3:-200}; ONLY=${4:-}
J25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$J25/bin/jlink" ] || { echo "fray/run.sh: no JDK 25 at $J25 (set JDK25_HOME)" >&2; exit 2; }
mvn -B -q -f ../../pom.xml -pl bugbench -am install -DskipTests -Dinvoker.skip
mvn -B -q dependency:copy-dependencies -DoutputDirectory=target/lib
L=target/lib
FRAY_JAVA=target/fray/fray-java
if [ "$(cat $FRAY_JAVA/fray-version 2>/dev/null)" != "0.9.2" ]; then
  echo "fray/run.sh: jlinking Fray's instrumented JDK 25 into $FRAY_JAVA" >&2
  rm -rf "$FRAY_JAVA"
  DEPS=$(ls $L/fray-instrumentation-jdk-*.jar $L/fray-instrumentation-base-*.jar $L/fray-runtime-*.jar \
    $L/kotlin-reflect-*.jar $L/kotlin-stdlib-*.jar $L/annotations-*.jar $L/asm*.jar | paste -sd:)
  MODS=$("$J25/bin/java" --list-modules | sed 's/@.*//' | grep -v -x -E 'jdk.jlink|jdk.jpackage' | paste -sd,)
  "$J25/bin/jlink" -J-javaagent:$(ls $L/fray-instrumentation-jdk-*.jar) "-J--module-path=$DEPS" \
    -J--add-modules=org.pastalab.fray.instrumentation.jdk "-J--class-path=$DEPS" --output=$FRAY_JAVA \
    --add-modules="$MODS" --release-info add:IMPLEMENTOR=Fray --fray-instrumentation
  echo 0.9.2 > $FRAY_JAVA/fray-version
fi
mkdir -p target/fray/fray-jvmti
(cd target/fray/fray-jvmti && unzip -o -q ../../lib/fray-jvmti-linux-x8664-*.jar)
CP="../target/classes:$(ls $L/*.jar | grep -v -E 'fray-instrumentation-agent|fray-jvmti|fray-instrumentation-jdk' | paste -sd:)"
rm -rf target/bench target/fray/report target/fray/replay target/fray/twin target/results
mkdir -p target/bench target/results
"$J25/bin/javac" -d target/bench -cp "$CP" src/FrayBench.java
# Each program in a JVM of its own, stopped after LIMIT s: a scheduler can livelock a spin-wait (seen: PCT on the
# fixed check_then_act, ConcurrentHashMap.initTable's yield loop, past Fray's own 120-s timeout). Fray prints its
# progress to standard output (target/fray.out); each result goes to target/results/results.tsv as it is known.
LIMIT=${FRAY_LIMIT:-300}
PROGRAMS=${ONLY:-$(java -cp ../target/classes dev.threadproof.bugbench.Programs)}
: > target/fray.out
for P in $PROGRAMS; do
  touch target/results/$P.ran
  timeout -s KILL "$LIMIT" $FRAY_JAVA/bin/java -javaagent:$(ls $L/fray-instrumentation-agent-*.jar)     -agentpath:$PWD/target/fray/fray-jvmti/libjvmti.so -cp "target/bench:$CP" FrayBench run "$ITERATIONS" "$REPLAYS"     "$TWINS" target/results "$P" >> target/fray.out || echo "fray/run.sh: $P: the JVM ended with status $? (137: stopped at $LIMIT s)" >&2
done
"$J25/bin/java" -cp "target/bench:$CP" FrayBench table target/results target/fray-bench.md "$LIMIT" "$ITERATIONS"   "$REPLAYS" "$TWINS"
