#!/usr/bin/env bash
# Slow-client attacks on the real server over loopback, with Debian's slowhttptest, in its three
# modes: slow headers (-H, slowloris), slow body (-B, R-U-Dead-Yet) and slow read (-X). While each
# attack runs, a prober asks for / once a second (curl, 3 s limit) and counts the misses.
#
#   scripts/slowhttptest.sh [SECONDS_PER_MODE]          (default 30)
#
# Environment: CONNECTIONS attack connections per mode (default 500; the server's
# --max-connections is 1024 by default), SERVER_FLAGS extra server flags (say "--threads virtual
# --max-connections 10000"), WORK the work directory (default a fresh one under /tmp).
# The server runs with its default timeouts (head 10 s, body 30 s, write 30 s) unless
# SERVER_FLAGS says otherwise. Prints one line per mode and exits 1 if the prober missed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/server.sh

seconds=${1:-30}
connections=${CONNECTIONS:-500}
command -v slowhttptest >/dev/null || { echo "needs slowhttptest (apt-get install slowhttptest)" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }
ensure_jar
work=${WORK:-$(mktemp -d /tmp/mtserver-slowhttptest.XXXXXX)}
mkdir -p "$work"

# shellcheck disable=SC2086
start_server "$work" ${SERVER_FLAGS:-} # creates WORK/public with the starter site
head -c $((4 << 20)) /dev/urandom > "$work/public/big.bin" # something worth reading slowly
trap 'stop_server; [[ -n ${prober:-} ]] && kill "$prober" 2>/dev/null; true' EXIT
echo "server pid $SERVER_PID at $SERVER_URL; $connections connections per mode, $seconds s each; work: $work"
read -r rss heap fds threads < <(resources "$SERVER_PID")
echo "at start: RSS ${rss} MiB, heap ${heap} MiB, ${fds} fds, ${threads} threads"

# probe FILE: GET / once a second until killed; one line per probe: "ok|MISS code seconds",
# then the server's "rss_mib heap_mib fds threads" at that moment.
probe() {
  while true; do
    local started result
    started=$(date +%s.%N)
    result=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 3 "$SERVER_URL" || true)
    if [[ ${result%% *} == 200 ]]; then echo -n "ok $result "; else echo -n "MISS ${result:-000 3} "; fi
    resources "$SERVER_PID"
    sleep "$(echo "1 - ($(date +%s.%N) - $started)" | bc -l | awk '{ print ($1 > 0) ? $1 : 0 }')"
  done >> "$1"
}

failed=0
for mode in H B X; do
  case $mode in
    H) name="slow headers (slowloris)"; args=(-H -i 10 -u "$SERVER_URL") ;;
    B) name="slow body (R-U-Dead-Yet)"; args=(-B -i 10 -s 8192 -u "${SERVER_URL}form.html") ;;
    X) name="slow read";                args=(-X -k 4 -n 1 -w 1 -y 512 -z 32 -u "${SERVER_URL}big.bin") ;;
  esac
  probes=$work/probes-$mode.txt
  : > "$probes"
  probe "$probes" &
  prober=$!
  slowhttptest "${args[@]}" -c "$connections" -r 250 -l "$seconds" -p 3 2>&1 \
    | sed 's/\x1b\[[0-9;]*[a-zA-Z]//g' > "$work/slowhttptest-$mode.txt" || true
  kill "$prober" 2>/dev/null || true
  wait "$prober" 2>/dev/null || true
  prober=
  total=$(wc -l < "$probes")
  misses=$(grep -c '^MISS' "$probes" || true)
  worst=$(awk '{ print $3 }' "$probes" | sort -n | tail -1)
  fds=$(awk '{ print $6 }' "$probes" | sort -n | tail -1)      # the most during the attack
  threads=$(awk '{ print $7 }' "$probes" | sort -n | tail -1)
  rss=$(awk '{ print $4 }' "$probes" | sort -n | tail -1)
  # slowhttptest's own view: the most connections it held open, and whether its probe ever failed
  peak=$(grep -o 'connected: *[0-9]*' "$work/slowhttptest-$mode.txt" | grep -o '[0-9]*$' | sort -n | tail -1)
  unavailable=$(grep -c 'service available: *NO' "$work/slowhttptest-$mode.txt" || true)
  ended=$(sed -n 's/^Test ended on \([0-9]*\).*/\1 s/p' "$work/slowhttptest-$mode.txt" | tail -1)
  why=$(sed -n 's/^Exit status: *//p' "$work/slowhttptest-$mode.txt" | tail -1)
  printf '%-26s attack held up to %4s connections; prober: %2d/%2d answered, %d missed, slowest %.3f s; ' \
    "$name:" "${peak:-?}" $((total - misses)) "$total" "$misses" "${worst:-0}"
  printf 'slowhttptest saw the service unavailable %d times, ended after %s (%s); ' \
    "$unavailable" "${ended:-?}" "${why:-?}"
  printf 'server peak RSS %s MiB, %s fds, %s threads\n' "$rss" "$fds" "$threads"
  (( misses == 0 && unavailable == 0 )) || failed=1
  sleep 2
done

read -r rss heap fds threads < <(resources "$SERVER_PID")
echo "at end: RSS ${rss} MiB, heap ${heap} MiB, ${fds} fds, ${threads} threads"
if (( failed )); then echo "RESULT: service was NOT available throughout"; exit 1; fi
echo "RESULT: service stayed available in all three modes"
