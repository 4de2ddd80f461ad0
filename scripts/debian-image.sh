#!/usr/bin/env bash
# A Debian base image for the build benchmarks, made offline-style from Debian's own mirror with
# debootstrap (no registry needed) and imported under a fixed name. Idempotent: does nothing
# when the image exists.
set -euo pipefail
IMAGE=${1:-stager-bench/debian:bookworm}
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "debian-image: $IMAGE present"
  exit 0
fi
if ! command -v debootstrap >/dev/null; then
  apt-get install -y -q debootstrap >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q debootstrap >/dev/null; }
fi
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
echo "debian-image: debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
# What the official image adds: apt deletes downloaded packages after each install.
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
CONF
tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' - "$IMAGE" >/dev/null
echo "debian-image: $IMAGE imported"
