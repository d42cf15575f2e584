#!/usr/bin/env bash
# bench-isolated-downloads.sh -- what one download on a new connection costs, with nothing else
# going on: nginx, MTServer, the floor of a Java server (scripts/lib/FloorServer.java, the least a
# JVM can do to answer it) and MTServer's transport with the floor's handler in place of the HTTP
# engine and the site (scripts/lib/TransportFloor.java) take turns at `curl /1m.bin`, one download
# at a time, a new curl process and connection each, a short pause between; then each server's CPU
# time and context switches per download, by thread.
#
#   scripts/bench-isolated-downloads.sh                  300 downloads each, 1 MiB, 20 ms apart
#   N=500 SIZE=65536 GAP=0.5 scripts/bench-isolated-downloads.sh
#   SERVER_FLAGS='--threads platform' scripts/bench-isolated-downloads.sh
#   MTSERVER_JAVA_OPTS=-XX:-UseTransparentHugePages scripts/bench-isolated-downloads.sh
#
# Why: the harness's `curl /1m.bin` row is such downloads, three in a row after a pause, and on a
# 2-vCPU guest the client and the server share a CPU, so the server's CPU per connection adds to
# the download's time. The floor server runs on the same JDK with MTServer's heap and GC flags:
# where it keeps up with nginx and MTServer does not, the difference is MTServer's own work per
# connection, not the JVM's (docs/benchmarks.md, twenty-seventh session); where the transport floor
# falls between them, it splits that into the transport's part and the rest's (twenty-eighth
# session). The transport floor needs a JDK 22+ (it is run from source beside FloorServer.java) and
# is left out on an older one. All are warmed up
# first (wrk on a 1 KiB and a 64 KiB file when wrk is there, else curl). Nothing in the build or
# the tests uses this script. Needs nginx, curl, python3; wrk is optional. Medians; compare within
# one run, on a quiet machine.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/beside-nginx.sh
source "$here/scripts/lib/beside-nginx.sh"
n=${N:-300} size=${SIZE:-1048576} gap=${GAP:-0.02} cpu_n=${CPU_N:-300}
nginx_port=${NGINX_PORT:-28391} mt_port=${MT_PORT:-28392} floor_port=${FLOOR_PORT:-28393}
transport_port=${TRANSPORT_PORT:-28394}
for tool in nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "bench-isolated-downloads: needs $tool" >&2; exit 2; }
done
[[ -f $here/mtserver-app/target/mtserver.jar ]] || (cd "$here" && mvn -B -q -DskipTests package)
jdk=$("$here/bin/find-jdk")
java=$jdk/bin/java

work=$(mktemp -d /tmp/mtserver-bench-iso.XXXXXX)
chmod 755 "$work" # nginx workers run as an unprivileged user and must read the root
mkdir -p "$work/root"
head -c 1024 /dev/urandom | base64 -w 64 | head -c 1024 >"$work/root/small.css"
head -c 65536 /dev/urandom >"$work/root/64k.bin"
head -c "$size" /dev/urandom >"$work/root/file.bin"
start_nginx_and_mtserver "$work" "$nginx_port" "$mt_port"
# The floor: the same heap and collector as bin/mtserver, run from source (no build).
"$java" -XX:+UseSerialGC -Xms32m -Xmn16m -Xmx512m "$here/scripts/lib/FloorServer.java" \
  "$floor_port" "$work/root" >"$work/floor.log" 2>&1 &
