#!/usr/bin/env bash
# API fuzz run: schemathesis against a fresh fnhost server, driven by the server's own
# /openapi.json, with the checks of hooks.py (every error >= 400 carries the platform's
# `com.liveperson.faas.*` JSON body, except the OAuth token endpoint's RFC 6749 errors; no 5xx
# except the store's 502/504 `*.unavailable`; 901 is a function failure) plus schemathesis's
# status-code, content-type and response-schema conformance; then probes.py sends what
# schemathesis cannot (path parameters that decode to invalid UTF-8) and applies the same check.
#
#   tests/fuzz/run.sh                      # uses target/debug/fnhost
#   FNHOST_BIN=/path/to/fnhost tests/fuzz/run.sh
#
# Needs only python3 (with pip); the pinned tools are installed into a venv under ${TMPDIR:-/tmp}
# keyed by the hash of requirements.txt (and the Python version), and reused by later runs. Starts
# the server on a free loopback port with a temporary data directory, logs in as the bootstrap
# admin, creates and deploys one function and one OAuth app (prepare.py), then fuzzes every
# operation twice with a fixed seed: as the OAuth app, then as the admin (who holds all roles).
# The last line is `fuzz: N cases, M failures`; the exit status is non-zero on any failure or
# error. About 1.5 minutes with a debug build on 2 cores, plus about 30 s for a first install.
#
# Knobs:
#   FUZZ_SEED      seed (default 20241117)
#   FUZZ_EXAMPLES  examples per operation and phase (default 30; 3 for the argon2 operations
#                  login, createUser, createApp, appToken)
#   FUZZ_WORKERS   schemathesis workers (default 1: its worker threads trip a CPython 3.11 race in
#                  ast.parse, reported as "AST constructor recursion depth mismatch" errors)
#   FUZZ_SCHEMA    load the schema from this file instead of the server (e.g. while the binary
#                  predates an edit of crates/server/src/api/openapi.json)
#   FUZZ_HOOKS     hooks module (default hooks)
#   FUZZ_KEEP=1    keep the temporary directory (server log, JSON reports)
#
# Excluded operations: none. The calls that end a user's sessions (delete, role change, password
# reset of `users/{user}`) never reach the run's admin: hooks.py steers the path parameter away
# from `admin`, a generated user id never matches, and changing one's own password needs the
# current one. The one call that could break a run, revoking the OAuth app in use
# (DELETE .../apps/{client_id}), needs the admin, and the admin run comes after the app run. hooks.py hands the run's function only to operations that
# keep it deployed (get, update, invoke, report; never undeploy or delete).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${FNHOST_BIN:-$repo/target/debug/fnhost}
seed=${FUZZ_SEED:-20241117}
examples=${FUZZ_EXAMPLES:-30}
workers=${FUZZ_WORKERS:-1}
schema_file=${FUZZ_SCHEMA:-}
tmp=${TMPDIR:-/tmp}
started=$SECONDS

die() { echo "fuzz: $*" >&2; echo "fuzz: 0 cases, 1 failures"; exit 1; }

[ -x "$bin" ] || die "no server binary at $bin (build it with \`cargo build -p fnhost\`, or set FNHOST_BIN)"
command -v python3 >/dev/null || die "python3 is required"

# --- tools: a venv keyed by the requirements and the Python version -------------------------------
key=$( { cat "$here/requirements.txt"; python3 -c 'import sys; print(sys.version)'; } | python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')
venv="$tmp/fnhost-fuzz-venv-$key"
if [ ! -f "$venv/.complete" ]; then
    echo "fuzz: installing tools into $venv"
    rm -rf "$venv"
    if python3 -m venv "$venv" 2>/dev/null; then
        "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"
    else
        # No venv module (e.g. Debian without python3-venv): a plain target directory.
        rm -rf "$venv"
        mkdir -p "$venv/lib"
        python3 -m pip install -q --disable-pip-version-check --target "$venv/lib" -r "$here/requirements.txt"
    fi
    touch "$venv/.complete"
fi
py=("$venv/bin/python")
if [ ! -x "$venv/bin/python" ]; then
    py=(python3)
    export PYTHONPATH="$venv/lib${PYTHONPATH:+:$PYTHONPATH}"
fi

# --- the server ----------------------------------------------------------------------------------
work=$(mktemp -d "$tmp/fnhost-fuzz.XXXXXX")
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ -n "${FUZZ_KEEP:-}" ]; then echo "fuzz: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
account=1000
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')

# Only this run's settings: no FNHOST_* variable of the caller's shell (a database URL, a config
# file) reaches the server.
unset_fnhost=()
while IFS= read -r name; do unset_fnhost+=(-u "$name"); done < <(env | sed -n 's/^\(FNHOST_[A-Za-z0-9_]*\)=.*/\1/p')
env "${unset_fnhost[@]}" \
    FNHOST_BOOTSTRAP_PASSWORD="$password" \
    "$bin" serve --listen "127.0.0.1:$port" --data-dir "$work/data" \
    --bootstrap-account "$account" --bootstrap-user admin >"$work/server.log" 2>&1 &
