#!/usr/bin/env bash
# Runs this suite free-threaded as a user's first run does (2 threads x 2 iterations, a 4 s timeout per
# thread-iteration) and checks what the harness must say about it: the start line, the summary block, the exact
# counts in summary.json and in Surefire's XML (JUnit's meanings: failures and errors kept apart), the threads left
# behind, the hostile parameters intact, no temporary file. Needs threadproof-junit installed (mvn install).
#   examples/real-suite/check.sh            with the java on PATH
#   JAVA_HOME=/path/to/jdk examples/real-suite/check.sh
set -euo pipefail
cd "$(dirname "$0")"
LOG=target/real-suite.log
rm -rf target && mkdir -p target
START=$(date +%s)
# The suite has failing tests by design; the checks below decide, so Maven is told not to stop at them.
mvn -B test -Dthreadproof.threads=2 -Dthreadproof.iterations=2 -Dthreadproof.timeout=4s \
  -Dmaven.test.failure.ignore=true > "$LOG" 2>&1 || { tail -40 "$LOG"; echo "real-suite: mvn failed"; exit 1; }
grep -a '^\[threadproof\]' "$LOG" | cut -c1-220
S=target/threadproof/harness/summary.json
fail() { echo "real-suite: $*"; exit 1; }
expect() { grep -Eq "$1" "$S" || fail "summary.json lacks $1"; }

grep -aq '^\[threadproof\] every test runs free-threaded: \[2 threads x 2\], timeout 4 s per thread-iteration' "$LOG" \
  || fail "no start line saying how the harness runs"
grep -aq '^\[threadproof\] 15 tests: 13 ran free-threaded, 2 ran once;' "$LOG" || fail "no summary block with 15/13/2"
test -s "$S" || fail "no summary.json"
expect '"tests" : 15,'
expect '"freeThreaded" : 13,'
expect '"ranOnce" : 2,'
expect '"failedFreeThreaded" : 3,'
expect '"reason" : "writes static field com.example.inventory.TestCredentials.rotations",'
expect '"reason" : "calls java.lang.System#setProperty",'
expect '"leftBehindThreads" : \[ "threadproof-waitsForTheShutdownSignal-0", "threadproof-waitsForTheShutdownSignal-1" \]'
# the hostile parameters reached the summary (a lone surrogate is written as its JSON escape)
expect '\[1\] \\uD834 lone high \[2 threads x 2\]'
expect '\[2\] lone low \\uDD1E'
expect 'nul\\u0000inside'
# the timeout names its property and the value in force
grep -q 'iteration 0 ran past the limit of 4 s (threadproof.timeout=4 s per thread-iteration' "$S" \
  || fail "the timeout's message does not name threadproof.timeout and its value"
! find target -name '*.tmp' | grep -q . || fail "temporary files left: $(find target -name '*.tmp')"

# Surefire's counts over all classes: assertion failures stay failures, the NullPointerException stays an error.
read -r TESTS FAILURES ERRORS SKIPPED < <(cat target/surefire-reports/TEST-*.xml | tr ' ' '\n' \
  | awk -F'"' '/^tests=/{t+=$2} /^failures=/{f+=$2} /^errors=/{e+=$2} /^skipped=/{s+=$2} END{print t, f, e, s}')
echo "real-suite: Surefire counted tests=$TESTS failures=$FAILURES errors=$ERRORS skipped=$SKIPPED in $(( $(date +%s) - START ))s"
[ "$TESTS/$FAILURES/$ERRORS/$SKIPPED" = "15/2/1/0" ] || fail "expected tests=15 failures=2 errors=1 skipped=0"
grep -q 'type="dev.threadproof.junit.ThreadError"' target/surefire-reports/TEST-com.example.inventory.InventoryTest.xml \
  || fail "the NullPointerException is not reported as a ThreadError"
grep -q 'java.lang.NullPointerException' target/surefire-reports/TEST-com.example.inventory.InventoryTest.xml \
  || fail "the original type is not visible in Surefire's XML"

# Fail closed: a summary that cannot be written (here a folder stands where the file must go) fails the build with an
# error naming the file, instead of a BUILD SUCCESS without a result.
mkdir -p target/unwritable/summary.json
if mvn -B test -Dtest=ConfigTest -Dthreadproof.threads=2 -Dthreadproof.harness.dir=target/unwritable \
     > target/unwritable.log 2>&1; then
  fail "the build passed although the summary could not be written"
fi
grep -aq "threadproof: cannot write the summary .*target/unwritable/summary.json" target/unwritable.log \
  || { tail -30 target/unwritable.log; fail "the failed build does not name the summary it could not write"; }
! find target/unwritable -name '*.tmp' | grep -q . || fail "temporary files left: $(find target/unwritable -name '*.tmp')"
echo "real-suite: an unwritable summary failed the build, naming the file"
echo "real-suite: OK"
