#!/usr/bin/env bash
# Runs every fnhost test on a fresh machine: Rust unit and integration tests (SQLite and
# PostgreSQL), then the compatibility suites that drive the real npm packages
# (liveperson-functions-client, liveperson-functions-cli) against `fnhost serve`, on SQLite and
# PostgreSQL, the Node differential tests (tests/conformance) and a check that the vendored npm
# modules are what scripts/vendor-npm.sh makes from the lockfile, then an API fuzz run (schemathesis from PyPI, in a venv it creates). Installs what it
# needs (npm and PyPI packages) itself.
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

echo "==> npm packages for the compatibility suites"
(cd tests/compat && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

echo "==> cargo build"
cargo build --workspace --all-targets --quiet

echo "==> cargo test (unit + integration, SQLite and PostgreSQL)"
set +e
cargo test --workspace --quiet 2>&1 | tee "$LOG_DIR/cargo.log"
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

# One summary line for everything.
rust_pass=$(grep -Eo '[0-9]+ passed' "$LOG_DIR/cargo.log" | awk '{s+=$1} END {print s+0}')
rust_fail=$(grep -Eo '[0-9]+ failed' "$LOG_DIR/cargo.log" | awk '{s+=$1} END {print s+0}')
node_pass=$(cat "$LOG_DIR"/compat-*.log | grep -E '^# pass' | awk '{s+=$3} END {print s+0}')
node_fail=$(cat "$LOG_DIR"/compat-*.log | grep -E '^# fail' | awk '{s+=$3} END {print s+0}')
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
echo "rust: $rust_pass passed, $rust_fail failed; compatibility: $node_pass passed, $node_fail failed; conformance: $conf_pass passed, $conf_fail failed; vendored modules: $([ "$vendor_status" -eq 0 ] && echo current || echo STALE); ${fuzz_line}"
echo "$((rust_pass + node_pass + conf_pass + vendor_pass + fuzz_pass)) passed, $((rust_fail + node_fail + conf_fail + vendor_fail + fuzz_fail)) failed"
if [ "$cargo_status" -ne 0 ] || [ "$compat_status" -ne 0 ] || [ "$fuzz_status" -ne 0 ] || [ "$conformance_status" -ne 0 ] || [ "$vendor_status" -ne 0 ]; then exit 1; fi
