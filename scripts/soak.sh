#!/usr/bin/env bash
# Soak test: mixed traffic against the real server for a while, then a report.
#
#   SOAK_SECONDS=300 scripts/soak.sh          (default 300 s)
#
# Traffic, all at once for SOAK_SECONDS:
#   - wrk (WRK_CONNECTIONS, default 16) on static files of 1 KiB to 8 MiB, every fifth request a
#     random single range of the 8 MiB file (scripts/lib/soak-mix.lua);
#   - UPLOADERS (default 2) curl loops uploading 1 MiB multipart files, each stored file checked
#     byte for byte (SHA-256), downloaded again and compared, then deleted;
#   - POSTERS (default 2) curl loops posting urlencoded forms; at the end submissions.jsonl must
#     hold exactly one line per acknowledged post;
#   - one curl loop asking for random ranges of the 8 MiB file and comparing them with the file.
# Report: requests, errors (must be 0), latency percentiles, and the server's RSS, heap, file
# descriptors and threads at start, when the traffic stops, and after 20 s of quiet; and the live
# heap after a full GC (jcmd GC.run) at start and end, the figure that would show a leak. Exits 1 on
# any error. Environment: SERVER_FLAGS extra server flags, WORK the work directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/server.sh

seconds=${SOAK_SECONDS:-300}
uploaders=${UPLOADERS:-2}
posters=${POSTERS:-2}
wrk_connections=${WRK_CONNECTIONS:-16}
for tool in wrk curl sha256sum; do
  command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
ensure_jar
work=${WORK:-$(mktemp -d /tmp/mtserver-soak.XXXXXX)}
mkdir -p "$work"
# shellcheck disable=SC2086
start_server "$work" ${SERVER_FLAGS:-}
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; stop_server' EXIT

site=$work/public/soak
mkdir -p "$site" "$work/tally"
head -c 1024 /dev/urandom | base64 | head -c 1024 > "$site/small.txt"
head -c $((64 << 10)) /dev/urandom > "$site/medium.bin"
head -c $((8 << 20)) /dev/urandom > "$site/large.bin"
head -c $((1 << 20)) /dev/urandom > "$work/payload.bin"
payload_sha=$(sha256sum < "$work/payload.bin" | cut -d' ' -f1)
until=$(( $(date +%s) + seconds ))

echo "MTServer soak: ${seconds} s, pid $SERVER_PID at $SERVER_URL, work $work"
live0=$(live_heap "$SERVER_PID") # first: attaching jcmd opens one more descriptor for good
read -r rss0 heap0 fds0 threads0 < <(resources "$SERVER_PID")

# tally NAME ok|err [why]: one line per outcome in WORK/tally/NAME
tally() { echo "$2 ${3:-}" >> "$work/tally/$1"; }

upload_loop() {
  local id=$1 n=0 code name
  while (( $(date +%s) < until )); do
    n=$((n + 1)); name="soak-$id-$n.bin"
    code=$(curl -s -o "$work/tally/upload-$id.json" -w '%{http_code}' -H 'Accept: application/json' \
      -F "file=@$work/payload.bin;filename=$name" "${SERVER_URL}upload" || echo 000)
    if [[ $code != 201 ]]; then tally uploads err "HTTP $code"; continue; fi
    if [[ $(sha256sum < "$work/public/downloads/$name" | cut -d' ' -f1) != "$payload_sha" ]]; then
      tally uploads err "stored $name differs"; continue
    fi
    if [[ $(curl -s "${SERVER_URL}downloads/$name" | sha256sum | cut -d' ' -f1) != "$payload_sha" ]]; then
      tally uploads err "served $name differs"; continue
    fi
    rm -f "$work/public/downloads/$name"
    tally uploads ok
  done
}

post_loop() {
  local id=$1 n=0 code
  while (( $(date +%s) < until )); do
    n=$((n + 1))
    code=$(curl -s -o /dev/null -w '%{http_code}' --data-urlencode "id=soak-$id-$n" \
      --data-urlencode "note=café & more $(head -c $((n % 300)) /dev/zero | tr '\0' x)" \
      "${SERVER_URL}form.html" || echo 000)
    if [[ $code == 200 ]]; then tally posts ok; else tally posts err "HTTP $code"; fi
  done
}

