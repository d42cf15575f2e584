#!/usr/bin/env bash
# Issue 15's performance figures for the object store, in one run (docs/benchmarks.md, "The object
# store and the database"). Run it on a quiet machine; it prints the rows of that table.
#
#   scripts/bench-object-store.sh
#   SIZE=32M DURATION=3 scripts/bench-object-store.sh      (a quick check of the script itself)
#
# Starts S3Proxy standalone (filesystem-nio2 below the work directory, authorization off so that
# wrk can read objects directly), from the Maven repository as scripts/cluster-demo.sh does, then:
#   (a) uploads SIZE (default 1G) of random bytes with curl through mtserver-app/target/mtserver.jar
#       started at -Xmx64m, once into --uploads s3://BUCKET/up/ (a site here, its uploads in the
#       bucket: the mixed layout of ADR 0042) and once into a local --uploads directory, the same
#       payload in the same run; prints MB/s (curl), whether the stored bytes match (SHA-256), the
#       server's peak RSS (VmHWM) and the heap: the largest occupancy the GC log saw before and
#       after a collection (flat = bounded far below the 64 MiB, whatever SIZE is);
#   (b) runs wrk for DURATION seconds (default 10) on a 1 KiB and a 1 MiB object, through MTServer
#       (--root s3://BUCKET/www/) and directly from S3Proxy, and prints requests/s and the ratio.
#       MTServer has no switch for its metadata cache (2 s, ADR 0033): docs/benchmarks.md says what
#       it saves, from the code, instead of a measured "cache off" row;
#   (c) runs wrk with a POST script for DURATION seconds against a form page, with submissions in
#       DATA/submissions.jsonl and then in a throw-away PostgreSQL (initdb/pg_ctl as in
#       scripts/cluster-demo.sh; skipped without PostgreSQL, or with FORMS=0): req/s, p50, p99.
# Environment: PARTS (which of a, b, c to run: default abc; PARTS=b for the GETs only),
# SIZE (a curl/dd size: 1G, 32M), DURATION (s), THREADS/CONNECTIONS (wrk: 2/32),
# JAVA (21+; default temurin 25 if present, else java), WORK (kept when given), MVN_OFFLINE=
# (empty lets Maven download S3Proxy if the repository lacks it).
# Needs: a built jar (mvn -B -q -DskipTests package), curl, wrk, sha256sum.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

parts=${PARTS:-abc}
size=${SIZE:-1G}
duration=${DURATION:-10}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
if [[ -n ${JAVA:-} ]]; then
  java=$JAVA
elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else
  java=java
fi
jar=mtserver-app/target/mtserver.jar
bucket=bench
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
for tool in curl wrk sha256sum; do
  command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 1; }
done

work=${WORK:-$(mktemp -d /tmp/mtserver-bench-s3.XXXXXX)}
mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n ${WORK:-} ]] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_for() { # URL
  for _ in $(seq 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "no answer from $1" >&2
  return 1
}
peak_rss_mib() { # PID
  awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}
# GC lines look like "... Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(64M) 2.345ms".
heap_summary() { # GC_LOG
  local before after pauses
  before=$(grep -o '[0-9]*M->[0-9]*M' "$1" | cut -d'M' -f1 | sort -n | tail -1)
  after=$(grep -o '[0-9]*M->[0-9]*M' "$1" | sed 's/.*->//; s/M//' | sort -n | tail -1)
  pauses=$(grep -c 'Pause' "$1" || true)
  echo "heap: at most ${before:-?} MiB before a GC, ${after:-?} MiB after, ${pauses} pauses (-Xmx64m)"
}
start_mtserver() { # NAME JAVA_OPTS... -- MTSERVER_ARGS...
  local name=$1
  shift
  local opts=()
  while [[ $1 != -- ]]; do
    opts+=("$1")
    shift
  done
  shift
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret \
    "$java" "${opts[@]}" -jar "$jar" --port 0 --data "$work/data-$name" --access-log off \
    --s3-endpoint "$endpoint" "$@" > "$work/mtserver-$name.out" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 300); do grep -q 'http://' "$work/mtserver-$name.out" && break; sleep 0.1; done
  server_url=$(grep -o 'http://[^ ]*' "$work/mtserver-$name.out" | head -1)
  [[ -n $server_url ]] || { cat "$work/mtserver-$name.out" >&2; exit 1; }
}
stop_mtserver() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}

