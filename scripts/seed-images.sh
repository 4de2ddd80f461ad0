#!/usr/bin/env bash
# Builds the offline stand-ins of the public images the templates use (scripts/seed/), once:
# an image that already exists under its name is left alone. Needs a running engine and a
# built stager (dist/). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=stager-seed/debian:bookworm
missing=()
for pair in python:python:3.12-slim mysql:mysql:8.4 postgres:postgres:16 redis:redis:7 \
  minio:minio/minio:RELEASE.2024-12-18T13-15-44Z node:node:22-slim mongo:mongo:7; do
  service=${pair%%:*}
  image=${pair#*:}
  docker image inspect "$image" >/dev/null 2>&1 || missing+=("$service")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "seed-images: template images present"
  exit 0
fi
bash scripts/debian-image.sh "$BASE"

# The node stand-in is this machine's Node.js and npm, and trusts what this machine trusts.
if [[ " ${missing[*]} " == *" node "* ]]; then
  host=scripts/seed/node/host
  rm -rf "$host" && mkdir -p "$host"
  cp "$(readlink -f "$(command -v node)")" "$host/node"
  cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$host/npm"
  cp /etc/ssl/certs/ca-certificates.crt "$host/" 2>/dev/null || : >"$host/ca-certificates.crt"
fi

# mongo is built FROM node, so after it.
first=() later=()
for service in "${missing[@]}"; do
  if [ "$service" = mongo ]; then later+=(mongo); else first+=("$service"); fi
done
for batch in "${first[*]}" "${later[*]}"; do
  [ -n "$batch" ] || continue
  echo "seed-images: building $batch"
  # shellcheck disable=SC2086 # a batch is a list of service names
  SEED_BASE=$BASE node dist/bin.js -f scripts/seed/compose.yaml build $batch >/dev/null
done
rm -rf scripts/seed/node/host
echo "seed-images: built ${missing[*]}"