range_loop() {
  local size=$((8 << 20)) first last
  while (( $(date +%s) < until )); do
    first=$(( (RANDOM * 32768 + RANDOM) % (size - 100000) )); last=$(( first + RANDOM ))
    if cmp -s <(curl -s -r "$first-$last" "${SERVER_URL}soak/large.bin") \
        <(tail -c +$((first + 1)) "$site/large.bin" | head -c $((last - first + 1))); then
      tally ranges ok
    else
      tally ranges err "bytes $first-$last differ"
    fi
  done
}

for i in $(seq "$uploaders"); do upload_loop "$i" & pids+=($!); done
for i in $(seq "$posters"); do post_loop "$i" & pids+=($!); done
range_loop & pids+=($!)
SOAK_LARGE_BYTES=$((8 << 20)) wrk -t2 -c"$wrk_connections" -d"${seconds}s" --timeout 5s --latency \
  -s scripts/lib/soak-mix.lua "$SERVER_URL" > "$work/wrk.txt" 2>&1 || true
for p in "${pids[@]}"; do wait "$p" || true; done
pids=()
read -r rss1 heap1 fds1 threads1 < <(resources "$SERVER_PID")
sleep 20 # longer than the idle timeout: kept-alive connections close
read -r rss2 heap2 fds2 threads2 < <(resources "$SERVER_PID")
live2=$(live_heap "$SERVER_PID")

count() { if [[ -f $work/tally/$1 ]]; then grep -c "^$2" "$work/tally/$1" || true; else echo 0; fi; }
wrk_requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
wrk_rate=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt")
wrk_socket_errors=$(awk '/Socket errors/ { gsub(",", ""); s = 0; for (i = 3; i <= NF; i += 2) s += $(i + 1); print s }' "$work/wrk.txt")
wrk_non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk.txt")
wrk_unexpected=$(awk '/unexpected statuses/ { print $3 }' "$work/wrk.txt")
p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt"); p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")
uploads_ok=$(count uploads ok); uploads_err=$(count uploads err)
posts_ok=$(count posts ok); posts_err=$(count posts err)
ranges_ok=$(count ranges ok); ranges_err=$(count ranges err)
log_lines=$(wc -l < "$work/data/submissions.jsonl")
log_err=$(( log_lines == posts_ok ? 0 : 1 ))
errors=$(( ${wrk_socket_errors:-0} + ${wrk_non2xx:-0} + ${wrk_unexpected:-0} + uploads_err + posts_err + ranges_err + log_err ))

echo
echo "== MTServer soak report: ${seconds} s =="
printf 'wrk, static + ranges  %10s requests (%s/s), latency p50 %s, p99 %s; socket errors %s, non-2xx %s\n' \
  "$wrk_requests" "$wrk_rate" "$p50" "$p99" "${wrk_socket_errors:-0}" "${wrk_non2xx:-0}"
printf 'uploads (1 MiB, verified) %6d ok, %d errors\n' "$uploads_ok" "$uploads_err"
printf 'form posts                %6d ok, %d errors; submissions.jsonl has %d lines (one per post: %s)\n' \
  "$posts_ok" "$posts_err" "$log_lines" "$([[ $log_err == 0 ]] && echo yes || echo NO)"
printf 'range checks (curl -r)    %6d ok, %d errors\n' "$ranges_ok" "$ranges_err"
printf 'requests in all           %6d\n' $(( ${wrk_requests:-0} + 2 * uploads_ok + posts_ok + ranges_ok ))
printf 'ERRORS                    %6d\n' "$errors"
printf '%-22s %9s %9s %6s %8s\n' "server" "RSS MiB" "heap MiB" "fds" "threads"
printf '%-22s %9s %9s %6s %8s\n' "at start" "$rss0" "$heap0" "$fds0" "$threads0"
printf '%-22s %9s %9s %6s %8s\n' "when traffic stopped" "$rss1" "$heap1" "$fds1" "$threads1"
printf '%-22s %9s %9s %6s %8s\n' "after 20 s of quiet" "$rss2" "$heap2" "$fds2" "$threads2"
printf 'live heap after a full GC: %s MiB at start, %s MiB at the end\n' "$live0" "$live2"
[[ -s $work/tally/uploads ]] && grep '^err' "$work/tally/"* | sort | uniq -c | head -5 || true
(( errors == 0 ))
