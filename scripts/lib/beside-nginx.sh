# Shared by the benchmark scripts that set MTServer beside nginx (source it; bash only).

# nginx_conf WORK PORT ROOT [DIRECTIVES]: writes WORK/nginx.conf for nginx as the harness runs it
# (a worker per CPU, sendfile, tcp_nopush, the combined access log, here to WORK/nginx-access.log),
# listening on 127.0.0.1:PORT and serving ROOT; its pid file, error log and temporary files go in
# WORK. DIRECTIVES, if given, go at the end of the http block: `access_log off;` there turns the
# log off (nginx's `off` cancels every access_log of its level), `gzip on; ...` adds compression.
nginx_conf() {
  local work=$1 port=$2 root=$3 directives=${4:-}
  mkdir -p "$work/nginx-tmp"
  cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 8192; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  access_log $work/nginx-access.log combined;
  client_body_temp_path $work/nginx-tmp/body;
  proxy_temp_path $work/nginx-tmp/proxy;
  fastcgi_temp_path $work/nginx-tmp/fastcgi;
  uwsgi_temp_path $work/nginx-tmp/uwsgi;
  scgi_temp_path $work/nginx-tmp/scgi;
  $directives
  server { listen 127.0.0.1:$port; root $root; }
}
EOF
}

# start_nginx_and_mtserver WORK NGINX_PORT MT_PORT: starts nginx (nginx_conf, serving WORK/root)
# and MTServer through bin/mtserver, the README's way (root WORK/root, data WORK/data, its access
# log in WORK, $SERVER_FLAGS added), both in the background. Their pids go into the caller's
# `pids` array; on exit both are stopped and WORK removed. Needs the caller's $here (the checkout).
start_nginx_and_mtserver() {
  local work=$1 nginx_port=$2 mt_port=$3
  pids=()
  # shellcheck disable=SC2064  # WORK is expanded now, on purpose
  trap "kill \"\${pids[@]}\" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf '$work'" EXIT
  nginx_conf "$work" "$nginx_port" "$work/root"
  nginx -c "$work/nginx.conf" -g 'daemon off;' &
  pids+=($!)
  # shellcheck disable=SC2086  # SERVER_FLAGS is a list of flags
  "$here/bin/mtserver" --port "$mt_port" --root "$work/root" --data "$work/data" \
    --access-log "$work/mtserver-access.log" ${SERVER_FLAGS:-} >"$work/mtserver.log" 2>&1 &
  pids+=($!)
}
