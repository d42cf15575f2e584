#!/usr/bin/env bash
# One file uploaded twice to the real jar at -Xmx64m, in one run: once as a single multipart
# request (curl), once by tus in 16 MiB chunks (tus-js-client under Node, as NodeTusClientIT runs
# it). Issue 20's throughput check; docs/benchmarks.md, "Resumable (tus) upload throughput".
#
#   scripts/bench-uploads.sh                 (SIZE=1G: the figure docs/benchmarks.md reports)
#   SIZE=64M scripts/bench-uploads.sh        (a quick check that the script works)
#
# Each path gets a fresh server (java -Xmx64m -jar mtserver.jar --access-log off), so the peak
# RSS printed (VmHWM from /proc/PID/status when the upload is done) is that path's alone. Time is
# the client's wall time from the first byte to the answer that the file is stored; MB/s is
# SIZE / time in 10^6 bytes per second. Both paths fsync what they acknowledge, so the figures are
# bounded by the disk under WORK (default: a fresh directory under /tmp, removed unless KEEP=1).
#
# Needs: mvn -B -q -DskipTests package (the jar, and target/npm/tus-js-client-*.tgz, which the
# build fetched), curl, node and npm, sha256sum. JAVA selects the java binary (21+).
# CHUNK sets the tus chunk size in bytes (default 16 MiB).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

size=${SIZE:-1G}
chunk=${CHUNK:-$((16 << 20))}
if [[ -z ${JAVA:-} && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
java=${JAVA:-java}
jar=$root/mtserver-app/target/mtserver.jar
tarball=$(ls "$root"/mtserver-app/target/npm/tus-js-client-*.tgz 2>/dev/null | head -1 || true)
script=$root/mtserver-app/src/test/resources/dev/mtserver/app/resumable/tus-upload.js
[[ -f $jar && -n $tarball ]] || {
  echo "build first: mvn -B -q -DskipTests package (no $jar or target/npm tarball)" >&2
  exit 1
}
for tool in curl node npm sha256sum; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done

bytes=$(numfmt --from=iec "$size")
work=${WORK:-$(mktemp -d /tmp/mtserver-bench-uploads.XXXXXX)}
mkdir -p "$work"
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  [[ ${KEEP:-0} == 1 || -n ${WORK:-} ]] || rm -rf "$work"
}
trap cleanup EXIT

payload=$work/payload.bin
echo "making a $size payload ($bytes bytes) of random bytes..."
head -c "$bytes" /dev/urandom > "$payload"
expected=$(sha256sum "$payload" | cut -d' ' -f1)

echo "installing tus-js-client from $(basename "$tarball")..."
mkdir -p "$work/client"
(cd "$work/client" && npm install --prefer-offline --no-audit --no-fund --ignore-scripts \
  --silent "$tarball" > /dev/null)
cp "$script" "$work/client/tus-upload.js"

# Starts a fresh server in $work/$1; sets server (its pid) and url.
start_server() {
  local dir=$work/$1
  mkdir -p "$dir"
  "$java" -Xmx64m -jar "$jar" --port 0 --root "$dir/public" --data "$dir/data" \
    --access-log off --max-upload-size "$((bytes + (1 << 20)))" > "$dir/server.out" 2>&1 &
  server=$!
  for _ in $(seq 200); do grep -q 'listening on' "$dir/server.out" && break; sleep 0.1; done
  url=$(grep -o 'http://[^ ]*' "$dir/server.out" | head -1)
  [[ -n $url ]] || { echo "the server did not start:" >&2; cat "$dir/server.out" >&2; exit 1; }
}

# Sets rss to the server's VmHWM (peak resident set) in MiB, then stops it and waits for it.
stop_server() {
  local hwm_kib
  hwm_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$server/status")
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
  rss=$((hwm_kib / 1024))
}

# Prints one result line: path, seconds, MB/s, peak RSS, byte-exact.
report() {
  local path=$1 seconds=$2 rss=$3 stored=$4 same=NO
  [[ -f $stored && $(sha256sum "$stored" | cut -d' ' -f1) == "$expected" ]] && same=yes
  printf '%-24s %8.2f s %8.1f MB/s %6s MiB peak RSS   byte-exact: %s\n' "$path" "$seconds" \
    "$(echo "$bytes / $seconds / 1000000" | bc -l)" "$rss" "$same"
}

cat "$payload" > /dev/null # into the page cache: the clients read from memory
results=()

start_server multipart
start=$(date +%s.%N)
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Expect:' \
  -F "file=@$payload;filename=upload.bin" "${url}upload")
end=$(date +%s.%N)
stop_server
[[ $code == 201 ]] || echo "multipart answered HTTP $code" >&2
results+=("$(report "multipart, one request" "$(echo "$end - $start" | bc -l)" "$rss" \
  "$work/multipart/public/downloads/upload.bin")")

start_server tus
start=$(date +%s.%N)
(cd "$work/client" && node tus-upload.js "${url}files/" "$payload" "$chunk" 0) \
  > "$work/tus/client.out" 2>&1 || true
end=$(date +%s.%N)
stop_server
grep -q '^done$' "$work/tus/client.out" || { echo "tus client failed:" >&2; tail -3 "$work/tus/client.out" >&2; }
results+=("$(report "tus, $((chunk >> 20)) MiB chunks" "$(echo "$end - $start" | bc -l)" "$rss" \
  "$work/tus/public/downloads/node upload.bin")")

echo
echo "$size payload, server java -Xmx64m --access-log off ($("$java" -version 2>&1 | head -1))"
printf '%s\n' "${results[@]}"
echo "(work directory: $work$([[ ${KEEP:-0} == 1 || -n ${WORK:-} ]] || echo ', removed'))"
