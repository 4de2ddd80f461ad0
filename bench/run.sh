#!/usr/bin/env bash
# Runs every benchmark; each prints a markdown table with ratios against a peer measured in the
# same run. The engines are those of scripts/dev-engine.sh; benchmarks that use one engine use 28.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/dev-engine.sh
npm run --silent build
state_dir=${STAGER_STATE_DIR:-/var/lib/stager-dev}
set -a
# shellcheck source=/dev/null
source "$state_dir/engines.env"
set +a
export DOCKER_HOST=$STAGER_ENGINE_28_HOST PATH="$state_dir/bin:$PATH"
for b in bench/*.mjs; do
  [ "$(basename "$b")" = lib.mjs ] || [ "$(basename "$b")" = project.mjs ] && continue
  node "$b"
  echo
done
