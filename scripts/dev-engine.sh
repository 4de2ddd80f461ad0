#!/usr/bin/env bash
# Makes sure a Docker engine answers, with the images and the registry stager's tests use.
# Idempotent: each step checks before it acts, so running it twice costs a few docker calls.
#   1. an engine: the one `docker info` reaches, else Debian's dockerd started here (root only);
#   2. seeded images: busybox:1.36 / busybox:latest from Debian's busybox-static (no registry needed);
#   3. a registry on 127.0.0.1:5000 (Debian's docker-registry), for pull/push tests;
#   4. debootstrap, with which scripts/seed-images.sh makes the templates' images offline.
# Env: STAGER_ENGINE_TIMEOUT (seconds to wait for dockerd, default 60),
#      STAGER_REGISTRY_PORT (default 5000), STAGER_STATE_DIR (default /var/lib/stager-dev).
set -euo pipefail

timeout_s=${STAGER_ENGINE_TIMEOUT:-60}
registry_port=${STAGER_REGISTRY_PORT:-5000}
state_dir=${STAGER_STATE_DIR:-/var/lib/stager-dev}
log_dir=${TMPDIR:-/tmp}
packages=(docker.io busybox-static docker-registry docker-compose debootstrap)

say() { printf 'dev-engine: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

engine_answers() { docker info >/dev/null 2>&1; }

install_packages() {
  local missing=()
  # `dpkg -s` succeeds for removed packages that left config files; ask for the installed state.
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log_dir/stager-apt.log" 2>&1 \
    || { tail -n 20 "$log_dir/stager-apt.log" >&2; die "apt-get install failed (log: $log_dir/stager-apt.log)"; }
}

start_dockerd() {
  local log="$log_dir/stager-dockerd.log"
  say "starting dockerd (log: $log)"
  # setsid: the daemon must outlive this script and the shell that ran it.
  setsid dockerd --host unix:///var/run/docker.sock >"$log" 2>&1 < /dev/null &
  local waited=0
  until engine_answers; do
    if ! kill -0 $! 2>/dev/null; then tail -n 20 "$log" >&2; die "dockerd exited; see $log"; fi
    [ "$waited" -ge "$timeout_s" ] && { tail -n 20 "$log" >&2; die "dockerd did not answer within ${timeout_s}s; see $log"; }
    sleep 1
    waited=$((waited + 1))
  done
  say "dockerd answers after ${waited}s"
}

ensure_engine() {
  if engine_answers; then return 0; fi
  if [ -n "${DOCKER_HOST:-}" ]; then
    die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine or unset DOCKER_HOST"
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "no Docker engine answers. Install Docker (Debian: apt-get install docker.io busybox-static docker-registry) and start it (dockerd, or systemctl start docker), then run this again"
  fi
  install_packages
  start_dockerd
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

seed_busybox() {
  image_exists busybox:1.36 && image_exists busybox:latest && return 0
  local bb
  bb=$(command -v busybox || true)
  [ -n "$bb" ] && "$bb" --list >/dev/null 2>&1 || { install_packages; bb=$(command -v busybox); }
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$root/home" "$root/var" "$root/proc" "$root/sys" "$root/dev"
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  for applet in $("$bb" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  say "seeding busybox:1.36 from $bb"
  tar -C "$root" -c . | docker import -c 'CMD ["sh"]' -c 'ENV PATH=/bin' - busybox:1.36 >/dev/null
  docker tag busybox:1.36 busybox:latest
  rm -rf "$root"
}

# Node is on every machine that runs stager; curl may not be.
registry_answers() {
  node -e "fetch('http://127.0.0.1:${registry_port}/v2/', { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}

ensure_registry() {
  registry_answers && return 0
  command -v docker-registry >/dev/null 2>&1 || install_packages
  command -v docker-registry >/dev/null 2>&1 || die "docker-registry is not installed (Debian: apt-get install docker-registry)"
  mkdir -p "$state_dir/registry"
  local config="$state_dir/registry.yml"
  cat >"$config" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state_dir/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${registry_port}
YAML
  local log="$log_dir/stager-registry.log"
  say "starting a registry on 127.0.0.1:${registry_port} (log: $log)"
  setsid docker-registry serve "$config" >"$log" 2>&1 < /dev/null &
  local waited=0
  until registry_answers; do
    [ "$waited" -ge 20 ] && { tail -n 20 "$log" >&2; die "the registry did not answer within 20s; see $log"; }
    sleep 0.5
    waited=$((waited + 1))
  done
}

ensure_engine
seed_busybox
ensure_registry
say "ready: $(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null)"
