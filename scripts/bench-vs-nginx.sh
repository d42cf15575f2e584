#!/usr/bin/env bash
# bench-vs-nginx.sh -- MTServer as the README runs it against nginx as Debian ships it, with the
# settings of issue 17's table, in one command; prints the harness's report, then the table.
#
#   scripts/bench-vs-nginx.sh                 3 rounds, access log on for both, 2,000 idle connections
#   ROUNDS=5 DURATION=10 scripts/bench-vs-nginx.sh
#   SERVER_FLAGS='--threads platform' scripts/bench-vs-nginx.sh   extra flags for MTServer (here: the old default)
#
# What it does:
#   1. builds the jar once (bin/mtserver would otherwise build inside the harness's start-up wait);
#   2. measures start to first response of the default launch (bin/mtserver, no flags but the
#      port and the root) STARTS [5] times with each of two probes (below): the first (which may
#      write the start-up cache) and the median of the rest;
#   3. runs the side-by-side harness (../shared/bench/run.sh, found beside the repository or at
#      $BENCH_DIR) with ACCESS_LOG=on: nginx writes its combined log, MTServer --access-log {log};
#   4. prints the harness's report, then one table: median of the rounds per test, the ratio
#      MTServer / nginx, the issue's target and whether it was met.
#
# Nothing in the build or the tests uses this script. The harness must be there (read-only is
# fine); it needs wrk, ab, curl, nginx, python3 (see its README). Compare ratios from one run only,
# on a quiet machine: the harness records the other processes' CPU share for every sample. Each
# run keeps its results in OUTDIR; scripts/lib/bench-runs-summary.py counts, over all the runs
# under /tmp/bench-results, how often each target was met.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

bench=${BENCH_DIR:-}
if [[ -z $bench ]]; then
  for candidate in "$here/../shared/bench" "$here/../../shared/bench"; do
    [[ -f $candidate/run.sh ]] && { bench=$(cd "$candidate" && pwd); break; }
  done
fi
[[ -n $bench && -f $bench/run.sh ]] || {
  echo "bench-vs-nginx: the harness (shared/bench/run.sh) is not beside the repository; set BENCH_DIR" >&2
  exit 2
}

export ROUNDS=${ROUNDS:-3} ACCESS_LOG=on IDLE_CONNS=${IDLE_CONNS:-2000}
export OUTDIR=${OUTDIR:-/tmp/bench-results/vs-nginx-$(date +%Y%m%d-%H%M%S)}
export DOCROOT=${DOCROOT:-/tmp/bench-docroot}
STARTS=${STARTS:-5}
START_PORT=${START_PORT:-28180}
mkdir -p "$OUTDIR"

echo "bench-vs-nginx: building the jar" >&2
(cd "$here" && mvn -B -q -DskipTests package) >&2
[[ -f $DOCROOT/100m.bin ]] || bash "$bench/make-fixtures.sh" "$DOCROOT" >/dev/null

