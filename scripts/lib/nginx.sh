# Shared by the benchmark scripts that set nginx beside MTServer (source it; bash only).

# nginx_conf WORK PORT ROOT: writes WORK/nginx.conf for nginx as the harness runs it (a worker per
# CPU, sendfile, tcp_nopush, the combined access log, here to WORK/nginx-access.log), listening on
# 127.0.0.1:PORT and serving ROOT; its pid file, error log and temporary files go in WORK.
nginx_conf() {
  local work=$1 port=$2 root=$3
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
  server { listen 127.0.0.1:$port; root $root; }
}
EOF
}
