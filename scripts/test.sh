#!/usr/bin/env bash
# The README's test command: engine up (scripts/dev-engine.sh), build, seed the templates'
# images (scripts/seed-images.sh), then unit and integration tests. An engine that does not
# answer fails the run; it never skips tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/dev-engine.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
# The templates' images (mysql, postgres, redis, minio, python) as offline stand-ins, built once.
bash scripts/seed-images.sh
npx vitest run "$@"
