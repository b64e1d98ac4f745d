#!/usr/bin/env bash
# The race detector's cost on the runtime's unit suite (each test once), detector off and on, for docs/race-detector.md:
#   1. wall time of `mvn test -pl runtime` and the sum of the test classes' times, a run each;
#   2. live heap: a second run each, in which a full GC is forced every 5 s (jcmd GC.run on the test JVM) and the heap
#      after each forced full GC is read from the GC log; the largest is the peak live heap (sampled, so a lower
#      bound). The forced GCs also clear the detector's weakly held shadows of dead arrays.
#
#   ci/race-cost.sh [--out DIR] [--runs time-off,time-on,heap-off,heap-on]
#                   (default target/race-cost and all four runs; about 13 min on 2 CPUs)
#
# Writes DIR/cost.md (the table, once DIR holds all four runs) and the logs; --runs heap-on measures one side alone (to
# compare two versions of the detector). Run the time runs on a quiet machine: they are wall times.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/race-cost
RUNS=time-off,time-on,heap-off,heap-on
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "race-cost.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for r in ${RUNS//,/ }; do
  case "$r" in time-off|time-on|heap-off|heap-on) ;; *)
    echo "race-cost.sh: --runs takes time-off, time-on, heap-off, heap-on, not '$r'" >&2; exit 2 ;;
  esac
done
command -v jcmd >/dev/null || { echo "race-cost.sh: needs jcmd (a JDK, not a JRE)" >&2; exit 2; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

echo "== build"
mvn -B -q -pl runtime -am install -DskipTests

BASE_ARGLINE="-Xss4m --add-opens java.base/java.lang=ALL-UNNAMED"

# run NAME RACE HEAP: one `mvn test` of the runtime; HEAP=1 forces full GCs and logs them.
run() {
  local name=$1 race=$2 heap=$3 argline=$BASE_ARGLINE sampler=
  [ "$heap" = 1 ] && argline="$argline -Xlog:gc:file=$OUT/$name.gc.log"
  local t0=$SECONDS
  mvn -B -pl runtime test -DskipExploreProtocols=true -Dthreadproof.race="$race" -Dtest.argLine="$argline" \
    > "$OUT/$name.log" 2>&1 &
  local mvnpid=$!
  if [ "$heap" = 1 ]; then
    # Only JVMs (jcmd -l lists them; jcmd signals its target, which would kill a shell) that were already running
    # 5 s earlier (a JVM that is still starting may not handle the signal yet).
    ( seen=" "
      while kill -0 "$mvnpid" 2>/dev/null; do
        sleep 5
        now=" $(jcmd -l 2>/dev/null | awk '/surefirebooter/ { print $1 }' | tr '\n' ' ')"
        for p in $now; do
          case "$seen" in *" $p "*) jcmd "$p" GC.run >/dev/null 2>&1 || true ;; esac
        done
        seen=$now
      done ) &
    sampler=$!
  fi
  local rc=0
  wait "$mvnpid" || rc=$?
  [ -n "$sampler" ] && { kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; }
  echo $((SECONDS - t0)) > "$OUT/$name.seconds"
  grep -h 'Tests run:.*in dev' runtime/target/surefire-reports/*.txt > "$OUT/$name.classes" || true
  if [ $rc -ne 0 ] || ! grep -q 'BUILD SUCCESS' "$OUT/$name.log"; then
    echo "race-cost.sh: the $name run failed (see $OUT/$name.log)" >&2
    exit 1
  fi
  echo "   $name: $(cat "$OUT/$name.seconds") s"
}

# The largest heap after a forced full GC, in MB, from a unified GC log line such as
# "[12.3s][info][gc] GC(7) Pause Full (Diagnostic Command) 812M->97M(1024M) 120.4ms" (jcmd's GC.run).
peak_live() {
  grep -E 'Pause Full \((Diagnostic Command|System.gc\(\))\)' "$1" | sed -E 's/.* [0-9]+M->([0-9]+)M\(.*/\1/' \
    | sort -n | tail -1
}
class_sum() {
  awk -F'Time elapsed: ' '{ split($2, a, " "); s += a[1] } END { printf "%.0f", s }' "$1"
}

for r in ${RUNS//,/ }; do
  case "$r" in
    time-off) run time-off off 0 ;;
    time-on) run time-on on 0 ;;
    heap-off) run heap-off off 1; echo "   peak live heap $(peak_live "$OUT/heap-off.gc.log") MB" ;;
    heap-on) run heap-on on 1; echo "   peak live heap $(peak_live "$OUT/heap-on.gc.log") MB" ;;
  esac
done
# The table, once DIR holds all four runs (from this invocation or earlier ones into the same DIR).
for f in time-off.seconds time-on.seconds heap-off.gc.log heap-on.gc.log; do
  [ -f "$OUT/$f" ] || { echo "race-cost.sh: $OUT has no $f yet: no table"; exit 0; }
done

OFF_S=$(cat "$OUT/time-off.seconds"); ON_S=$(cat "$OUT/time-on.seconds")
OFF_C=$(class_sum "$OUT/time-off.classes"); ON_C=$(class_sum "$OUT/time-on.classes")
OFF_H=$(peak_live "$OUT/heap-off.gc.log"); ON_H=$(peak_live "$OUT/heap-on.gc.log")
[ -n "$OFF_H" ] && [ -n "$ON_H" ] || { echo "race-cost.sh: no forced full GC in the GC logs" >&2; exit 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", b / a }'; }
{
  echo "Runtime unit suite, each test once; $(nproc) CPUs, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)."
  echo
  echo "| | detector off | detector on | ratio |"
  echo "|---|---|---|---|"
  echo "| wall time of \`mvn test\` (the module, JVM start included) | ${OFF_S} s | ${ON_S} s | $(ratio "$OFF_S" "$ON_S") |"
  echo "| sum of the test classes' times | ${OFF_C} s | ${ON_C} s | $(ratio "$OFF_C" "$ON_C") |"
  echo "| peak live heap (after a full GC, sampled every 5 s) | ${OFF_H} MB | ${ON_H} MB | $(ratio "$OFF_H" "$ON_H") |"
} > "$OUT/cost.md"
cat "$OUT/cost.md"