server_pid=$!

if ! setup=$("${py[@]}" "$here/prepare.py" "$base" "$account" admin "$password"); then
    tail -n 40 "$work/server.log" >&2 || true
    die "setup failed"
fi
eval "$setup"
export FUZZ_ACCOUNT=$account FUZZ_LAMBDA_UUID FUZZ_LAMBDA_NAME FUZZ_EVENT
echo "fuzz: server $base, function $FUZZ_LAMBDA_UUID, app $FUZZ_APP_CLIENT_ID (setup $((SECONDS - started)) s)"

# --- the schema ----------------------------------------------------------------------------------
schema="$work/openapi.json"
if [ -n "$schema_file" ]; then
    cp "$schema_file" "$schema"
else
    python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=10).read())' \
        "$base/openapi.json" >"$schema"
fi
"${py[@]}" -m openapi_spec_validator "$schema" >/dev/null || die "the OpenAPI document is not valid (see above)"
if ! cmp -s "$schema" "$repo/crates/server/src/api/openapi.json"; then
    echo "fuzz: note: the served /openapi.json differs from crates/server/src/api/openapi.json (stale binary?)" >&2
fi

# Operations whose handlers hash with argon2 (slow in a debug build): fewer examples.
cat >"$work/schemathesis.toml" <<EOF
[cache]
enabled = false

[generation]
max-examples = $examples

[[operations]]
include-operation-id-regex = "^(login|createUser|createApp|appToken)\$"
generation.max-examples = 3
EOF

# --- the runs ------------------------------------------------------------------------------------
export SCHEMATHESIS_HOOKS=${FUZZ_HOOKS:-hooks}
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
export FUZZ_COUNT_FILE="$work/calls.txt"
checks=fnhost_error_contract,status_code_conformance,content_type_conformance,response_schema_conformance
status=0
run() { # NAME TOKEN
    local name=$1 token=$2
    echo
    echo "fuzz: === as the $name ==="
    (cd "$work" && "${py[@]}" -m schemathesis.cli --config-file "$work/schemathesis.toml" run "$schema" \
        --url "$base" \
        -H "Authorization: Bearer $token" \
        --checks "$checks" \
        --phases examples,coverage,fuzzing,stateful \
        --seed "$seed" \
        --workers "$workers" \
        --request-timeout 60 \
        --no-color \
        --report json --report-json-path "$work/report-$name.json") || status=1
}
# The app first: the admin run may revoke apps (see the header).
run app "$FUZZ_APP_TOKEN"
run admin "$FUZZ_ADMIN_TOKEN"

# Malformed percent-encoding in path parameters, which schemathesis cannot send (probes.py).
echo
probe_out=$(FUZZ_ADMIN_TOKEN=$FUZZ_ADMIN_TOKEN "${py[@]}" "$here/probes.py" "$schema" "$base") || status=1
echo "$probe_out"
read -r probe_cases probe_failures < <(sed -n 's/^probes: \([0-9]*\) requests, \([0-9]*\) failures$/\1 \2/p' <<<"$probe_out") || true

# --- the summary ---------------------------------------------------------------------------------
echo
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "fuzz: the server exited during the run; the end of its log:"
    tail -n 40 "$work/server.log" | sed 's/^/  /'
    status=1
fi
if grep -q "panicked at" "$work/server.log"; then
    echo "fuzz: the server panicked (count, location):"
    grep -o "panicked at [^ ]*" "$work/server.log" | sort | uniq -c | sort -rn | sed 's/^/  /'
fi
summary=$(python3 - "$work/report-app.json" "$work/report-admin.json" <<'EOF'
import json, sys
cases = failures = 0
for path in sys.argv[1:]:
    try:
        r = json.load(open(path))
    except (OSError, ValueError):
        failures += 1  # the run did not finish
        continue
    cases += r["test_cases"]["generated"]
    failures += r["test_cases"]["unique_failures"] + sum(e["count"] for e in r["errors"])
print(cases, failures)
EOF
)
read -r cases failures <<<"$summary"
echo "fuzz: schemathesis $cases cases, $failures failures; probes ${probe_cases:-0} requests, ${probe_failures:-1} failures"
cases=$((cases + ${probe_cases:-0}))
failures=$((failures + ${probe_failures:-1}))
if [ "$failures" -gt 0 ]; then status=1; fi
if [ "$status" -ne 0 ] && [ "$failures" -eq 0 ]; then failures=1; fi
echo "fuzz: $(wc -l <"$FUZZ_COUNT_FILE" 2>/dev/null || echo 0) requests sent by schemathesis; $((SECONDS - started)) s in all"
echo "fuzz: $cases cases, $failures failures"
exit "$status"