pids+=($!)
names=(nginx mtserver floor)
ports=("$nginx_port" "$mt_port" "$floor_port")
# The transport floor: bin/mtserver's heap, collector and JIT options (ADR 0045), without its AOT
# cache, which holds MTServer's classes and profiles and not this program's.
if [[ $(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release") -ge 22 ]]; then
  "$java" -XX:+UseSerialGC -Xms32m -Xmn16m -Xmx512m -XX:CompileThresholdScaling=3 \
    -XX:CompileCommand=quiet \
    -XX:CompileCommand=CompileThresholdScaling,dev.mtserver.transport.*::*,0.05 \
    -XX:CompileCommand=CompileThresholdScaling,sun.nio.ch.*::*,0.05 \
    -XX:CompileCommand=CompileThresholdScaling,jdk.internal.classfile.*::*,10.0 \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED -cp "$here/mtserver-app/target/mtserver.jar" \
    "$here/scripts/lib/TransportFloor.java" "$transport_port" "$work/root" \
    >"$work/transport.log" 2>&1 &
  pids+=($!)
  names+=(transport)
  ports+=("$transport_port")
fi
for port in "${ports[@]}"; do
  for _ in $(seq 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/small.css" && break
    sleep 0.1
  done
  curl -fs -o /dev/null "http://127.0.0.1:$port/small.css" ||
    { echo "bench-isolated-downloads: nothing answers on port $port; the logs:" >&2
      tail -n 20 "$work"/*.log >&2; exit 1; }
done
java_pid() { # the java process serving on port $1
  pgrep -f -- "$1" | while read -r p; do [[ $(cat "/proc/$p/comm") == java ]] && echo "$p"; done |
    head -1
}
nginx_master=$(cat "$work/nginx.pid")
nginx_pids="$nginx_master $(pgrep -P "$nginx_master" | tr '\n' ' ')"
server_pids=("$nginx_pids" "$(java_pid "--port $mt_port --root $work/root")"
  "$(java_pid "FloorServer.java $floor_port")" "$(java_pid "TransportFloor.java $transport_port")")

echo "warming up each server" >&2
for port in "${ports[@]}"; do
  if command -v wrk >/dev/null; then
    wrk -t2 -c64 -d3s "http://127.0.0.1:$port/small.css" >/dev/null
    wrk -t2 -c64 -d3s "http://127.0.0.1:$port/64k.bin" >/dev/null
  fi
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/file.bin"; done
done

echo "$n downloads each, taking turns, $gap s apart" >&2
for i in $(seq "$n"); do
  for k in "${!names[@]}"; do
    j=$(((k + i) % ${#names[@]})) # rotate who goes first
    curl -s -o /dev/null -w "%{time_connect} %{time_starttransfer} %{time_total}\n" \
      "http://127.0.0.1:${ports[$j]}/file.bin" >>"$work/times.${names[$j]}"
    sleep "$gap"
  done
done
echo "download of $size bytes on a new connection, medians of $n (microseconds):"
for name in "${names[@]}"; do
  python3 - "$name" "$work/times.$name" <<'PY'
import statistics, sys
rows = [[float(x) * 1e6 for x in line.split()] for line in open(sys.argv[2]) if line.strip()]
connect, first, total = (statistics.median(column) for column in zip(*rows))
print(f"  {sys.argv[1]:<9} connect {connect:6.0f}  first byte {first:6.0f}  total {total:6.0f}")
PY
done

# cpu_per_download PIDS PORT: CPU microseconds and context switches per download, by thread name,
# from /proc/PID/task/*/schedstat before and after $cpu_n downloads one after another.
snapshot() {
  local pid task
  for pid in $1; do
    for task in /proc/"$pid"/task/*; do
      read -r run _ switches <"$task/schedstat" || continue
      echo "$(tr ' ' _ <"$task/comm") $run $switches"
    done
  done | awk '{cpu[$1] += $2; sw[$1] += $3} END {for (t in cpu) print t, cpu[t], sw[t]}' | sort
}
cpu_per_download() {
  snapshot "$1" >"$work/before"
  for _ in $(seq "$cpu_n"); do curl -s -o /dev/null "http://127.0.0.1:$2/file.bin"; done
  snapshot "$1" >"$work/after"
  join "$work/before" "$work/after" | awk -v n="$cpu_n" '($4 - $2) / n >= 1000 {
    printf "    %-24s %7.1f us  %5.2f switches\n", $1, ($4 - $2) / n / 1000, ($5 - $3) / n }' |
    sort -k2 -rn
  join "$work/before" "$work/after" | awk -v n="$cpu_n" '{ total += $4 - $2 }
    END { printf "    %-24s %7.1f us\n", "all threads", total / n / 1000 }'
}
echo "server CPU per download, $cpu_n downloads one after another:"
for k in "${!names[@]}"; do
  echo "  ${names[$k]}" && cpu_per_download "${server_pids[$k]}" "${ports[$k]}"
done
