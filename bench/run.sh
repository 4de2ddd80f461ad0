#!/usr/bin/env bash
# Runs every benchmark; each prints a markdown table with ratios against its peer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/dev-engine.sh
npm run --silent build
for b in bench/*.mjs; do
  [ "$(basename "$b")" = lib.mjs ] && continue
  node "$b"
  echo
done
