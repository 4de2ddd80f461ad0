#!/usr/bin/env bash
# The README's demo: install, start the project's own engines (scripts/dev-engine.sh), bring the
# small stack in templates/hello up on Engine 28 and show it answering.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
bash scripts/dev-engine.sh
# shellcheck source=/dev/null
source "${STAGER_STATE_DIR:-/var/lib/stager-dev}/engines.env"
export DOCKER_HOST=$STAGER_ENGINE_28_HOST

root=$PWD
# A project name of its own, so the demo never meets a project of yours; a port nothing holds.
export COMPOSE_PROJECT_NAME=stager-demo
stager() { node "$root/dist/bin.js" "$@"; }
demo=$(mktemp -d)/hello
stager init --template hello "$demo" >/dev/null
cd "$demo"
stager env init
port=${WEB_PORT:-$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")}
# An earlier demo's containers go; its volumes stay until its own down -v.
stager down --remove-orphans >/dev/null 2>&1 || true
echo "\$ stager up -d --wait     (in $demo, project $COMPOSE_PROJECT_NAME, port $port)"
WEB_PORT=$port stager up -d --wait
echo
echo '$ stager ps'
stager ps
url="http://127.0.0.1:$port/"
echo
echo "The web service answers at $url :"
node -e "fetch('$url').then(async (r) => { console.log(r.status, (await r.text()).match(/<h1>(.*)<\/h1>/)[1]); })"
echo
echo "Stop it with: DOCKER_HOST=$DOCKER_HOST node $root/dist/bin.js -p $COMPOSE_PROJECT_NAME down -v"
