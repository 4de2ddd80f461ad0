#!/usr/bin/env bash
# Starts the Docker engines that belong to stager's tests (never the user's own), seeds them and
# a registry, and writes where they are to $STATE/engines.env. Idempotent: each step checks
# before it acts, so a second run costs a few requests.
#   engine 20.10 (API 1.41): Debian 12's docker.io, the oldest engine stager supports;
#   engine 28.5  (API 1.51): Debian unstable's docker.io, docker-cli, docker-buildx and
#                docker-compose (Compose v2.40), downloaded with apt and unpacked with dpkg -x
#                into $STATE, never installed; they run on Debian 12's libc, containerd and runc.
# Each engine has its own socket, data root, exec root (so its own containerd), pidfile, bridge
# and address pool. Never `--bridge none`: dockerd then deletes the host's docker0.
# Seeded into those engines only: busybox:1.36 and busybox:latest from Debian's busybox-static.
# A registry (Debian's docker-registry) serves 127.0.0.1:5000 for pull and push tests.
# Each engine also listens on 127.0.0.1:237NN (NN: 20 or 28) with --tlsverify and certificates
# made here, for the tests of TLS endpoints and contexts, and an sshd on 127.0.0.1:222NN reaches
# it through `docker system dial-stdio`. Podman's Docker API serves unix:///run/stager/podman.sock.
# Env: STAGER_STATE_DIR (default /var/lib/stager-dev), STAGER_RUN_DIR (default /run/stager),
#      STAGER_ENGINE_TIMEOUT (seconds to wait for an engine, default 60),
#      STAGER_REGISTRY_PORT (default 5000).
set -euo pipefail

state_dir=${STAGER_STATE_DIR:-/var/lib/stager-dev}
run_dir=${STAGER_RUN_DIR:-/run/stager}
timeout_s=${STAGER_ENGINE_TIMEOUT:-60}
registry_port=${STAGER_REGISTRY_PORT:-5000}
sid_root=$state_dir/engine-28/root
packages=(docker.io busybox-static docker-registry docker-compose debootstrap iproute2 iptables attr podman catatonit)

say() { printf 'dev-engine: %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1 || [ ! -f /etc/debian_version ]; then
  die "the test engines are started as root on Debian (apt-get, dpkg). Elsewhere install Docker \
Engine 20.10+ with Compose v2, start it, and run the suite against it with \
STAGER_TEST_ENGINES=unix:///var/run/docker.sock"
fi

# apt waits for another apt or dpkg to finish instead of failing on its lock.
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }

install_packages() {
  local missing=()
  # `dpkg -s` succeeds for removed packages that left config files; ask for the installed state.
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} from Debian 12"
  export DEBIAN_FRONTEND=noninteractive
  local log=$state_dir/apt.log
  { apt_get update -qq && apt_get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 ||
    {
      tail -n 20 "$log" >&2
      die "apt-get install failed (log: $log)"
    }
}

