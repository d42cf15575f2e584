#!/usr/bin/env bash
# bench-new-connections.sh -- where a new connection's time goes: `ab` (one connection per request)
# on a 1 KiB file against nginx and MTServer, rounds interleaved, both with their access logs on;
# per round the rate, the server's CPU time and context switches per connection (perf stat on the
# server's process tree) and ab's own CPU per connection; then, for MTServer, the same split by
# thread (acceptor, carriers, pollers, the access log's writer).
#
#   scripts/bench-new-connections.sh                     3 rounds of 20,000 requests, -c 64
#   ROUNDS=5 N=40000 C=64 scripts/bench-new-connections.sh
#   SERVER_FLAGS='--threads platform' scripts/bench-new-connections.sh
#   MTSERVER_JAVA_OPTS=-Djdk.pollerMode=1 scripts/bench-new-connections.sh   JVM options for MTServer
#
# Why: with a new connection per request the harness's `ab` row is bound by ab itself (one
# process, one core: about 48 us of its CPU per connection here), so a server keeps up only if
# it leaves ab its core: what matters is the server's CPU and its wake-ups per connection, which
# this prints, not only the rate. nginx runs with scripts/lib/beside-nginx.sh's config (the harness's
# settings: 2 workers, sendfile, tcp_nopush, a combined access log); MTServer through bin/mtserver,
# the README's way. Nothing in the build or the tests uses this script. Needs nginx, ab, curl, perf.
# Compare within one run, on a quiet machine (the load average is printed per round).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/beside-nginx.sh
source "$here/scripts/lib/beside-nginx.sh"
rounds=${ROUNDS:-3} n=${N:-20000} c=${C:-64} warm=${WARM:-100000}
nginx_port=${NGINX_PORT:-28291} mt_port=${MT_PORT:-28292}
for tool in nginx ab curl perf; do
  command -v "$tool" >/dev/null || { echo "bench-new-connections: needs $tool" >&2; exit 2; }
done
[[ -f $here/mtserver-app/target/mtserver.jar ]] || (cd "$here" && mvn -B -q -DskipTests package)

work=$(mktemp -d /tmp/mtserver-bench-conn.XXXXXX)
chmod 755 "$work" # nginx workers run as an unprivileged user and must read the root
mkdir -p "$work/root"
head -c 1024 /dev/urandom | base64 -w 64 | head -c 1024 >"$work/root/small.css"
start_nginx_and_mtserver "$work" "$nginx_port" "$mt_port"
for port in "$nginx_port" "$mt_port"; do
  for _ in $(seq 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/small.css" && break
    sleep 0.1
  done
done
nginx_master=$(cat "$work/nginx.pid")
nginx_tree="$nginx_master,$(pgrep -d, -P "$nginx_master")"
mt_pid=$(pgrep -f -- "--port $mt_port --root $work/root" | while read -r p; do
  [[ $(cat "/proc/$p/comm") == java ]] && echo "$p"; done | head -1)
[[ -n $mt_pid ]] || { echo "bench-new-connections: MTServer did not start; see $work/mtserver.log" >&2; exit 1; }

echo "warming up: $warm requests each (the JIT compiles MTServer's path)" >&2
for port in "$nginx_port" "$mt_port"; do
  ab -q -n "$warm" -c "$c" "http://127.0.0.1:$port/small.css" >/dev/null 2>&1
done

# one_round NAME PORT PIDS [perf options]: prints a line; leaves perf's output in $work/perf.txt
one_round() {
  local name=$1 port=$2 tree=$3
  shift 3
  perf stat "$@" -x, -e task-clock,context-switches -p "$tree" -o "$work/perf.txt" -- \
    /usr/bin/time -f '%U %S' -o "$work/time.txt" \
    ab -q -n "$n" -c "$c" "http://127.0.0.1:$port/small.css" >"$work/ab.txt" 2>&1
  awk -v name="$name" -v n="$n" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    -v abcpu="$(awk '{print ($1 + $2) * 1e6}' "$work/time.txt")" \
    -v rps="$(awk '/Requests per second/ {print $4}' "$work/ab.txt")" \
    -v failed="$(awk '/Failed requests/ {print $3}' "$work/ab.txt")" -F, '
      $4 == "task-clock" || $3 == "task-clock" { cpu += ($4 == "task-clock" ? $2 : $1) }
      $4 == "context-switches" || $3 == "context-switches" { cs += ($4 == "context-switches" ? $2 : $1) }
      END { printf "%-8s %9.0f req/s  failed %s  server %5.1f us/conn  %4.2f switches/conn  ab %5.1f us/conn  load %s\n",
              name, rps, failed, cpu * 1000 / n, cs / n, abcpu / n, load }' "$work/perf.txt"
}

for round in $(seq "$rounds"); do
  echo "round $round"
  one_round nginx "$nginx_port" "$nginx_tree"
  one_round mtserver "$mt_port" "$mt_pid"
done

echo "MTServer by thread, one more round of $n (CPU and context switches per connection):"
one_round mtserver "$mt_port" "$mt_pid" --per-thread >/dev/null
awk -F, -v n="$n" '
  $4 == "task-clock" && $2 + 0 > 0 { t = $1; sub(/-[0-9]+$/, "", t); cpu[t] += $2 }
  $4 == "context-switches" && $2 + 0 > 0 { t = $1; sub(/-[0-9]+$/, "", t); cs[t] += $2 }
  END { for (t in cpu) if (cpu[t] * 1000 / n >= 0.3)
          printf "  %-24s %5.1f us/conn  %5.3f switches/conn\n", t, cpu[t] * 1000 / n, cs[t] / n }' \
  "$work/perf.txt" | sort -k2 -rn
