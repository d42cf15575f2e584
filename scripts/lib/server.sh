# Shared by the reliability scripts (source it; bash only): find a JDK 21+, start the real jar on a
# free loopback port in a work directory, read a process's resources from /proc and jstat.

# The java of the first JDK 21+ in JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks.
find_java() {
  local home release v
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    release=$home/release
    [[ -n $home && -f $release && -x $home/bin/java ]] || continue
    v=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$release")
    [[ $v == 1.* ]] && continue
    if (( ${v%%[.+-]*} >= 21 )); then echo "$home/bin/java"; return; fi
  done
  echo "no JDK 21 or newer found (JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks)" >&2
  return 1
}

# Builds the jar if it is missing. Run from the repository root.
ensure_jar() {
  [[ -f mtserver-app/target/mtserver.jar ]] || mvn -B -q -DskipTests package >&2
}

# start_server WORK [FLAG...]: starts the jar with --port 0, --root WORK/public, --data WORK/data
# and the given flags; sets SERVER_PID and SERVER_URL (http://127.0.0.1:PORT/). Logs to WORK/server.log.
start_server() {
  local work=$1; shift
  local java; java=$(find_java)
  "$java" ${MTSERVER_JAVA_OPTS:-} -jar mtserver-app/target/mtserver.jar --port 0 \
    --root "$work/public" --data "$work/data" "$@" > "$work/server.out" 2> "$work/server.log" &
  SERVER_PID=$!
  for _ in $(seq 200); do
    SERVER_URL=$(grep -o 'http://[^ ]*/' "$work/server.out" 2>/dev/null | head -1 || true)
    [[ -n $SERVER_URL ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
    sleep 0.1
  done
  echo "the server printed no URL" >&2
  return 1
}

# Graceful stop (SIGTERM), then waits for the exit.
stop_server() {
  [[ -n ${SERVER_PID:-} ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# resources PID: "rss_mib heap_used_mib fds threads" of a running JVM.
resources() {
  local pid=$1 rss heap fds threads jstat
  rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")
  fds=$(ls "/proc/$pid/fd" | wc -l)
  jstat=$(dirname "$(find_java)")/jstat
  # jstat -gc: S0U S1U EU OU are the used KiB of the survivor, eden and old spaces.
  heap=$("$jstat" -gc "$pid" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%.1f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }')
  echo "$rss ${heap:-?} $fds $threads"
}

# live_heap PID: heap in use (MiB) right after a full GC (jcmd GC.run): what the server retains.
live_heap() {
  local bin; bin=$(dirname "$(find_java)")
  "$bin/jcmd" "$1" GC.run > /dev/null 2>&1 || true
  "$bin/jstat" -gc "$1" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%.1f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }'
}
