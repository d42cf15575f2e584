#!/usr/bin/env bash
# bench-gzip.sh -- gzip on the fly: MTServer's default (--compress gzip) against nginx with gzip on,
# a 20 KiB CSS file, Accept-Encoding: gzip, wrk keep-alive, rounds interleaved; prints req/s per
# round, the medians, the ratio and the bytes on the wire per response (body and head).
#
#   scripts/bench-gzip.sh                       3 rounds of 10 s, nginx at gzip_comp_level 6
#   ROUNDS=5 DURATION=15 LEVEL=1 scripts/bench-gzip.sh
#
# nginx runs with the harness-like config of scripts/lib/beside-nginx.sh plus gzip on,
# gzip_comp_level $LEVEL, gzip_types text/css, gzip_min_length 1024, and no access log; MTServer
# runs through bin/mtserver (the README's way) with --access-log off, so neither logs. MTServer
# compresses a small file once per version at level 6 and keeps the result (ADR 0044); nginx
# compresses on every request, which is what LEVEL trades. Nothing in the build or the tests uses
# this script. Needs: nginx, wrk, curl. Compare within one run, on a quiet machine.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/beside-nginx.sh
source "$here/scripts/lib/beside-nginx.sh"
rounds=${ROUNDS:-3} duration=${DURATION:-10} level=${LEVEL:-6}
nginx_port=${NGINX_PORT:-28281} mt_port=${MT_PORT:-28282}
for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "bench-gzip: needs $tool" >&2; exit 2; }
done
[[ -f $here/mtserver-app/target/mtserver.jar ]] || (cd "$here" && mvn -B -q -DskipTests package)

work=$(mktemp -d /tmp/mtserver-bench-gzip.XXXXXX)
chmod 755 "$work" # nginx workers run as an unprivileged user and must read the root
root=$work/root
mkdir -p "$root"
# 20 KiB of CSS that looks like a stylesheet: varied selectors, colours and sizes from a seeded
# generator, so it compresses like real CSS (about 5x), not like one repeated line.
awk 'BEGIN { srand(17); split("div span a p li ul header nav main footer section button", tag);
  split("color background margin padding border font-size line-height width", prop);
  while (n < 20480) {
    line = sprintf(".%s-%d %s:hover {\n  %s: #%06x;\n  %s: %dpx %dpx;\n}\n",
      tag[int(rand()*12)+1], int(rand()*400), tag[int(rand()*12)+1], prop[int(rand()*8)+1],
      int(rand()*16777215), prop[int(rand()*8)+1], int(rand()*40), int(rand()*40));
    printf "%s", line; n += length(line) } }' | head -c 20480 >"$root/style20k.css"

nginx_conf "$work" "$nginx_port" "$root" "access_log off;
  gzip on;
  gzip_comp_level $level;
  gzip_types text/css;
  gzip_min_length 1024;
  gzip_vary on;"

nginx -c "$work/nginx.conf" -g 'daemon off;' >"$work/nginx.out" 2>&1 &
nginx_pid=$!
"$here/bin/mtserver" --port "$mt_port" --root "$root" --data "$work/data" --access-log off \
  >"$work/mtserver.out" 2>&1 &
mt_pid=$!
trap 'kill $nginx_pid $mt_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT

url() { echo "http://127.0.0.1:$1/style20k.css"; }
for port in "$nginx_port" "$mt_port"; do
  for _ in $(seq 1 300); do curl -fs -o /dev/null "$(url "$port")" && break; sleep 0.1; done
  curl -fs -o /dev/null "$(url "$port")" || { echo "bench-gzip: nothing answers on $port; see $work" >&2; exit 1; }
done

wire() { # PORT -> "body head encoding"
  curl -s -H 'Accept-Encoding: gzip' -o /dev/null \
    -w '%{size_download} %{size_header} %header{content-encoding}' "$(url "$1")"
}
rps() { # PORT -> requests/s of one wrk run
  wrk -t2 -c50 -d"${duration}s" -H 'Accept-Encoding: gzip' "$(url "$1")" |
    awk '/Requests\/sec/ {print $2}'
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "file: $(stat -c %s "$root/style20k.css") bytes of CSS; nginx gzip_comp_level $level; $rounds round(s) of ${duration}s"
for port in "$nginx_port" "$mt_port"; do # warm-up: the JIT, and MTServer's kept compressed copy
  wrk -t2 -c50 -d3s -H 'Accept-Encoding: gzip' "$(url "$port")" >/dev/null
done
: >"$work/results.tsv"
for round in $(seq 1 "$rounds"); do
  for server in nginx mtserver; do
    port=$nginx_port
    [[ $server == mtserver ]] && port=$mt_port
    r=$(rps "$port")
    printf '%s\t%s\t%s\n' "$round" "$server" "$r" | tee -a "$work/results.tsv"
  done
done

n=$(awk '$2 == "nginx" {print $3}' "$work/results.tsv" | median)
m=$(awk '$2 == "mtserver" {print $3}' "$work/results.tsv" | median)
read -r nb nh ne <<<"$(wire "$nginx_port")"
read -r mb mh me <<<"$(wire "$mt_port")"
echo
echo "| | requests/s (median) | body bytes | head bytes | coding | ratio to nginx |"
echo "|---|---|---|---|---|---|"
printf '| MTServer | %s | %s | %s | %s | %.2fx |\n' "$m" "$mb" "$mh" "$me" "$(echo "$m / $n" | bc -l)"
printf '| nginx gzip level %s | %s | %s | %s | %s | 1 |\n' "$level" "$n" "$nb" "$nh" "$ne"
echo "(work directory: $work)"
