#!/usr/bin/env python3
"""first-response.py [--log FILE] PORT PATH CMD... -- milliseconds from starting CMD to the first
200 for PATH.

Starts CMD (a server that will listen on 127.0.0.1:PORT; its stdout and stderr go to FILE, or
nowhere), then asks for PATH every 5 ms from this one process until the answer's status line is
`200`, and prints two numbers: the milliseconds from just before the start to the end of that
status line, and the CPU milliseconds the server's process had used by then (all its threads, from
/proc/<pid>/task/*/schedstat; bin/mtserver execs java, so the process is the JVM). The server is
then stopped with SIGTERM. Prints `-1 -1` if CMD exits first, or after 60 s without a 200.

Why one process: a shell loop of `curl` and `sleep` starts two processes per attempt, 80 or so
during a start of half a second, and on a two-CPU machine they take a large share of the CPU the
server is starting on (docs/benchmarks.md, thirty-seventh session). Here an attempt is a `connect`
that the kernel refuses until the server listens, and the wait between attempts is a sleep in the
same process.

Used by scripts/bench-vs-nginx.sh; nothing in the build or the tests uses it.
"""
import glob
import os
import signal
import socket
import subprocess
import sys
import time

POLL_SECONDS = 0.005
GIVE_UP_SECONDS = 60


def status_line(port, path):
    """The first line of the answer to GET path, or b'' if the server does not answer."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(request.encode("ascii"))
            head = b""
            while b"\r\n" not in head:
                chunk = s.recv(4096)
                if not chunk:
                    break
                head += chunk
            return head.split(b"\r\n", 1)[0]
    except OSError:
        return b""


def cpu_ms(pid):
    total = 0
    for stat in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(stat) as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that ended meanwhile
    return total // 1_000_000


def main():
    args = sys.argv[1:]
    log = os.devnull
    if args[:1] == ["--log"]:
        log, args = args[1], args[2:]
    port, path, command = int(args[0]), args[1], args[2:]
    with open(log, "wb") as output:
        started = time.monotonic()
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    answered = None
    while server.poll() is None and time.monotonic() - started < GIVE_UP_SECONDS:
        line = status_line(port, path)
        if line.split(b" ")[1:2] == [b"200"]:
            answered = time.monotonic()
            break
        time.sleep(POLL_SECONDS)
    cpu = cpu_ms(server.pid) if answered else -1
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    if answered is None:
        where = "" if log == os.devnull else f"; see {log}"
        print(f"no 200 from the server{where}", file=sys.stderr)
    print(-1 if answered is None else round((answered - started) * 1000), cpu)


if __name__ == "__main__":
    main()
