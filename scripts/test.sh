#!/usr/bin/env bash
# The README's test command: the engines the tests own (scripts/dev-engine.sh), the build, the
# templates' images (scripts/seed-images.sh), the unit tests once, then the integration and e2e
# suites on each engine of STAGER_TEST_ENGINES (default "20 28": the engines the tests own; an
# entry may also be an endpoint such as unix:///var/run/docker.sock, an engine the tests did not
# start, into which they write no public image name and on which they run no engine-wide prune).
# An engine that does not answer fails the run; it never skips tests. Arguments go to vitest:
# `npm test -- test/e2e/ps.test.ts` runs that file on each engine.
set -euo pipefail
cd "$(dirname "$0")/.."
state_dir=${STAGER_STATE_DIR:-/var/lib/stager-dev}

bash scripts/dev-engine.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
bash scripts/seed-images.sh
set -a
# shellcheck source=/dev/null
source "$state_dir/engines.env"
set +a
# The tests' docker CLI is Engine 28.5's, whatever else the machine has.
export PATH="$state_dir/bin:$PATH"

if [ $# -eq 0 ]; then
  npx vitest run --project unit
  suite=(--project integration)
else
  suite=(--passWithNoTests "$@")
fi
for engine in ${STAGER_TEST_ENGINES:-20 28}; do
  case $engine in
    20 | 28)
      host_var=STAGER_ENGINE_${engine}_HOST
      host=${!host_var}
      owned=1
      ;;
    *)
      host=$engine
      owned=0
      ;;
  esac
  echo "== integration and e2e tests on engine $engine ($host)"
  DOCKER_HOST=$host STAGER_TEST_ENGINE=$engine STAGER_TEST_ENGINE_OWNED=$owned npx vitest run "${suite[@]}"
done
