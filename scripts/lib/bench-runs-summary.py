#!/usr/bin/env python3
"""bench-runs-summary.py [DIR] -- issue 17's throughput rows over many runs of bench-vs-nginx.sh.

Reads every DIR/*/results.tsv (DIR defaults to /tmp/bench-results, where
scripts/bench-vs-nginx.sh puts each run's OUTDIR) that holds both an `nginx` and a `mtserver`
server, and prints two Markdown tables:

1. per test, in how many runs MTServer met the issue's target, the median of the runs' ratios
   and their range; a run's ratio is the median of MTServer's samples over the median of nginx's,
   as the script's own table takes it (wrk and ab: requests a second; curl: MiB/s of every
   download of the three rounds);
2. the downloads by round: the median of all runs' downloads of round 1, 2 and 3 for each server,
   and their ratio. The harness's first round is where a fresh server's file-sending path is
   still being compiled (docs/benchmarks.md, thirty-ninth session).

A run whose directory name contains `diag` is left out: keep diagnostic runs (extra JVM options,
tracing) under such a name. Why a script: one run's ratios move with the host from minute to
minute; the docs quote how often each target was met over many runs, and this reproduces it.
Nothing in the build or the tests uses it.
"""
import collections
import os
import statistics
import sys

# (the harness's test name, the target ratio to nginx): issue 17's table
TESTS = [
    ("wrk /small.css", 1.2),
    ("wrk /64k.bin", 1.0),
    ("ab /small.css", 1.0),
    ("curl /1m.bin", 1.0),
    ("curl /100m.bin", 1.0),
]
DOWNLOADS = ["curl /1m.bin", "curl /100m.bin"]
# results.tsv's columns: round, server, test, req/s, p99 ms, MiB/s, errors, note, other CPU %
REQUESTS_PER_SECOND = 3  # wrk and ab
MIB_PER_SECOND = 5  # curl


def samples(path):
    """{(round, server, test): [figures]} of one results.tsv; rows that failed have no figure."""
    found = collections.defaultdict(list)
    with open(path, encoding="utf-8") as rows:
        for row in rows:
            fields = row.rstrip("\n").split("\t")
            if len(fields) < 7 or not fields[0].isdigit():
                continue  # the scaling test's rows, or a malformed line
            test = fields[2]
            column = MIB_PER_SECOND if test.startswith("curl") else REQUESTS_PER_SECOND
            try:
                found[(fields[0], fields[1], test)].append(float(fields[column]))
            except ValueError:
                pass  # "-": the sample failed, and counts as an error in the harness's report
    return found


def runs(base):
    """(name, samples) of every run under base with both servers, in the order of their names."""
    for name in sorted(os.listdir(base)):
        path = os.path.join(base, name, "results.tsv")
        if "diag" in name or not os.path.isfile(path):
            continue
        found = samples(path)
        servers = {server for (_, server, _) in found}
        if {"nginx", "mtserver"} <= servers:
            yield name, found


def pooled(found, server, test, rounds="123"):
    return [x for r in rounds for x in found.get((r, server, test), [])]


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench-results"
    all_runs = list(runs(base))
    if not all_runs:
        sys.exit(f"bench-runs-summary: no run with both servers under {base}")
    print(f"{len(all_runs)} runs under {base}: {all_runs[0][0]} .. {all_runs[-1][0]}\n")
    print("| test | target | met in | median ratio | range |")
    print("|---|---|---|---|---|")
    for test, target in TESTS:
        ratios = []
        for _, found in all_runs:
            ours, theirs = pooled(found, "mtserver", test), pooled(found, "nginx", test)
            if ours and theirs:
                ratios.append(statistics.median(ours) / statistics.median(theirs))
        met = sum(ratio >= target for ratio in ratios)
        print(
            f"| `{test}` | >= {target:.1f}x | {met} of {len(ratios)} | "
            f"{statistics.median(ratios):.2f}x | {min(ratios):.2f}–{max(ratios):.2f}x |"
        )
    print("\n| test | round 1 | round 2 | round 3 |")
    print("|---|---|---|---|")
    for test in DOWNLOADS:
        cells = []
        for round_ in "123":
            ours = [x for _, f in all_runs for x in pooled(f, "mtserver", test, round_)]
            theirs = [x for _, f in all_runs for x in pooled(f, "nginx", test, round_)]
            if not ours or not theirs:
                cells.append("-")
                continue
            m, n = statistics.median(ours), statistics.median(theirs)
            cells.append(f"{m / n:.2f}x ({m:,.0f} / {n:,.0f} MiB/s)")
        print(f"| `{test}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
