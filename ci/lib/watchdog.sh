# Sourced by ci/certify.sh and ci/stress.sh: runs one stage under a time limit, and on a hang leaves a thread dump of
# every JVM the stage started before it kills them.
#
#   run_limited LIMIT_S DUMP_DIR LABEL -- COMMAND [ARG...]
#
# Runs COMMAND in a session of its own (setsid), so that it and every process it starts (Maven, Surefire forks,
# jcstress and its forked VMs) can be found and stopped together. Returns COMMAND's exit status, or 124 when it ran
# past LIMIT_S seconds. In that case, before anything is killed, each live JVM of the stage gets its threads printed
# (`jcmd PID Thread.print -l`, or `jstack -l PID` where jcmd is missing) into DUMP_DIR/threads-PID.txt, with the
# JVM's command line at the top; then the whole stage gets SIGTERM, and SIGKILL 10 s later for what still runs. It
# prints "stage timed out: LABEL ..." with the dump files on stderr.
#
# On a green stage the watchdog costs nothing but a sleeping timer process: the caller waits on COMMAND itself, not on
# a polling loop. WATCHDOG_JDK (a JDK folder) picks the jcmd to use; by default the one beside `java` on the PATH.
# WATCHDOG_OUT (a file), when set, receives COMMAND's standard output and error; the watchdog's own lines still go to
# the caller's standard error.

# Every descendant of PID (children first seen by parent), one per line.
watchdog_descendants() {
  local all kids k
  all=$(ps -e -o pid= -o ppid= 2>/dev/null) || return 0
  kids=$(awk -v p="$1" '$2 == p {print $1}' <<< "$all")
  for k in $kids; do
    echo "$k"
    watchdog_descendants "$k"
  done
}

# The processes of a stage: the session leader's descendants and anything else left in its session.
watchdog_members() {
  local sid=$1
  { echo "$sid"; watchdog_descendants "$sid"; ps -e -o pid= -o sid= 2>/dev/null | awk -v s="$sid" '$2 == s {print $1}'; } \
    | sort -un
}

watchdog_jcmd() {
  local jdk=${WATCHDOG_JDK:-}
  if [ -z "$jdk" ] && command -v java > /dev/null; then
    jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
  if [ -n "$jdk" ] && [ -x "$jdk/bin/jcmd" ]; then echo "$jdk/bin/jcmd"; return; fi
  command -v jcmd || true
}

# Dumps the threads of every JVM among the stage's processes into DIR; prints the files written.
watchdog_dump() {
  local sid=$1 dir=$2 jcmd pid comm file
  jcmd=$(watchdog_jcmd)
  mkdir -p "$dir"
  for pid in $(watchdog_members "$sid"); do
    comm=$(ps -o comm= -p "$pid" 2>/dev/null || true)
    [ "$comm" = java ] || continue
    file="$dir/threads-$pid.txt"
    {
      echo "# thread dump of JVM $pid, taken by threadproof's stage watchdog at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
      echo "# command line: $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-2000)"
    } > "$file"
    if [ -n "$jcmd" ] && timeout 30 "$jcmd" "$pid" Thread.print -l >> "$file" 2>&1; then
      :
    elif command -v jstack > /dev/null && timeout 30 jstack -l "$pid" >> "$file" 2>&1; then
      :
    else
      echo "# jcmd and jstack could not attach; sent SIGQUIT, the dump is in the JVM's own output" >> "$file"
      kill -QUIT "$pid" 2>/dev/null || true
      sleep 1
    fi
    echo "$file"
  done
}

watchdog_kill() {
  local sid=$1 pids
  pids=$(watchdog_members "$sid")
  [ -n "$pids" ] && kill -TERM $pids 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pids=$(for p in $(watchdog_members "$sid"); do kill -0 "$p" 2>/dev/null && echo "$p"; done)
    [ -z "$pids" ] && return 0
    sleep 1
  done
  kill -KILL $pids 2>/dev/null || true
}

run_limited() {
  local limit=$1 dir=$2 label=$3
  shift 3
  [ "${1:-}" = "--" ] && shift
  if ! [[ "$limit" =~ ^[1-9][0-9]*$ ]]; then
    echo "run_limited: the limit must be a positive number of seconds, not '$limit'" >&2
    return 2
  fi
  local flag
  flag=$(mktemp "${TMPDIR:-/tmp}/threadproof-watchdog.XXXXXX")
  rm -f "$flag"
  if [ -n "${WATCHDOG_OUT:-}" ]; then
    setsid -w "$@" > "$WATCHDOG_OUT" 2>&1 &
  else
    setsid -w "$@" &
  fi
  local pid=$!
  (
    trap 'exit 0' TERM
    sleep "$limit" &
    wait $!
    kill -0 "$pid" 2>/dev/null || exit 0
    touch "$flag"
    {
      echo ""
      echo "stage timed out: $label ran past its limit of ${limit}s; dumping the threads of its JVMs, then killing it"
    } >&2
    files=$(watchdog_dump "$pid" "$dir")
    if [ -n "$files" ]; then
      echo "   thread dumps:" >&2
      for f in $files; do echo "     $f" >&2; done
    else
      echo "   no JVM was running in the stage when it timed out (nothing to dump)" >&2
    fi
    watchdog_kill "$pid"
  ) &
  local timer=$!
  local rc=0
  wait "$pid" || rc=$?
  if [ -e "$flag" ]; then
    wait "$timer" 2>/dev/null || true # the dumps and the kill finish before the caller goes on
    rm -f "$flag"
    return 124
  fi
  pkill -TERM -P "$timer" 2>/dev/null || true
  kill -TERM "$timer" 2>/dev/null || true
  wait "$timer" 2>/dev/null || true
  return "$rc"
}
