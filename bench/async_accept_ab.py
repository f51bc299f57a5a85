#!/usr/bin/env python3
"""Async accept (202) throughput of several fnhost binaries, side by side in alternating rounds
(this machine's speed drifts by more than most changes being measured).

Each run: a fresh server and store, the echo function deployed, `wrk -t2 -c64` on
`…/invoke?v=1&async=true` for `--duration` s, the server's CPU (user + system, % of one core)
read from /proc; the queue drains before the server stops.

Usage: python3 bench/async_accept_ab.py [--rounds 2] [--duration 6] [--backend sqlite|pg] BINARY…
Needs: wrk; psql for --backend pg (database fnhost_ab_<pid>).
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import async_bench  # noqa: E402
import gateway_bench  # noqa: E402


def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def one_run(binary, backend, duration):
    db = None
    if backend == "pg":
        db = f"fnhost_ab_{os.getpid()}"
        subprocess.run(["psql", async_bench.PG + "/postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    data = tempfile.mkdtemp(prefix="fnhost-ab-")
    start_node = gateway_bench.start_node
    async_bench.start_node = lambda port, d, env: start_node(port, d, env, binary)
    p, _, acc, url, token, admin, _ = async_bench.start(18291, data, db and f"{async_bench.PG}/{db}")
    try:
        before = cpu_ticks(p.pid)
        r = gateway_bench.wrk(url + "&async=true", async_bench.BODY, token, duration)
        r["cpu_pct"] = round((cpu_ticks(p.pid) - before) / duration, 1)
        async_bench.wait_drained(acc, admin)
        return r
    finally:
        gateway_bench.stop(p)
        subprocess.run(["rm", "-rf", data])
        if db:
            subprocess.run(["psql", async_bench.PG + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--duration", type=int, default=6)
    ap.add_argument("--backend", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("binaries", nargs="+")
    args = ap.parse_args()
    for n in range(args.rounds):
        for b in args.binaries:
            r = one_run(os.path.abspath(b), args.backend, args.duration)
            print(f"round {n + 1} {args.backend} {b}: {r['rps']:.0f} accepted/s, p50 {r['p50']} ms, "
                  f"p99 {r['p99']} ms, non-2xx {r['non2xx']}, server CPU {r['cpu_pct']} %", flush=True)


if __name__ == "__main__":
    main()
