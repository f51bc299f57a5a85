#!/usr/bin/env bash
# Runs every fnhost test on a fresh machine: Rust unit and integration tests (SQLite and
# PostgreSQL), then the compatibility suites that drive the real npm packages
# (liveperson-functions-client, liveperson-functions-cli) against `fnhost serve`, on SQLite and
# PostgreSQL, the Node differential tests (tests/conformance) and a check that the vendored npm
# modules are what scripts/vendor-npm.sh makes from the lockfile, then an API fuzz run
# (schemathesis from PyPI, in a venv it creates), then the web console: its committed bundle must
# match a rebuild, and its browser suite (playwright-core driving Debian's Chromium) must pass.
# Installs what it needs (npm and PyPI packages, and the chromium and nginx-light packages with
# apt-get when missing) itself.
#
# PostgreSQL: FNHOST_TEST_PG (default postgres://postgres@127.0.0.1:5432); tests create and drop
# their own databases named fnhost_test_*.
set -euo pipefail
cd "$(dirname "$0")"
LOG_DIR=${TMPDIR:-/tmp}/fnhost-test-logs.$$
mkdir -p "$LOG_DIR"
PG=${FNHOST_TEST_PG:-postgres://postgres@127.0.0.1:5432}

need() { command -v "$1" >/dev/null 2>&1 || { echo "test.sh: '$1' is required but not installed" >&2; exit 1; }; }
need cargo
need node
need npm
need python3

echo "==> npm packages for the compatibility suites and the console suite"
(cd tests/compat && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
(cd tests/console && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

CHROMIUM=${FNHOST_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "==> installing Debian's chromium for the console suite"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo -n"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
# The cluster test puts three nodes behind nginx (Debian's nginx-light; never started as a
# service here: the test runs its own on a free port).
if [ ! -x /usr/sbin/nginx ] && [ ! -x /usr/bin/nginx ]; then
  echo "==> installing Debian's nginx-light for the cluster test"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo -n"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $sudo_cmd apt-get install -y -qq nginx-light >/dev/null
  # Debian starts the packaged service on port 80; the tests need only the binary.
  ($sudo_cmd service nginx stop || $sudo_cmd pkill -x nginx) >/dev/null 2>&1 || true
fi

echo "==> cargo build"
cargo build --workspace --all-targets --quiet

# The email report tests talk to a real SMTP server (aiosmtpd from PyPI), in a venv keyed by
# its requirements and reused by later runs.
smtp_key=$( { cat tests/smtp/requirements.txt; python3 -c 'import sys; print(sys.version)'; } | python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')
smtp_venv="${TMPDIR:-/tmp}/fnhost-smtp-venv-$smtp_key"
if [ ! -f "$smtp_venv/.complete" ]; then
  echo "==> aiosmtpd for the email report tests"
  rm -rf "$smtp_venv"
  python3 -m venv "$smtp_venv"
  "$smtp_venv/bin/python" -m pip install -q --disable-pip-version-check -r tests/smtp/requirements.txt
  touch "$smtp_venv/.complete"
fi
export FNHOST_TEST_PYTHON="$smtp_venv/bin/python"

echo "==> cargo test (unit + integration, SQLite and PostgreSQL)"
set +e
cargo test --workspace --quiet --no-fail-fast 2>&1 | tee "$LOG_DIR/cargo.log"
cargo_status=${PIPESTATUS[0]}
set -e

run_compat() {
  local label=$1 pg=${2:-}
  echo "==> compatibility suites on $label"
  set +e
  FNHOST_BIN="$PWD/target/debug/fnhost" FNHOST_COMPAT_PG="$pg" \
    node --test --test-reporter=tap tests/compat/client.test.js tests/compat/cli.test.js 2>&1 | tee "$LOG_DIR/compat-$label.log" | grep -E '^(not ok|ok|# (tests|pass|fail))' 
  local status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    echo "---- compatibility failures on $label (details) ----"
    awk '/^not ok/{p=1} /^ok /{p=0} p' "$LOG_DIR/compat-$label.log" | head -200
  fi
  return "$status"
}

echo "==> vendored npm modules are what scripts/vendor-npm.sh makes from the lockfile"
vendor_tmp=$(mktemp -d)
set +e
scripts/vendor-npm.sh "$vendor_tmp" && diff -r "$vendor_tmp" crates/runtime/src/js/vendor > "$LOG_DIR/vendor.log" 2>&1
vendor_status=$?
set -e
rm -rf "$vendor_tmp"
if [ "$vendor_status" -ne 0 ]; then
  echo "---- crates/runtime/src/js/vendor differs from scripts/vendor-npm.sh's output (rerun the script) ----"
  head -40 "$LOG_DIR/vendor.log"
fi

echo "==> conformance: the corpus in tests/conformance run in Node and in fnhost, results compared"
set +e
FNHOST_CONFORMANCE_BIN="$PWD/target/debug/examples/conformance" node tests/conformance/run.js 2>&1 | tee "$LOG_DIR/conformance.log"
conformance_status=${PIPESTATUS[0]}
set -e

echo "==> API fuzz run (schemathesis against /openapi.json, as an app and as an admin)"
set +e
FNHOST_BIN="$PWD/target/debug/fnhost" tests/fuzz/run.sh > "$LOG_DIR/fuzz.log" 2>&1
fuzz_status=$?
set -e
tail -1 "$LOG_DIR/fuzz.log"
if [ "$fuzz_status" -ne 0 ]; then
  echo "---- fuzz failures (details) ----"
  tail -80 "$LOG_DIR/fuzz.log"
fi

compat_status=0
run_compat sqlite || compat_status=1
if command -v psql >/dev/null 2>&1; then
  # Each fnhost the suites start gets its own database (created and dropped with psql).
  run_compat postgres "$PG" || compat_status=1
else
  echo "psql not found: skipping the PostgreSQL compatibility run" >&2
  compat_status=1
fi

# The web console: the committed bundle is what the build script makes from the lockfile, and the
# browser suite passes.
echo "==> web console: bundle up to date, browser suite"
console_status=0
console_dist_fail=0
dist_tmp=$(mktemp -d)
if ! scripts/build-console.sh "$dist_tmp" >"$LOG_DIR/console-build.log" 2>&1 \
   || ! diff -r crates/server/console/dist "$dist_tmp" >>"$LOG_DIR/console-build.log" 2>&1; then
  echo "crates/server/console/dist is stale or does not build: run scripts/build-console.sh and commit dist/"
  head -40 "$LOG_DIR/console-build.log"
  console_dist_fail=1
  console_status=1
fi
rm -rf "$dist_tmp"
set +e
FNHOST_BIN="$PWD/target/debug/fnhost" FNHOST_CHROMIUM="$CHROMIUM" FNHOST_SCREENSHOTS="$LOG_DIR/screenshots" \
  node --test --test-concurrency=1 --test-reporter=tap tests/console/*.test.js 2>&1 | tee "$LOG_DIR/console.log" | grep -E '^(not ok|ok|# (tests|pass|fail))'
suite_status=${PIPESTATUS[0]}
set -e
if [ "$suite_status" -ne 0 ]; then
  console_status=1
  echo "---- console failures (details) ----"
  awk '/^not ok/{p=1} /^ok /{p=0} p' "$LOG_DIR/console.log" | head -200
fi

# One summary line for everything.
rust_pass=$(grep -Eo '[0-9]+ passed' "$LOG_DIR/cargo.log" | awk '{s+=$1} END {print s+0}')
rust_fail=$(grep -Eo '[0-9]+ failed' "$LOG_DIR/cargo.log" | awk '{s+=$1} END {print s+0}')
node_pass=$(cat "$LOG_DIR"/compat-*.log | grep -E '^# pass' | awk '{s+=$3} END {print s+0}')
node_fail=$(cat "$LOG_DIR"/compat-*.log | grep -E '^# fail' | awk '{s+=$3} END {print s+0}')
console_pass=$(grep -E '^# pass' "$LOG_DIR/console.log" | awk '{s+=$3} END {print s+0}')
console_fail=$(( $(grep -E '^# fail' "$LOG_DIR/console.log" | awk '{s+=$3} END {print s+0}') + console_dist_fail ))
conf_pass=$(grep -Eo '^conformance: [0-9]+ passed' "$LOG_DIR/conformance.log" | awk '{print $2}')
conf_fail=$(grep -Eo '[0-9]+ failed$' "$LOG_DIR/conformance.log" | tail -1 | awk '{print $1}')
conf_pass=${conf_pass:-0}
conf_fail=${conf_fail:-1}
vendor_pass=$(( vendor_status == 0 ? 1 : 0 ))
vendor_fail=$(( vendor_status == 0 ? 0 : 1 ))
fuzz_line=$(tail -1 "$LOG_DIR/fuzz.log")
fuzz_pass=$(( fuzz_status == 0 ? 1 : 0 ))
fuzz_fail=$(( fuzz_status == 0 ? 0 : 1 ))
rm -rf "$LOG_DIR"
echo
echo "rust: $rust_pass passed, $rust_fail failed; compatibility: $node_pass passed, $node_fail failed; conformance: $conf_pass passed, $conf_fail failed; vendored modules: $([ "$vendor_status" -eq 0 ] && echo current || echo STALE); console: $console_pass passed, $console_fail failed; ${fuzz_line}"
echo "$((rust_pass + node_pass + conf_pass + vendor_pass + console_pass + fuzz_pass)) passed, $((rust_fail + node_fail + conf_fail + vendor_fail + console_fail + fuzz_fail)) failed"
if [ "$cargo_status" -ne 0 ] || [ "$compat_status" -ne 0 ] || [ "$fuzz_status" -ne 0 ] || [ "$conformance_status" -ne 0 ] || [ "$vendor_status" -ne 0 ] || [ "$console_status" -ne 0 ]; then exit 1; fi