# Debian unstable's packages, downloaded through a sources list of their own so that the
# machine's apt configuration never names sid.
fetch_engine28() {
  [ -x "$sid_root/usr/sbin/dockerd" ] && [ -x "$sid_root/usr/libexec/docker/cli-plugins/docker-compose" ] && return 0
  local apt_dir=$state_dir/sid-apt
  rm -rf "$apt_dir" "$sid_root"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs" "$sid_root"
  echo 'deb http://deb.debian.org/debian sid main' >"$apt_dir/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache")
  say "downloading docker.io, docker-cli, docker-buildx and docker-compose from Debian unstable"
  apt_get "${opts[@]}" update -qq >"$apt_dir/update.log" 2>&1 ||
    die "apt-get update of Debian unstable failed (log: $apt_dir/update.log)"
  # apt drops to the _apt user for downloads; a folder it can write keeps it from warning.
  chown _apt "$apt_dir/debs" 2>/dev/null || true
  (cd "$apt_dir/debs" && apt_get "${opts[@]}" download docker.io docker-cli docker-buildx docker-compose) \
    >"$apt_dir/download.log" 2>&1 || die "apt-get download failed (log: $apt_dir/download.log)"
  for deb in "$apt_dir"/debs/*.deb; do dpkg -x "$deb" "$sid_root"; done
  rm -rf "$apt_dir/cache" "$apt_dir/debs"
}

# A CA, a server certificate for 127.0.0.1 and a client certificate, made once: each engine
# also listens on 127.0.0.1 with --tlsverify, for the tests of TLS endpoints and contexts.
tls_dir=$state_dir/tls
make_certificates() {
  [ -s "$tls_dir/client/key.pem" ] && return 0
  say "making TLS certificates in $tls_dir"
  rm -rf "$tls_dir"
  mkdir -p "$tls_dir/client"
  (
    cd "$tls_dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=stager test engines CA' \
      -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' -keyout server-key.pem \
      -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.cnf
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 \
      -extfile server.cnf -out server-cert.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj '/CN=stager tests' -keyout client/key.pem \
      -out client.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.cnf
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 \
      -extfile client.cnf -out client/cert.pem 2>/dev/null
    cp ca.pem client/ca.pem
    rm -f server.csr client.csr
  )
}

# The TLS port of each engine: 23700 + its name.
tls_port() { echo $((23700 + $1)); }

tls_answers() {
  local port=$1
  DOCKER_HOST=tcp://127.0.0.1:$port DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$tls_dir/client \
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# NAME DOCKERD BRIDGE BRIDGE_ADDRESS POOL: starts the engine unless its socket answers.
start_engine() {
  local name=$1 dockerd=$2 bridge=$3 address=$4 pool=$5
  local host=unix://$run_dir/engine-$name.sock
  local port
  port=$(tls_port "$name")
  if DOCKER_HOST=$host docker info >/dev/null 2>&1; then
    tls_answers "$port" && return 0
    # Started before it listened on TLS: stopped, then started again with it.
    say "restarting engine $name to listen on 127.0.0.1:$port with TLS"
    local old
    old=$(cat "$run_dir/engine-$name.pid" 2>/dev/null || true)
    if [ -n "$old" ]; then
      kill "$old" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$old" 2>/dev/null || break; sleep 0.5; done
    fi
  fi
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "$address" dev "$bridge"
  fi
  ip link set "$bridge" up
  local data=$state_dir/engine-$name
  mkdir -p "$data/data" "$run_dir"
  local log=$data/dockerd.log
  say "starting engine $name on $host (log: $log)"
  # setsid: the daemon outlives this script and the shell that ran it. The unpacked engine
  # finds its own docker-proxy and docker-init first.
  PATH="$(dirname "$dockerd"):$(dirname "$(dirname "$dockerd")")/bin:$PATH" setsid "$dockerd" \
    --host "$host" --host "tcp://127.0.0.1:$port" --tlsverify --tlscacert "$tls_dir/ca.pem" \
    --tlscert "$tls_dir/server-cert.pem" --tlskey "$tls_dir/server-key.pem" \
    --data-root "$data/data" --exec-root "$run_dir/engine-$name" \
    --pidfile "$run_dir/engine-$name.pid" --bridge "$bridge" \
    --default-address-pool "base=$pool,size=24" >"$log" 2>&1 </dev/null &
  local pid=$! waited=0
  until DOCKER_HOST=$host docker info >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$log" >&2
      die "engine $name exited; see $log"
    fi
    if [ "$waited" -ge "$((timeout_s * 2))" ]; then
      tail -n 20 "$log" >&2
      die "engine $name did not answer within ${timeout_s}s; see $log"
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

seed_busybox() {
  local host=$1
  export DOCKER_HOST=$host
  if docker image inspect busybox:1.36 >/dev/null 2>&1 && docker image inspect busybox:latest >/dev/null 2>&1; then
    unset DOCKER_HOST
    return 0
  fi
  local bb root
  bb=$(command -v busybox)
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$root/home" "$root/var" "$root/proc" "$root/sys" "$root/dev"
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  for applet in $("$bb" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  say "seeding busybox:1.36 into $host"
  tar -C "$root" -c . | docker import -c 'CMD ["sh"]' -c 'ENV PATH=/bin' - busybox:1.36 >/dev/null
  docker tag busybox:1.36 busybox:latest
  rm -rf "$root"
  unset DOCKER_HOST
}

# Node is on every machine that runs stager; curl may not be.
registry_answers() {
  node -e "fetch('http://127.0.0.1:${registry_port}/v2/', { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}

ensure_registry() {
  registry_answers && return 0
  mkdir -p "$state_dir/registry"
  local config=$state_dir/registry.yml
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
  local log=$state_dir/registry.log
  say "starting a registry on 127.0.0.1:${registry_port} (log: $log)"
  setsid docker-registry serve "$config" >"$log" 2>&1 </dev/null &
  local waited=0
  until registry_answers; do
    if [ "$waited" -ge 40 ]; then
      tail -n 20 "$log" >&2
      die "the registry did not answer within 20s; see $log"
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

# An sshd per engine on 127.0.0.1:222NN whose sessions reach that engine (SetEnv DOCKER_HOST),
# for the tests of ssh:// endpoints: Debian 12's openssh-server unpacked with dpkg -x, never
# installed (installing it would start a system sshd). Its keys and a client config live in
# $state_dir/sshd; $state_dir/sshd/bin/ssh is the machine's ssh with that config, which tests
# put first on PATH for stager and for the docker CLI alike.
ssh_dir=$state_dir/sshd
ssh_port() { echo $((22200 + $1)); }

ssh_answers() {
  "$ssh_dir/bin/ssh" -o ConnectTimeout=5 -p "$(ssh_port "$1")" root@127.0.0.1 \
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1 </dev/null
}

ensure_sshd() {
  local root=$ssh_dir/root
  if [ ! -x "$root/usr/sbin/sshd" ]; then
    say "fetching openssh-server (Debian 12) into $root"
    local debs
    debs=$(mktemp -d)
    (cd "$debs" && apt_get download openssh-server libwrap0 >"$state_dir/apt-sshd.log" 2>&1) ||
      die "apt-get download openssh-server failed (log: $state_dir/apt-sshd.log)"
    mkdir -p "$root"
    for deb in "$debs"/*.deb; do dpkg -x "$deb" "$root"; done
    rm -rf "$debs"
  fi
  mkdir -p "$ssh_dir/bin" /run/sshd
  # sshd drops privileges to this user, as the package's own postinst creates it.
  id sshd >/dev/null 2>&1 ||
    useradd --system --no-create-home --home-dir /run/sshd --shell /usr/sbin/nologin sshd
  chmod 700 "$ssh_dir"
  [ -s "$ssh_dir/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/host_key"
  [ -s "$ssh_dir/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/client_key"
  cp "$ssh_dir/client_key.pub" "$ssh_dir/authorized_keys"
  local hostpub
  hostpub=$(cut -d' ' -f1,2 "$ssh_dir/host_key.pub")
  : >"$ssh_dir/known_hosts"
  for name in 20 28; do echo "[127.0.0.1]:$(ssh_port "$name") $hostpub" >>"$ssh_dir/known_hosts"; done
  cat >"$ssh_dir/client_config" <<CONF
Host *
  IdentityFile $ssh_dir/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $ssh_dir/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
CONF
  printf '#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' "$ssh_dir/client_config" >"$ssh_dir/bin/ssh"
  chmod +x "$ssh_dir/bin/ssh"
  for name in 20 28; do
    ssh_answers "$name" && continue
    local port config=$ssh_dir/sshd-$name.conf
    port=$(ssh_port "$name")
    cat >"$config" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $ssh_dir/host_key
PidFile $run_dir/sshd-$name.pid
AuthorizedKeysFile $ssh_dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
SetEnv DOCKER_HOST=unix://$run_dir/engine-$name.sock
CONF
    say "starting sshd for engine $name on 127.0.0.1:$port"
    LD_LIBRARY_PATH=$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu \
      "$root/usr/sbin/sshd" -f "$config" -E "$ssh_dir/sshd-$name.log" ||
      die "sshd for engine $name did not start; see $ssh_dir/sshd-$name.log"
    local waited=0
    until ssh_answers "$name"; do
      [ "$waited" -ge 20 ] && die "sshd for engine $name does not reach it; see $ssh_dir/sshd-$name.log"
      sleep 0.5
      waited=$((waited + 1))
    done
  done
}

# Podman's Docker API (`podman system service`) on $run_dir/podman.sock, with its storage,
# networks and settings under $state_dir/podman: a third engine for the tests that stager works
# on Podman. No systemd runs here, so healthchecks run only when a test runs
# `podman healthcheck run`.
podman_dir=$state_dir/podman
podman_sock=$run_dir/podman.sock
podman_cmd() {
  CONTAINERS_CONF=$podman_dir/containers.conf podman --root "$podman_dir/storage" \
    --runroot "$run_dir/podman-run" "$@"
}

podman_answers() {
  node -e "require('http').get({ socketPath: '$podman_sock', path: '/_ping', timeout: 2000 }, (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"
}

ensure_podman() {
  mkdir -p "$podman_dir/networks" "$run_dir"
  # Podman raises the open files and processes limits of every container to values only
  # CAP_SYS_RESOURCE may set; within a sandbox without it they are set to what is allowed.
  cat >"$podman_dir/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
[network]
network_config_dir = "$podman_dir/networks"
CONF
  if ! podman_answers; then
    say "starting podman's Docker API on unix://$podman_sock"
    rm -f "$podman_sock"
    CONTAINERS_CONF=$podman_dir/containers.conf setsid podman --root "$podman_dir/storage" \
      --runroot "$run_dir/podman-run" system service --time=0 "unix://$podman_sock" \
      >"$podman_dir/service.log" 2>&1 </dev/null &
    local waited=0
    until podman_answers; do
      [ "$waited" -ge 40 ] && die "podman's service did not answer; see $podman_dir/service.log"
      sleep 0.5
      waited=$((waited + 1))
    done
  fi
  if ! podman_cmd image exists docker.io/library/busybox:1.36; then
    say "seeding busybox:1.36 into podman"
    DOCKER_HOST=unix://$run_dir/engine-20.sock docker save busybox:1.36 | podman_cmd load -q >/dev/null
    podman_cmd tag localhost/busybox:1.36 docker.io/library/busybox:1.36 docker.io/library/busybox:latest
    podman_cmd rmi localhost/busybox:1.36 >/dev/null
  fi
}

mkdir -p "$state_dir"
install_packages
fetch_engine28
make_certificates
start_engine 20 /usr/sbin/dockerd stager-br20 10.230.0.1/24 10.232.0.0/16
start_engine 28 "$sid_root/usr/sbin/dockerd" stager-br28 10.231.0.1/24 10.233.0.0/16
for name in 20 28; do seed_busybox "unix://$run_dir/engine-$name.sock"; done
ensure_registry
ensure_sshd
ensure_podman

# What the tests and benchmarks read: where each engine is, and the tools of the current one.
mkdir -p "$state_dir/bin"
ln -sfn "$sid_root/usr/bin/docker" "$state_dir/bin/docker"
cat >"$state_dir/engines.env" <<ENV
STAGER_ENGINE_20_HOST=unix://$run_dir/engine-20.sock
STAGER_ENGINE_28_HOST=unix://$run_dir/engine-28.sock
STAGER_ENGINE_20_TLS_HOST=tcp://127.0.0.1:$(tls_port 20)
STAGER_ENGINE_28_TLS_HOST=tcp://127.0.0.1:$(tls_port 28)
STAGER_ENGINE_TLS_CERTS=$tls_dir/client
STAGER_ENGINE_20_SSH_HOST=ssh://root@127.0.0.1:$(ssh_port 20)
STAGER_ENGINE_28_SSH_HOST=ssh://root@127.0.0.1:$(ssh_port 28)
STAGER_SSH_BIN=$ssh_dir/bin
STAGER_PODMAN_HOST=unix://$podman_sock
STAGER_PODMAN_ARGS="--root $podman_dir/storage --runroot $run_dir/podman-run"
STAGER_PODMAN_CONF=$podman_dir/containers.conf
STAGER_DOCKER_CLI=$sid_root/usr/bin/docker
STAGER_COMPOSE_V2=$sid_root/usr/libexec/docker/cli-plugins/docker-compose
STAGER_BUILDX=$sid_root/usr/libexec/docker/cli-plugins/docker-buildx
ENV
for name in 20 28; do
  say "engine $name: $(DOCKER_HOST=unix://$run_dir/engine-$name.sock docker version --format '{{.Server.Version}}, API {{.Server.APIVersion}}') on unix://$run_dir/engine-$name.sock"
done
say "Compose $("$sid_root/usr/libexec/docker/cli-plugins/docker-compose" version --short); settings in $state_dir/engines.env"