# ---- start to first response -------------------------------------------------------------
# Milliseconds from exec to the first 200 for /small.css; the server is then stopped with SIGTERM.
# Two probes, in turn, STARTS times each. The target is read from the first: one process
# (scripts/lib/first-response.py) that tries to connect every 5 ms. The second is the shell loop
# this script used until the thirty-seventh session (curl, then sleep 0.01): it starts two
# processes per attempt, which on two CPUs take a large share of the CPU the server starts on, so
# it measures the server and the probe together; it is kept so that figures stay comparable with
# the older reports. The first MTServer start may also write the start-up cache (bin/mtserver
# keeps it in a cache directory), so the first sample is reported separately.
first_response_curl_loop() { # PORT CMD...
  local port=$1 t0 t1 pid cpu
  shift
  t0=$(date +%s%N)
  "$@" >"$OUTDIR/start-$port.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/small.css" && break
    kill -0 "$pid" 2>/dev/null || { echo "server exited; see $OUTDIR/start-$port.log" >&2; echo -1 -1; return; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  cpu=$(cat /proc/"$pid"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {print int(s / 1e6)}')
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  echo $(((t1 - t0) / 1000000)) "$cpu"
}

: >"$OUTDIR/start.tsv"
for i in $(seq 1 "$STARTS"); do
  # shellcheck disable=SC2086  # SERVER_FLAGS is a list of flags
  server=("$here/bin/mtserver" --port "$START_PORT" --root "$DOCROOT" ${SERVER_FLAGS:-})
  read -r ms cpu < <(python3 "$here/scripts/lib/first-response.py" \
    --log "$OUTDIR/start-$START_PORT.log" "$START_PORT" /small.css "${server[@]}")
  printf 'mtserver\t%s\t%s\tone-process\t%s\n' "$i" "$ms" "$cpu" >>"$OUTDIR/start.tsv"
  read -r ms cpu < <(first_response_curl_loop "$START_PORT" "${server[@]}")
  printf 'mtserver\t%s\t%s\tcurl-loop\t%s\n' "$i" "$ms" "$cpu" >>"$OUTDIR/start.tsv"
done

# ---- the harness ---------------------------------------------------------------------------
bash "$bench/run.sh" nginx \
  mtserver:"$here/bin/mtserver --port {port} --root {root} --access-log {log} ${SERVER_FLAGS:-}" || true

# ---- the issue's table -----------------------------------------------------------------------
python3 - "$OUTDIR" <<'PY'
import csv, statistics, sys
out = sys.argv[1]

def rows(name):
    try:
        with open(f"{out}/{name}") as f:
            return [r for r in csv.reader(f, delimiter="\t") if r]
    except FileNotFoundError:
        return []

def num(v):
    try:
        return float(v)
    except ValueError:
        return None

# results.tsv: round, server, test, req/s, p99 ms, MiB/s, errors, note, other CPU %
speed, p99, errors = {}, {}, {}
for r in rows("results.tsv"):
    rnd, server, test, rps, p, mibs, err = r[:7]
    value = num(mibs) if test.startswith("curl") else num(rps)
    if value is not None:
        speed.setdefault((server, test), []).append(value)
    if num(p) is not None:
        p99.setdefault((server, test), []).append(num(p))
    errors[(server, test)] = errors.get((server, test), 0) + int(num(err) or 0)

def med(d, key):
    return statistics.median(d[key]) if d.get(key) else None

targets = [
    ("wrk /small.css", "wrk /small.css (1 KiB, 64 keep-alive connections)", 1.2),
    ("wrk /64k.bin", "wrk /64k.bin", 1.0),
    ("ab /small.css", "ab /small.css (a new connection per request)", 1.0),
    ("curl /1m.bin", "curl /1m.bin", 1.0),
    ("curl /100m.bin", "curl /100m.bin", 1.0),
    ("wrk /small.css +", "idle keep-alive connections held while wrk runs", 1.0),
]
print("\n## Issue 17's table (medians over the rounds; ratio = MTServer / nginx)\n")
print("| test | nginx | MTServer | ratio | target | met | p99 ms nginx / MTServer | errors |")
print("|---|---|---|---|---|---|---|---|")
for test, label, target in targets:
    if test.endswith("+"):  # the scaling test: "wrk /small.css +2000 idle"
        test = next((t for (_, t) in speed if t.startswith(test)), test)
    n, m = med(speed, ("nginx", test)), med(speed, ("mtserver", test))
    ratio = m / n if n and m else None
    unit = " MiB/s" if test.startswith("curl") else " req/s"
    fmt = lambda v: "-" if v is None else f"{v:,.0f}{unit}"
    pn, pm = med(p99, ("nginx", test)), med(p99, ("mtserver", test))
    print(f"| {label} | {fmt(n)} | {fmt(m)} | {'-' if ratio is None else f'{ratio:.2f}x'} | "
          f">= {target}x | {'-' if ratio is None else ('yes' if ratio >= target else 'NO')} | "
          f"{pn if pn is not None else '-'} / {pm if pm is not None else '-'} | "
          f"{errors.get(('mtserver', test), '-')} |")

# scale.tsv: server, idle, opened, alive at ready, alive at done, rss0, rss1, rss2, hwm (KiB)
for r in rows("scale.tsv"):
    if r[0] == "mtserver":
        print(f"\nIdle connections (MTServer): {r[2]} opened, {r[3]} open when wrk started, "
              f"{r[4]} still open after it (target: none closed by the server)")

# rss.tsv: round, server, VmHWM KiB, VmRSS KiB, processes (+ the scaling test's hwm)
peak = {}
for r in rows("rss.tsv"):
    if num(r[2]) is not None:
        peak[r[1]] = max(peak.get(r[1], 0), num(r[2]))
for r in rows("scale.tsv"):
    if num(r[8]) is not None:
        peak[r[0]] = max(peak.get(r[0], 0), num(r[8]))
for server in ("nginx", "mtserver"):
    if server in peak:
        mib = peak[server] / 1024
        met = "" if server == "nginx" else f" (target <= 128 MiB: {'met' if mib <= 128 else 'NOT met'})"
        print(f"Peak RSS over the whole run, {server}: {mib:.0f} MiB{met}")

# start.tsv: server, start, ms to the first 200, probe, the server's CPU ms by then
starts = {}
for r in rows("start.tsv"):
    if num(r[2]) is not None and num(r[2]) >= 0:
        starts.setdefault((r[0], r[3] if len(r) > 3 else "curl-loop"), []).append(r)
for (server, probe), samples in starts.items():
    ms = [num(r[2]) for r in samples]
    first = ms[0] if samples[0][1] == "1" else None
    later = [num(r[2]) for r in samples if r[1] != "1"] or ms
    cpu = [num(r[4]) for r in samples if r[1] != "1" and len(r) > 4 and num(r[4]) is not None]
    target = probe == "one-process" and server == "mtserver"
    note = " (target <= 500 ms: " + ("met" if statistics.median(later) <= 500 else "NOT met") + ")" \
        if target else " (the old probe, for comparison)"
    print(f"Start to first response, {server}, {probe} probe: "
          + (f"first {first:.0f} ms, " if first is not None else "")
          + f"median of the rest {statistics.median(later):.0f} ms"
          + (f", the server's CPU by then {statistics.median(cpu):.0f} ms" if cpu else "") + note)
print(f"\nFiles: {out}/report.md, results.tsv, rss.tsv, scale.tsv, start.tsv")
PY