# --- S3Proxy ---------------------------------------------------------------------------------
s3_port=$(free_port)
endpoint=http://127.0.0.1:$s3_port
mkdir -p "$work/s3"
cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=$endpoint
s3proxy.authorization=none
jclouds.provider=filesystem-nio2
jclouds.identity=bench
jclouds.credential=bench
jclouds.filesystem.basedir=$work/s3
PROPS
mvn -B -q ${MVN_OFFLINE--o} -f scripts/cluster/s3proxy-pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$work/s3proxy.classpath" > /dev/null
"$java" -cp "$(cat "$work/s3proxy.classpath")" org.gaul.s3proxy.Main \
  --properties "$work/s3proxy.properties" > "$work/s3proxy.log" 2>&1 &
pids+=($!)
wait_for "$endpoint/"
curl -fsS -X PUT "$endpoint/$bucket" -o /dev/null
s3_put() { curl -fsS -X PUT --upload-file "$2" "$endpoint/$bucket/$1" -o /dev/null; } # KEY FILE
echo "S3Proxy $endpoint (filesystem-nio2 in $work/s3, authorization off), java: $java"

mkdir -p "$work/site"
echo '<!doctype html><title>bench</title>' > "$work/site/index.html"

# --- (a) a large upload at -Xmx64m: into the bucket, then into a directory ----------------------
if [[ $parts == *a* ]]; then
payload=$work/payload.bin
echo "making a $size payload..."
head -c "$size" /dev/urandom > "$payload"
bytes=$(stat -c %s "$payload")
expected=$(sha256sum "$payload" | cut -d' ' -f1)
cat "$payload" > /dev/null # into the page cache: the client side reads from memory
max_upload=$((bytes / 1048576 + 16))m

upload_run() { # NAME -- MTSERVER_ARGS...
  local name=$1
  shift 2
  start_mtserver "$name" -Xmx64m -Xlog:gc:file="$work/gc-$name.log" -- \
    --root "$work/site" --max-upload-size "$max_upload" "$@"
  local result code speed stored same
  result=$(curl -s -o /dev/null -w '%{http_code} %{speed_upload} %{time_total}' -H 'Expect:' \
    -F "file=@$payload;filename=big.bin" "${server_url}upload")
  code=${result%% *}
  speed=$(echo "$result" | cut -d' ' -f2)
  stored=$(curl -s "${server_url}downloads/big.bin" | sha256sum | cut -d' ' -f1)
  [[ $stored == "$expected" ]] && same=yes || same=NO
  printf '%-28s HTTP %s, %.0f MB/s (curl), %.1f s, SHA-256 via /downloads/ matches: %s\n' \
    "upload $size into $name:" "$code" "$(echo "$speed / 1000000" | bc -l)" \
    "$(echo "$result" | cut -d' ' -f3)" "$same"
  printf '%-28s peak RSS %s MiB; %s\n' "" "$(peak_rss_mib "$server_pid")" \
    "$(heap_summary "$work/gc-$name.log")"
  stop_mtserver
}
upload_run bucket -- --uploads "s3://$bucket/up/"
upload_run directory -- # ROOT/downloads/, served at /downloads/
rm -f "$payload"
fi

