#!/usr/bin/env bash
# Builds the offline stand-ins of the public images the templates use (scripts/seed/), once:
# an image that already exists under its name is left alone. Needs a running engine and a
# built stager (dist/). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=stager-seed/debian:bookworm
missing=()
for pair in python:python:3.12-slim mysql:mysql:8.4 postgres:postgres:16 redis:redis:7 \
  minio:minio/minio:RELEASE.2024-12-18T13-15-44Z; do
  service=${pair%%:*}
  image=${pair#*:}
  docker image inspect "$image" >/dev/null 2>&1 || missing+=("$service")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "seed-images: template images present"
  exit 0
fi
bash scripts/debian-image.sh "$BASE"
echo "seed-images: building ${missing[*]}"
SEED_BASE=$BASE node dist/bin.js -f scripts/seed/compose.yaml build "${missing[@]}" >/dev/null
echo "seed-images: built ${missing[*]}"
