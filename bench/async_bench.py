#!/usr/bin/env python3
"""Invocation modes side by side, in one run, on SQLite and on PostgreSQL (release build):

- sync invoke (the gateway path) vs async accept (`?async=true`, 202 after the commit) vs the
  HTTP trigger (`POST /fn/1000/echo/x`), each `wrk -t2 -c64` on the same echo function;
- end-to-end latency of async invocations (202 -> completion, each invocation's createdAt to
  finishedAt, all of the phase's invocations read from the store) at about half the measured
  accept rate (wrk with a per-connection delay).

Usage: python3 bench/async_bench.py [--duration 10] [--skip-postgres]
Needs: wrk (apt-get install wrk); psql for the PostgreSQL run (database fnhost_bench_<pid>).
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gateway_bench import ROOT, ECHO, deploy, http, start_node, stop, wrk  # noqa: E402

BODY = '{"payload":{"hello":"world","n":42,"list":[1,2,3]}}'
# For sync vs HTTP trigger: the same constant answer, so both paths do the same JS work (an echo
# would return the bigger HTTP request payload on the trigger path).
HELLO = "function lambda(input, callback) { callback(null, { hello: 'world' }); }"
# Adjacent sync/trigger pairs whose ratios are compared.
PAIRS = 7
PG = os.environ.get("FNHOST_TEST_PG", "postgres://postgres@127.0.0.1:5432")


def start(port, data, db_url=None):
    env = {"FNHOST_ASYNC_QUEUE_DEPTH": "100000000"}
    if db_url:
        env["FNHOST_DATABASE_URL"] = db_url
    p, base, acc, admin, token = start_node(port, data, env)
    trigger = {"enabled": True, "public": False}
    url = deploy(acc, admin, "echo", ECHO, httpTrigger=trigger)
    hello_url = deploy(acc, admin, "hello", HELLO, httpTrigger=trigger)
    for u in (url, hello_url):
        while http("POST", u, BODY, token)[0] != 200:
            time.sleep(0.02)
    return p, base, acc, url, token, admin, hello_url


def wait_drained(acc, token, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        q = json.loads(http("GET", acc + "/reports/asyncQueue", None, token)[1] or "[]")
        if all(f["queued"] + f["running"] + f["retrying"] == 0 for f in q):
            return
        time.sleep(0.2)



def e2e_latency(url, token, acc, admin, rate, duration, latencies):
    """Async invocations at about `rate`/s for `duration` s; p50/p99 of finishedAt - createdAt of
    every one of them, read from the store (`latencies(since_ms)`): the API's list holds only the
    last 1,000, a third of a second at this rate."""
    conns = 16
    delay = max(1, int(conns * 1000 / rate))
    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lua.write('wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n'
              'wrk.headers["Authorization"] = "Bearer %s"\nfunction delay() return %d end\n' % (json.dumps(BODY), token, delay))
    lua.close()
    started = int(time.time() * 1000)
    out = subprocess.run(["wrk", "-t2", f"-c{conns}", f"-d{duration}s", "-s", lua.name, url + "&async=true"],
                         capture_output=True, text=True, timeout=duration + 30).stdout
    os.unlink(lua.name)
    sent = float(out.split("Requests/sec:")[1].split()[0])
    wait_drained(acc, admin)
    lat = sorted(latencies(started))
    pick = lambda p: lat[min(len(lat) - 1, int(len(lat) * p / 100))] if lat else float("nan")
    return {"rate": sent, "samples": len(lat), "p50": pick(50), "p99": pick(99), "max": lat[-1] if lat else None}


def store_latencies(data, db_url):
    """`finished_at - created_at` (ms) of the succeeded invocations created since a time, read
    straight from the node's store."""
    sql = "SELECT finished_at - created_at FROM async_invocations WHERE state = 'succeeded' AND created_at >= %d"
    if db_url:
        def pg(since):
            out = subprocess.run(["psql", db_url, "-Atc", sql % since], capture_output=True, text=True, check=True).stdout
            return [int(x) for x in out.split()]
        return pg
    def lite(since):
        con = sqlite3.connect(f"file:{os.path.join(data, 'fnhost.db')}?mode=ro", uri=True)
        try:
            return [r[0] for r in con.execute(sql % since)]
        finally:
            con.close()
    return lite


