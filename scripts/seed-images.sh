#!/usr/bin/env bash
# Builds the offline stand-ins of the public images the templates use (scripts/seed/) into the
# engines the tests own, and only those: built once on engine 28 with `stager build`, then
# copied into engine 20 with `docker save | docker load`. An image that already exists under its
# name is left alone. Needs scripts/dev-engine.sh to have run and a built stager (dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source "${STAGER_STATE_DIR:-/var/lib/stager-dev}/engines.env"
BASE=stager-seed/debian:bookworm
images=(python:3.12-slim mysql:8.4 postgres:16 redis:7 minio/minio:RELEASE.2024-12-18T13-15-44Z
  node:22-slim mongo:7)
services=(python mysql postgres redis minio node mongo)

missing_on() {
  local host=$1 i
  for i in "${!images[@]}"; do
    DOCKER_HOST=$host docker image inspect "${images[$i]}" >/dev/null 2>&1 || echo "${services[$i]}"
  done
}

build_on() {
  local host=$1
  mapfile -t missing < <(missing_on "$host")
  [ ${#missing[@]} -eq 0 ] && return 0
  DOCKER_HOST=$host bash scripts/debian-image.sh "$BASE"
  # The node stand-in is this machine's Node.js and npm, and trusts what this machine trusts.
  if [[ " ${missing[*]} " == *" node "* ]]; then
    local host_dir=scripts/seed/node/host
    rm -rf "$host_dir" && mkdir -p "$host_dir"
    cp "$(readlink -f "$(command -v node)")" "$host_dir/node"
    cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$host_dir/npm"
    cp /etc/ssl/certs/ca-certificates.crt "$host_dir/" 2>/dev/null || : >"$host_dir/ca-certificates.crt"
  fi
  # mongo is built FROM node, so after it.
  local first=() later=() batch
  for service in "${missing[@]}"; do
    if [ "$service" = mongo ]; then later+=(mongo); else first+=("$service"); fi
  done
  for batch in "${first[*]}" "${later[*]}"; do
    [ -n "$batch" ] || continue
    echo "seed-images: building $batch on $host"
    # shellcheck disable=SC2086 # a batch is a list of service names
    DOCKER_HOST=$host SEED_BASE=$BASE node dist/bin.js -f scripts/seed/compose.yaml build $batch >/dev/null
  done
  rm -rf scripts/seed/node/host
}

copy_to() {
  local from=$1 to=$2 names=() i
  for i in "${!images[@]}"; do
    DOCKER_HOST=$to docker image inspect "${images[$i]}" >/dev/null 2>&1 || names+=("${images[$i]}")
  done
  [ ${#names[@]} -eq 0 ] && return 0
  echo "seed-images: copying ${names[*]} to $to"
  DOCKER_HOST=$from docker save "${names[@]}" | DOCKER_HOST=$to docker load -q >/dev/null
}

build_on "$STAGER_ENGINE_28_HOST"
copy_to "$STAGER_ENGINE_28_HOST" "$STAGER_ENGINE_20_HOST"
echo "seed-images: template images present on both engines"
