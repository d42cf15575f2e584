#!/usr/bin/env bash
# One site on two MTServer instances behind HAProxy, sharing a bucket and a database: the
# "several instances" setup of docs/operations.md, on this machine, in one command.
#
#   scripts/cluster-demo.sh            (Ctrl-C stops everything and removes the work directory)
#
# Starts, in a fresh work directory (WORK, default under /tmp):
#   - PostgreSQL: a throw-away cluster (initdb/pg_ctl of /usr/lib/postgresql/N, Debian's
#     postgresql package), run as the postgres user through runuser when this runs as root;
#   - an S3-compatible object store: the one at S3_ENDPOINT if set (MinIO, Garage, ...; with
#     AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and an existing BUCKET), else S3Proxy on its
#     filesystem backend, run from the Maven repository (the version the tests use);
#   - two instances of mtserver-app/target/mtserver.jar on ports 8081 and 8082, with
#     --root s3://BUCKET/www/ --submissions jdbc:postgresql://...;
#   - HAProxy on LB_PORT (default 8080) with scripts/cluster/haproxy.cfg.
# Then try: an upload at http://127.0.0.1:8080/upload.html, and
#   curl -s http://127.0.0.1:8081/healthz; curl -s http://127.0.0.1:8082/downloads/NAME
# Needs: a built jar (mvn -B -q -DskipTests package), java 21+ (JAVA), haproxy, curl, postgresql.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

java=${JAVA:-java}
jar=mtserver-app/target/mtserver.jar
lb_port=${LB_PORT:-8080}
bucket=${BUCKET:-mtserver-demo}
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
for tool in haproxy curl; do
  command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n $pg_bin ]] || { echo "needs PostgreSQL (apt-get install postgresql)" >&2; exit 1; }

work=${WORK:-$(mktemp -d /tmp/mtserver-cluster.XXXXXX)}
mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  [[ -n ${WORK:-} ]] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_for() { # URL
  for _ in $(seq 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "no answer from $1" >&2; return 1
}

# --- the database ---------------------------------------------------------------------------
pg_port=$(free_port)
db_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
if [[ $(id -u) -eq 0 ]]; then chown postgres "$work"; fi
echo "$db_password" > "$work/pg-password"
chmod 600 "$work/pg-password"
if [[ $(id -u) -eq 0 ]]; then chown postgres "$work/pg-password"; fi
as_postgres "$pg_bin/initdb" -D "$work/pg" -U mtserver --pwfile="$work/pg-password" \
  --auth=scram-sha-256 >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
jdbc="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=mtserver"
echo "database   postgresql://127.0.0.1:$pg_port/postgres as mtserver"

# --- the object store -----------------------------------------------------------------------
if [[ -n ${S3_ENDPOINT:-} ]]; then
  endpoint=$S3_ENDPOINT
  : "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID for S3_ENDPOINT}"
  : "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY for S3_ENDPOINT}"
else
  s3_port=$(free_port)
  endpoint=http://127.0.0.1:$s3_port
  export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo-secret-key
  mkdir -p "$work/s3"
  cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=$endpoint
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem-nio2
jclouds.identity=demo
jclouds.credential=demo
jclouds.filesystem.basedir=$work/s3
PROPS
  # S3Proxy's class path from the Maven repository (the object-store tests' version; the build
  # has fetched it; drop MVN_OFFLINE= to let Maven download it).
  mvn -B -q ${MVN_OFFLINE--o} -f scripts/cluster/s3proxy-pom.xml dependency:build-classpath \
    -Dmdep.outputFile="$work/s3proxy.classpath" >/dev/null
  "$java" -cp "$(cat "$work/s3proxy.classpath")" org.gaul.s3proxy.Main \
    --properties "$work/s3proxy.properties" > "$work/s3proxy.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do curl -s -o /dev/null "$endpoint/" && break; sleep 0.2; done
fi
s3() { # METHOD PATH [FILE]
  # curl 7.88 signs no payload hash by itself: say the payload is unsigned (part of the signature).
  curl -fsS --aws-sigv4 "aws:amz:${S3_REGION:-us-east-1}:s3" \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    -X "$1" "$endpoint/$2" \
    ${3:+--upload-file "$3"} -o /dev/null
}
s3 PUT "$bucket" 2>/dev/null || true # exists already: fine
cat > "$work/index.html" <<'HTML'
<!doctype html><meta charset=utf-8><title>One site, two instances</title>
<h1>One site, two instances</h1>
<p><a href="/upload.html">Upload a file</a> · <a href="/form.html">Send a form</a></p>
HTML
cat > "$work/upload.html" <<'HTML'
<!doctype html><meta charset=utf-8><title>Upload</title>
<form method=post action=/upload enctype=multipart/form-data>
<input type=file name=file multiple> <button>Upload</button></form>
HTML
cat > "$work/form.html" <<'HTML'
<!doctype html><meta charset=utf-8><title>Form</title>
<form method=post><input name=message> <button>Send</button></form>
HTML
for page in index upload form; do s3 PUT "$bucket/www/$page.html" "$work/$page.html"; done
echo "bucket     s3://$bucket/www/ on $endpoint"

# --- two instances and the load balancer ----------------------------------------------------
for name in a b; do
  port=$([[ $name == a ]] && echo 8081 || echo 8082)
  MTSERVER_DB_PASSWORD=$db_password "$java" -jar "$jar" --port "$port" \
    --root "s3://$bucket/www/" --s3-endpoint "$endpoint" --s3-region "${S3_REGION:-us-east-1}" \
    --submissions "$jdbc" --data "$work/data-$name" --access-log "$work/access-$name.log" \
    --drain-delay 4s > "$work/mtserver-$name.out" 2>&1 &
  pids+=($!)
done
wait_for http://127.0.0.1:8081/healthz
wait_for http://127.0.0.1:8082/healthz
LB_PORT=$lb_port MTSERVER_A=127.0.0.1:8081 MTSERVER_B=127.0.0.1:8082 \
  haproxy -f scripts/cluster/haproxy.cfg > "$work/haproxy.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$lb_port/"

echo "instances  http://127.0.0.1:8081/ and http://127.0.0.1:8082/ (logs in $work)"
echo "site       http://127.0.0.1:$lb_port/  (HAProxy, round robin, health checks on /healthz)"
echo "health     $(curl -s http://127.0.0.1:8081/healthz | tr '\n' ' ')"
echo "Ctrl-C stops everything."
wait "${pids[0]}"
