#!/usr/bin/env python3
"""Side-by-side HTTP benchmark: fnhost's full invoke path vs Node, Bun, Deno and a static hyper server.

Same machine, same run: `wrk -t2 -c64 -d10s --latency`, a JSON echo each. fnhost runs the echo as a
deployed function behind a valid OAuth bearer token (the full gateway path), once with log and
invocation records stored (the default) and once with storage disabled. Also measures deploy ->
first successful invoke. Prints a Markdown table with ratios.

Usage: python3 bench/gateway_bench.py [--duration 10] [--skip-peers] [--baseline PATH] [--fairness]
`--baseline` adds another fnhost binary (e.g. a build of an earlier commit) to the alternating rounds,
for before/after comparisons in one run; `--fairness` then runs bench/fairness_bench.py.
Needs: wrk (apt-get install wrk), node; Bun and Deno are installed from npm into bench/peers.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(ROOT, "bench", "peers")
BODY_PEER = '{"hello":"world","n":42,"list":[1,2,3]}'
BODY_FNHOST = '{"payload":{"hello":"world","n":42,"list":[1,2,3]}}'
ECHO = "function lambda(input, callback) { callback(null, { echo: input.payload }); }"


def http(method, url, body=None, token=None, form=False):
    data = None
    headers = {}
    if body is not None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        headers["content-type"] = "application/x-www-form-urlencoded" if form else "application/json"
    if token:
        headers["authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def wait_up(url, body, token=None, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        try:
            status, _ = http("POST", url, body, token)
            if status == 200:
                return
        except Exception:
            pass
        time.sleep(0.05)
    raise RuntimeError("server did not come up: " + url)


def wrk(url, body, token, duration, threads=2, conns=64):
    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lua.write('wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' % json.dumps(body))
    if token:
        lua.write('wrk.headers["Authorization"] = "Bearer %s"\n' % token)
    lua.close()
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{conns}", f"-d{duration}s", "--latency", "-s", lua.name, url],
                         capture_output=True, text=True, timeout=duration + 30).stdout
    os.unlink(lua.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)" % p, out)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "non2xx": int(non2xx.group(1)) if non2xx else 0}


def measure(name, url, body, token, duration):
    wrk(url, body, token, 3)  # warm-up
    runs = [wrk(url, body, token, duration) for _ in range(2)]
    best = max(runs, key=lambda r: r["rps"])
    print(f"  {name}: {[round(r['rps']) for r in runs]} req/s, p99 {best['p99']:.2f} ms, non-2xx {best['non2xx']}", file=sys.stderr)
    return best


def stop(p):
    if p and p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()


def start_node(port, data, env_extra=None, binary=None):
    """Starts `fnhost serve` (release build, or `binary`) on `port` with a fresh data dir; answers
    (process, base URL, account URL, admin bearer, OAuth app token). Shared by every bench script."""
    env = dict(os.environ, FNHOST_LISTEN=f"127.0.0.1:{port}", FNHOST_DATA_DIR=data,
               FNHOST_BOOTSTRAP_PASSWORD="bench-password", FNHOST_LOG="warn",
               # Throughput runs measure the engine, not the default account rate limit.
               FNHOST_ACCOUNT_RATE_LIMIT="0", **(env_extra or {}))
    p = subprocess.Popen([binary or os.path.join(ROOT, "target/release/fnhost"), "serve"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            if http("GET", base + "/healthz")[0] == 200:
                break
        except Exception:
            time.sleep(0.05)
    acc = base + "/api/account/1000"
    admin = json.loads(http("POST", acc + "/login?v=1.3", {"username": "admin", "password": "bench-password"})[1])["bearer"]
    app = json.loads(http("POST", acc + "/apps", {"name": "bench"}, admin)[1])
    form = f"grant_type=client_credentials&client_id={app['client_id']}&client_secret={app['client_secret']}"
    token = json.loads(http("POST", base + "/sentinel/api/account/1000/app/token?v=2.0", form, form=True)[1])["access_token"]
    return p, base, acc, admin, token


def deploy(acc, admin, name, code, **fields):
    """Creates function `name` (extra body `fields`, e.g. limits) and deploys it; answers its invoke URL."""
    body = dict(fields, name=name, implementation={"code": code})
    uuid = json.loads(http("POST", acc + "/lambdas", body, admin)[1])["uuid"]
    http("POST", f"{acc}/deployments/{uuid}", None, admin)
    return f"{acc}/lambdas/{uuid}/invoke?v=1"


def start_fnhost(port, store_records, data, binary=None):
    p, _, acc, admin, token = start_node(port, data, {"FNHOST_STORE_RECORDS": "true" if store_records else "false"}, binary)
    t0 = time.perf_counter()
    url = deploy(acc, admin, "echo", ECHO)
    while http("POST", url, BODY_FNHOST, token)[0] != 200:
        pass
    deploy_ms = (time.perf_counter() - t0) * 1000
    return p, url, token, deploy_ms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--baseline", action="append", default=[],
                    help="another fnhost binary (or a script exec'ing one) measured in the same rounds; repeatable")
    ap.add_argument("--fairness", action="store_true", help="also run the fairness scenarios")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is required: apt-get install -y wrk")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "fnhost"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "fnhost-server", "--example", "static_hyper"], cwd=ROOT, check=True)
    results = {}
    procs = []
    data = tempfile.mkdtemp(prefix="fnhost-bench-")
    try:
        # Both fnhost variants run at once and are measured alternately (on, off, on, off, …), so
        # machine noise hits both alike; the median of the rounds is reported.
        servers = {}
        variants = [("fnhost (records stored)", True, 18181, None), ("fnhost (records off)", False, 18182, None)]
        for i, binary in enumerate(args.baseline):
            variants.append((f"{os.path.basename(binary)} (records stored)", True, 18183 + i, binary))
        for label, records, port, binary in variants:
            p, url, token, deploy_ms = start_fnhost(port, records, os.path.join(data, str(port)), binary)
            procs.append(p)
            servers[label] = (url, token, deploy_ms)
        for label, (url, token, _) in servers.items():
            wrk(url, BODY_FNHOST, token, 3)
        rounds = {label: [] for label in servers}
        for _ in range(3):
            for label, (url, token, _) in servers.items():
                rounds[label].append(wrk(url, BODY_FNHOST, token, args.duration))
        for label, runs in rounds.items():
            runs.sort(key=lambda r: r["rps"])
            med = dict(runs[len(runs) // 2])
            med["deploy_ms"] = servers[label][2]
            med["rounds"] = [round(r["rps"]) for r in runs]
            print(f"  {label}: rounds {med['rounds']} req/s, median p99 {med['p99']:.2f} ms", file=sys.stderr)
            results[label] = med
        for p in procs:
            stop(p)
        p = subprocess.Popen([os.path.join(ROOT, "target/release/examples/static_hyper"), "127.0.0.1:18190"])
        procs.append(p)
        wait_up("http://127.0.0.1:18190/", BODY_PEER)
        results["hyper static (limit)"] = measure("hyper static", "http://127.0.0.1:18190/", BODY_PEER, None, args.duration)
        stop(p)
        if not args.skip_peers:
            if not os.path.isdir(os.path.join(PEERS, "node_modules", "bun")):
                subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEERS, check=True)
            peer_env = dict(os.environ, DENO_NO_UPDATE_CHECK="1", DENO_NO_PROMPT="1", BUN_DISABLE_TELEMETRY="1", DO_NOT_TRACK="1")
            bun = os.path.join(PEERS, "node_modules", "bun", "bin", "bun.exe")
            deno = os.path.join(PEERS, "node_modules", "@deno", "linux-x64-glibc", "deno")
            for label, cmd, port in [
                ("Node " + subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(), ["node", "node-echo.cjs"], 18191),
                ("Bun 1.4.5", [bun, "bun-echo.js"], 18192),
                ("Deno 2.9.6", [deno, "run", "--allow-net", "--allow-env", "--allow-read", "deno-echo.js"], 18193),
            ]:
                p = subprocess.Popen(cmd, cwd=PEERS, env=dict(peer_env, PORT=str(port)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                procs.append(p)
                url = f"http://127.0.0.1:{port}/"
                wait_up(url, BODY_PEER)
                results[label] = measure(label, url, BODY_PEER, None, args.duration)
                stop(p)
    finally:
        for p in procs:
            stop(p)
        shutil.rmtree(data, ignore_errors=True)
    fn = results["fnhost (records stored)"]
    print("| server | req/s | p50 ms | p99 ms | fnhost ÷ this |")
    print("|---|---:|---:|---:|---:|")
    for label, r in results.items():
        print(f"| {label} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {fn['rps'] / r['rps']:.2f}× |")
    off = results["fnhost (records off)"]
    print(f"\nrecord storage cost: {(1 - fn['rps'] / off['rps']) * 100:.1f}% of throughput (medians of 3 alternating rounds: stored {fn['rps']:.0f} vs off {off['rps']:.0f} req/s)")
    print(f"deploy -> first successful invoke: {fn['deploy_ms']:.1f} ms (records on), {off['deploy_ms']:.1f} ms (records off)")
    print("\nraw: " + json.dumps(results))
    if args.fairness:
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "fairness_bench.py"), "--no-build",
                        "--duration", str(min(args.duration, 5))], check=True)


if __name__ == "__main__":
    main()