# --- (b) GETs of small and large objects: through MTServer and straight from S3Proxy ------------
if [[ $parts == *b* ]]; then
head -c 1024 /dev/urandom > "$work/1k.bin"
head -c 1048576 /dev/urandom > "$work/1m.bin"
s3_put www/index.html "$work/site/index.html"
s3_put www/1k.bin "$work/1k.bin"
s3_put www/1m.bin "$work/1m.bin"
start_mtserver get -- --root "s3://$bucket/www/"
rps() { # URL
  wrk -t"$threads" -c"$connections" -d"${duration}s" "$1" | awk '/Requests\/sec/ { print $2 }'
}
for object in 1k.bin 1m.bin; do
  curl -fsS -o /dev/null "${server_url}$object" # the metadata cache and the connections
  # and the JIT: 5 s of the same load first, so the measured seconds run compiled code on both sides
  wrk -t"$threads" -c"$connections" -d5s "${server_url}$object" >/dev/null
  wrk -t"$threads" -c"$connections" -d5s "$endpoint/$bucket/www/$object" >/dev/null
  through=$(rps "${server_url}$object")
  direct=$(rps "$endpoint/$bucket/www/$object")
  printf 'wrk %ss GET %-7s MTServer %10s req/s   S3Proxy %10s req/s   ratio %.2fx\n' \
    "$duration" "$object" "$through" "$direct" "$(echo "$through / $direct" | bc -l)"
done
printf 'MTServer peak RSS while serving: %s MiB\n' "$(peak_rss_mib "$server_pid")"
stop_mtserver
fi

# --- (c) form posts: submissions.jsonl against PostgreSQL (skipped without PostgreSQL) ---------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ $parts != *c* ]]; then
  echo "(logs: $work${WORK:+, kept})"
  exit 0
fi
if [[ -z $pg_bin || ${FORMS:-1} == 0 ]]; then
  echo "form posts: skipped (no PostgreSQL under /usr/lib/postgresql, or FORMS=0)"
  echo "(logs: $work${WORK:+, kept})"
  exit 0
fi
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_port=$(free_port)
mkdir -p "$work/pg-home"
echo bench-password > "$work/pg-home/password"
if [[ $(id -u) -eq 0 ]]; then
  # mktemp made the work directory 0700: the postgres user must at least pass through it
  chmod o+x "$work"
  chown -R postgres "$work/pg-home"
fi
as_postgres "$pg_bin/initdb" -D "$work/pg-home/data" -U mtserver \
  --pwfile="$work/pg-home/password" --auth=scram-sha-256 > /dev/null
as_postgres "$pg_bin/pg_ctl" -D "$work/pg-home/data" -l "$work/pg-home/log" -w \
  -o "-p $pg_port -k $work/pg-home -c listen_addresses=127.0.0.1" start > /dev/null
stop_postgres() {
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg-home/data" -m fast stop > /dev/null 2>&1 || true
}
trap 'stop_postgres; cleanup' EXIT
echo '<!doctype html><title>form</title><form method=post><input name=n></form>' \
  > "$work/site/form.html"
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "n=bench&message=a+form+post+of+a+few+dozen+bytes"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
form_run() { # NAME MTSERVER_ARGS...
  local name=$1
  shift
  start_mtserver "form-$name" -- --root "$work/site" "$@"
  curl -fsS -o /dev/null -d n=warm "${server_url}form.html"
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" \
    "${server_url}form.html" > "$work/wrk-form-$name.txt"
  printf 'form posts into %-18s %10s req/s   p50 %8s   p99 %8s\n' "$name:" \
    "$(awk '/Requests\/sec/ { print $2 }' "$work/wrk-form-$name.txt")" \
    "$(awk '$1 == "50%" { print $2 }' "$work/wrk-form-$name.txt")" \
    "$(awk '$1 == "99%" { print $2 }' "$work/wrk-form-$name.txt")"
  stop_mtserver
}
form_run submissions.jsonl
export MTSERVER_DB_PASSWORD=bench-password
form_run postgresql \
  --submissions "jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=mtserver"
echo "(logs: $work${WORK:+, kept})"
