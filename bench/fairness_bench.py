#!/usr/bin/env python3
"""Fairness under hostile load: does one tenant's spinning or memory-hungry code starve the others?

One fnhost server (records stored, release build). An echo function is measured with
`wrk -t2 -c64 --latency` (bearer token, the full invoke path) while nothing else runs, then while N
invocations of a function that spins until its 30 s limit are kept in flight (N = 2, 16, 200), then
while N invocations keep filling their heap (memory hogs, a 1 GiB memory budget). During each run a
sampler times `GET /healthz` and the management API (`GET /lambdas`) one request at a time.

fnhost has one account per installation today (issue 13 adds more), so the hog and the echo are two
functions of the same account: the CPU fairness does not depend on accounts; the per-account cap
then only applies to both together.

Usage: python3 bench/fairness_bench.py [--duration 5] [--n 2,16,200] [--binary PATH]
Needs: wrk (apt-get install wrk).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gateway_bench import BODY_FNHOST, ECHO, ROOT, deploy, http, start_node, stop, wrk  # noqa: E402

SPIN = "function lambda(input, callback) { while (true) {} }"
HOG = """async function lambda(input, callback) {
  const keep = [];
  for (;;) { keep.push(new Uint8Array(1 << 20).fill(1)); await new Promise(r => setTimeout(r, 2)); }
}"""


def start(port, data, budget_mb, binary=None):
    p, base, acc, admin, token = start_node(port, data, {"FNHOST_MEMORY_BUDGET_MB": str(budget_mb)}, binary)
    urls = {
        "echo": deploy(acc, admin, "echo", ECHO),
        "spin": deploy(acc, admin, "spin", SPIN),
        "hog": deploy(acc, admin, "hog", HOG, limits={"memoryMb": 256}),
    }
    while http("POST", urls["echo"], BODY_FNHOST, token)[0] != 200:
        time.sleep(0.05)
    return p, base, acc, admin, token, urls


class Hogs:
    """Keeps `n` invocations of `url` in flight; counts answers by status."""

    def __init__(self, url, token, n):
        self.url, self.token, self.n = url, token, n
        self.stop = threading.Event()
        self.status = {}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(n)]

    def run(self):
        while not self.stop.is_set():
            req = urllib.request.Request(self.url, data=BODY_FNHOST.encode(), method="POST",
                                         headers={"content-type": "application/json", "authorization": "Bearer " + self.token})
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    code, body = r.status, ""
            except urllib.error.HTTPError as e:
                code, body = e.code, e.read().decode()
            except Exception:
                code, body = "error", ""
            with self.lock:
                self.status[code] = self.status.get(code, 0) + 1
                if code == 429 and "limit" not in self.status:
                    self.status["limit"] = json.loads(body).get("errorMsg", body)[:160] if body.startswith("{") else body[:160]
            if code == 429:
                time.sleep(0.2)

    def __enter__(self):
        for t in self.threads:
            t.start()
        time.sleep(1.0)  # the hogs are running before anything is measured
        return self

    def __exit__(self, *exc):
        self.stop.set()


def sample(base, acc, admin, seconds):
    """p99 of /healthz and of GET /lambdas, one request at a time."""
    out = {"healthz": [], "lambdas": []}
    end = time.time() + seconds
    while time.time() < end:
        for key, url, tok in [("healthz", base + "/healthz", None), ("lambdas", acc + "/lambdas", admin)]:
            t = time.perf_counter()
            http("GET", url, None, tok)
            out[key].append((time.perf_counter() - t) * 1000)
        time.sleep(0.01)

    def p99(v):
        v = sorted(v)
        return v[min(len(v) - 1, int(len(v) * 0.99))] if v else float("nan")
    return {k: p99(v) for k, v in out.items()}


def rss_peak(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return 0


def measure(base, acc, admin, token, urls, duration):
    res = {}
    t = threading.Thread(target=lambda: res.update(sample(base, acc, admin, duration)))
    t.start()
    r = wrk(urls["echo"], BODY_FNHOST, token, duration)
    t.join()
    r.update(res)
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--n", default="2,16,200")
    ap.add_argument("--memory-budget-mb", type=int, default=1024)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--binary", help="another fnhost binary (e.g. a build of an earlier commit)")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "fnhost"], cwd=ROOT, check=True)
    data = tempfile.mkdtemp(prefix="fnhost-fair-")
    p, base, acc, admin, token, urls = start(18281, data, args.memory_budget_mb, args.binary)
    rows = []
    try:
        wrk(urls["echo"], BODY_FNHOST, token, 2)  # warm-up
        base_run = measure(base, acc, admin, token, urls, args.duration)
        rows.append(("unloaded", base_run, {}))
        for kind in ["spin", "hog"]:
            for n in [int(x) for x in args.n.split(",")]:
                with Hogs(urls[kind], token, n) as h:
                    r = measure(base, acc, admin, token, urls, args.duration)
                rows.append((f"{n} × {'spinning' if kind == 'spin' else 'memory hog'}", r, dict(h.status)))
                print(f"  {rows[-1][0]}: {r['rps']:.0f} req/s p99 {r['p99']:.2f} ms, hogs {h.status}", file=sys.stderr)
                time.sleep(2 if kind == "hog" else 1)
        peak = rss_peak(p.pid)
    finally:
        stop(p)
        shutil.rmtree(data, ignore_errors=True)
    b = base_run["rps"]
    print("| load on the other function | echo req/s | vs unloaded | echo p99 ms | /healthz p99 ms | GET /lambdas p99 ms | hog answers |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, r, st in rows:
        answers = ", ".join(f"{k}: {v}" for k, v in st.items() if k != "limit") or "–"
        print(f"| {label} | {r['rps']:.0f} | {r['rps'] / b:.2f}× | {r['p99']:.2f} | {r['healthz']:.2f} | {r['lambdas']:.2f} | {answers} |")
    limits = {st.get("limit") for _, _, st in rows if st.get("limit")}
    for m in limits:
        print(f"\n429 answer: {m}")
    print(f"\nserver peak RSS (VmHWM) over the whole run: {peak} MiB; memory budget {args.memory_budget_mb} MiB")


if __name__ == "__main__":
    main()
