#!/usr/bin/env bash
# Builds the web console into crates/server/console/dist/ (or into the directory given as $1):
# esbuild bundles src/main.js (the app's modules and CodeMirror 6) into app.js, and app.css;
# index.html and icon.svg are copied. The packages come from console/package-lock.json (npm ci),
# so the output is the same byte for byte on every machine: dist/ is committed and `cargo build`
# needs no Node; test.sh rebuilds into a temporary directory and fails if dist/ is stale.
#
#   scripts/build-console.sh            # rebuild dist/ after editing console/src
#   scripts/build-console.sh /tmp/out   # build elsewhere (test.sh's freshness check)
set -euo pipefail
console=$(cd "$(dirname "$0")/../crates/server/console" && pwd)
out=${1:-$console/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$console"
if [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
common=(--bundle --minify --target=es2020 --legal-comments=none --log-level=warning --charset=utf8)
node_modules/.bin/esbuild src/main.js "${common[@]}" --format=iife --outfile="$out/app.js"
node_modules/.bin/esbuild src/app.css "${common[@]}" --outfile="$out/app.css"
cp src/index.html src/icon.svg "$out/"
