#!/usr/bin/env bash
# Upload throughput of one large multipart upload over loopback, with the server's heap capped.
#
#   scripts/upload-throughput.sh [SIZE_MIB] [RUNS]      (defaults: 1024 MiB, 3 runs)
#
# Starts mtserver-app/target/mtserver.jar with -Xmx64m and GC logging, POSTs a SIZE_MIB file of
# random bytes to /upload with curl (multipart/form-data, Content-Length known), RUNS times, and
# prints curl's upload speed, the wall time, whether the stored file's SHA-256 matches, and the
# largest heap occupancy the GC log saw (it stays flat: the body is never held in memory).
# Uploads land in the work directory (WORK, default a fresh directory under /tmp): the numbers
# include the fsync of every file, so they are bounded by that disk's write speed.
# JAVA selects the java binary (21+); default: java on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

size_mib=${1:-1024}
runs=${2:-3}
java=${JAVA:-java}
jar=mtserver-app/target/mtserver.jar
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }

work=${WORK:-$(mktemp -d /tmp/mtserver-upload-bench.XXXXXX)}
mkdir -p "$work"
payload=$work/payload.bin
if [[ ! -f $payload || $(stat -c %s "$payload") -ne $((size_mib * 1024 * 1024)) ]]; then
  echo "making a ${size_mib} MiB payload..."
  head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$payload"
fi
expected=$(sha256sum "$payload" | cut -d' ' -f1)
cat "$payload" > /dev/null # into the page cache, so the client side reads from memory

"$java" -Xmx64m -Xlog:gc:file="$work/gc.log" -jar "$jar" --port 0 --root "$work/public" \
  --data "$work/data" --max-upload-size "$((size_mib + 16))m" > "$work/server.out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$work/server.out" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/server.out")

echo "server pid $server at $url, heap -Xmx64m, payload ${size_mib} MiB, $runs run(s)"
for run in $(seq "$runs"); do
  rm -f "$work/public/downloads/"*
  start=$(date +%s.%N)
  result=$(curl -s -o /dev/null -w '%{http_code} %{speed_upload}' -H 'Expect:' \
    -F "file=@$payload;filename=upload.bin" "${url}upload")
  end=$(date +%s.%N)
  code=${result% *}
  speed=${result#* }
  stored=$(sha256sum "$work/public/downloads/upload.bin" | cut -d' ' -f1)
  [[ $stored == "$expected" ]] && same=yes || same=NO
  printf 'run %d: HTTP %s, %.0f MB/s (curl), %.2f s wall, SHA-256 matches: %s\n' \
    "$run" "$code" "$(echo "$speed / 1000000" | bc -l)" "$(echo "$end - $start" | bc -l)" "$same"
done

# GC lines look like "... Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(64M) 2.345ms".
peak=$(grep -o '[0-9]*M->[0-9]*M' "$work/gc.log" | cut -d'M' -f1 | sort -n | tail -1)
gcs=$(grep -c 'Pause' "$work/gc.log" || true)
echo "heap: largest occupancy before a GC ${peak:-?} MiB of 64 MiB, ${gcs} GC pauses in total"
echo "(work directory: $work)"