def run_backend(label, port, db_url, duration):
    data = tempfile.mkdtemp(prefix="fnhost-async-bench-")
    p, base, acc, url, token, admin, hello_url = start(port, data, db_url)
    try:
        trigger = f"{base}/fn/1000/hello/x"
        res = {}
        wrk(url, BODY, token, 3)
        for _ in range(2):  # alternate, keep the best of each
            for name, u in [("sync invoke", url), ("async accept (202)", url + "&async=true")]:
                r = wrk(u, BODY, token, duration)
                if name not in res or r["rps"] > res[name]["rps"]:
                    res[name] = r
                wait_drained(acc, admin)
        # Sync vs trigger: this machine's speed drifts by more than the gap being measured, so
        # the two run in adjacent pairs (alternating which goes first) and the ratio is the
        # median of the pairs' ratios; the rates shown are the medians of each path.
        pairs = []
        for n in range(PAIRS):
            order = [("sync invoke (hello)", hello_url), ("HTTP trigger (hello)", trigger)]
            got = {name: wrk(u, BODY, token, max(2, duration // 2)) for name, u in (order if n % 2 == 0 else order[::-1])}
            pairs.append(got)
        for name in ("sync invoke (hello)", "HTTP trigger (hello)"):
            res[name] = sorted((p[name] for p in pairs), key=lambda r: r["rps"])[PAIRS // 2]
        ratios = sorted(p["HTTP trigger (hello)"]["rps"] / p["sync invoke (hello)"]["rps"] for p in pairs)
        res["trigger ratio"] = {"median": ratios[PAIRS // 2], "all": [round(r, 3) for r in ratios]}
        accept = res["async accept (202)"]["rps"]
        if db_url:
            # The phases above wrote gigabytes of WAL: PostgreSQL's checkpoint that follows
            # (max_wal_size) would otherwise run through the latency phase and stall its commits.
            # Each phase starts from a settled store; SQLite's own checkpoints run every 250 ms.
            subprocess.run(["psql", db_url, "-qc", "CHECKPOINT"], check=True, timeout=300)
        res["e2e"] = e2e_latency(url, token, acc, admin, accept / 2, duration, store_latencies(data, db_url))
        for name, r in res.items():
            print(f"  {label} {name}: {json.dumps(r)}", file=sys.stderr)
        return res
    finally:
        stop(p)
        shutil.rmtree(data, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "fnhost"], cwd=ROOT, check=True)
    results = {"SQLite": run_backend("SQLite", 18281, None, args.duration)}
    if not args.skip_postgres:
        db = f"fnhost_bench_{os.getpid()}"
        subprocess.run(["psql", PG + "/postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
        try:
            results["PostgreSQL"] = run_backend("PostgreSQL", 18282, f"{PG}/{db}", args.duration)
        finally:
            subprocess.run(["psql", PG + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"])
    print("| store | sync invoke (echo) req/s | async accept (echo) 202/s | sync (hello) req/s | HTTP trigger (hello) req/s | trigger ÷ sync (median of 7 pairs) | e2e p50 / p99 ms at ~half the accept rate |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for store, r in results.items():
        s, a, sh, h, e = r["sync invoke"], r["async accept (202)"], r["sync invoke (hello)"], r["HTTP trigger (hello)"], r["e2e"]
        print(f"| {store} | {s['rps']:.0f} (p99 {s['p99']:.1f} ms) | {a['rps']:.0f} (p99 {a['p99']:.1f} ms) | {sh['rps']:.0f} | "
              f"{h['rps']:.0f} | {r['trigger ratio']['median']:.2f} | {e['p50']:.1f} / {e['p99']:.1f} at {e['rate']:.0f}/s ({e['samples']} samples) |")
    print("\nraw: " + json.dumps(results))


if __name__ == "__main__":
    main()
