/**
 * compose-go's types (v2.9, the loader of Compose v2.40) as shapes for go-json.ts: every field in
 * declaration order, `omitempty` unless marked `keep`. Fields tagged `json:"-"` (service
 * extensions, custom labels) are absent. When Compose moves to a newer compose-go, its types are
 * read again and this file follows.
 */
import { keep, list, map, ptr, struct, type Shape } from './go-json.js';

const strings = list('string');
const stringMap = map('string');
/** MappingWithEquals: a value of null is a variable named without one. */
const nullableStringMap = map(ptr('string'));

const hook = struct({
  command: keep(strings),
  user: 'string',
  privileged: 'bool',
  working_dir: 'string',
  environment: nullableStringMap,
});

const fileReference = struct({
  source: 'string',
  target: 'string',
  uid: 'string',
  gid: 'string',
  mode: ptr('filemode'),
});

const deviceRequest = struct({
  capabilities: strings,
  driver: 'string',
  count: 'int',
  device_ids: strings,
  options: stringMap,
});

const throttle = struct({ Path: keep('string'), Rate: keep('bytes') });

const updateConfig = struct({
  parallelism: ptr('int'),
  delay: 'duration',
  failure_action: 'string',
  monitor: 'duration',
  max_failure_ratio: 'float32',
  order: 'string',
});

const resource = struct({
  cpus: 'float32',
  memory: 'bytes',
  pids: 'int',
  devices: list(deviceRequest),
  generic_resources: list(
    struct({
      discrete_resource_spec: ptr(struct({ kind: keep('string'), value: keep('int') })),
    }),
  ),
});

const ulimits = map(ptr('ulimit'));

export const buildShape: Shape = struct({
  context: 'string',
  dockerfile: 'string',
  dockerfile_inline: 'string',
  entitlements: strings,
  args: nullableStringMap,
  provenance: 'string',
  sbom: 'string',
  ssh: list('string'),
  labels: stringMap,
  cache_from: strings,
  cache_to: strings,
  no_cache: 'bool',
  additional_contexts: stringMap,
  pull: 'bool',
  extra_hosts: 'hosts',
  isolation: 'string',
  network: 'string',
  target: 'string',
  secrets: list(fileReference),
  shm_size: 'bytes',
  tags: strings,
  ulimits,
  platforms: strings,
  privileged: 'bool',
});

export const serviceShape: Shape = struct({
  profiles: strings,
  annotations: stringMap,
  attach: ptr('bool'),
  build: ptr(buildShape),
  develop: ptr(
    struct({
      watch: list(
        struct({
          path: keep('string'),
          action: keep('string'),
          target: 'string',
          exec: hook,
          include: strings,
          ignore: strings,
          initial_sync: 'bool',
        }),
      ),
    }),
  ),
  blkio_config: ptr(
    struct({
      weight: 'int',
      weight_device: list(struct({ Path: keep('string'), Weight: keep('int') })),
      device_read_bps: list(throttle),
      device_read_iops: list(throttle),
      device_write_bps: list(throttle),
      device_write_iops: list(throttle),
    }),
  ),
  cap_add: strings,
  cap_drop: strings,
  cgroup_parent: 'string',
  cgroup: 'string',
  cpu_count: 'int',
  cpu_percent: 'float32',
  cpu_period: 'int',
  cpu_quota: 'int',
  cpu_rt_period: 'int',
  cpu_rt_runtime: 'int',
  cpus: 'float32',
  cpuset: 'string',
  cpu_shares: 'int',
  command: keep(strings),
  configs: list(fileReference),
  container_name: 'string',
  credential_spec: ptr(struct({ config: 'string', file: 'string', registry: 'string' })),
  depends_on: map(struct({ condition: 'string', restart: 'bool', required: keep('bool') })),
  deploy: ptr(
    struct({
      mode: 'string',
      replicas: ptr('int'),
      labels: stringMap,
      update_config: ptr(updateConfig),
      rollback_config: ptr(updateConfig),
      resources: struct({ limits: ptr(resource), reservations: ptr(resource) }),
      restart_policy: ptr(
        struct({
          condition: 'string',
          delay: ptr('duration'),
          max_attempts: ptr('int'),
          window: ptr('duration'),
        }),
      ),
      placement: struct({
        constraints: strings,
        preferences: list(struct({ spread: 'string' })),
        max_replicas_per_node: 'int',
      }),
      endpoint_mode: 'string',
    }),
  ),
  device_cgroup_rules: strings,
  devices: list(struct({ source: 'string', target: 'string', permissions: 'string' })),
  dns: strings,
  dns_opt: strings,
  dns_search: strings,
  dockerfile: 'string',
  domainname: 'string',
  entrypoint: keep(strings),
  provider: ptr(struct({ type: 'string', options: map(strings) })),
  environment: nullableStringMap,
  env_file: list(struct({ path: 'string', required: keep('bool'), format: 'string' })),
  expose: strings,
  extends: ptr(struct({ file: 'string', service: 'string' })),
  external_links: strings,
  extra_hosts: 'hosts',
  group_add: strings,
  gpus: list(deviceRequest),
  hostname: 'string',
  healthcheck: ptr(
    struct({
      test: strings,
      timeout: ptr('duration'),
      interval: ptr('duration'),
      retries: ptr('int'),
      start_period: ptr('duration'),
      start_interval: ptr('duration'),
      disable: 'bool',
    }),
  ),
  image: 'string',
  init: ptr('bool'),
  ipc: 'string',
  isolation: 'string',
  labels: stringMap,
  label_file: strings,
  links: strings,
  logging: ptr(struct({ driver: 'string', options: stringMap })),
  log_driver: 'string',
  log_opt: stringMap,
  mem_limit: 'bytes',
  mem_reservation: 'bytes',
  memswap_limit: 'bytes',
  mem_swappiness: 'bytes',
  mac_address: 'string',
  models: map(ptr(struct({ endpoint_var: 'string', model_var: 'string' }))),
  net: 'string',
  network_mode: 'string',
  networks: map(
    ptr(
      struct({
        aliases: strings,
        driver_opts: stringMap,
        gw_priority: 'int',
        interface_name: 'string',
        ipv4_address: 'string',
        ipv6_address: 'string',
        link_local_ips: strings,
        mac_address: 'string',
        priority: 'int',
      }),
    ),
  ),
  oom_kill_disable: 'bool',
  oom_score_adj: 'int',
  pid: 'string',
  pids_limit: 'int',
  platform: 'string',
  ports: list(
    struct({
      name: 'string',
      mode: 'string',
      host_ip: 'string',
      target: 'int',
      published: 'string',
      protocol: 'string',
      app_protocol: 'string',
    }),
  ),
  privileged: 'bool',
  pull_policy: 'string',
  read_only: 'bool',
  restart: 'string',
  runtime: 'string',
  scale: ptr('int'),
  secrets: list(fileReference),
  security_opt: strings,
  shm_size: 'bytes',
  stdin_open: 'bool',
  stop_grace_period: ptr('duration'),
  stop_signal: 'string',
  storage_opt: stringMap,
  sysctls: stringMap,
  tmpfs: strings,
  tty: 'bool',
  ulimits,
  use_api_socket: 'bool',
  user: 'string',
  userns_mode: 'string',
  uts: 'string',
  volume_driver: 'string',
  volumes: list(
    struct({
      type: 'string',
      source: 'string',
      target: 'string',
      read_only: 'bool',
      consistency: 'string',
      bind: ptr(
        struct({
          selinux: 'string',
          propagation: 'string',
          create_host_path: 'bool',
          recursive: 'string',
        }),
      ),
      volume: ptr(struct({ labels: stringMap, nocopy: 'bool', subpath: 'string' })),
      tmpfs: ptr(struct({ size: 'bytes', mode: 'int' })),
      image: ptr(struct({ subpath: 'string' })),
    }),
  ),
  volumes_from: strings,
  working_dir: 'string',
  post_start: list(hook),
  pre_stop: list(hook),
});

export const networkShape: Shape = struct({
  name: 'string',
  driver: 'string',
  driver_opts: stringMap,
  ipam: struct({
    driver: 'string',
    config: list(
      ptr(
        struct({
          subnet: 'string',
          gateway: 'string',
          ip_range: 'string',
          aux_addresses: stringMap,
        }),
      ),
    ),
  }),
  external: 'bool',
  internal: 'bool',
  attachable: 'bool',
  labels: stringMap,
  enable_ipv4: ptr('bool'),
  enable_ipv6: ptr('bool'),
});

export const volumeShape: Shape = struct({
  name: 'string',
  driver: 'string',
  driver_opts: stringMap,
  external: 'bool',
  labels: stringMap,
});

/** Secrets and configs (FileObjectConfig). */
export const fileObjectShape: Shape = struct({
  name: 'string',
  file: 'string',
  environment: 'string',
  content: 'string',
  external: 'bool',
  labels: stringMap,
  driver: 'string',
  driver_opts: stringMap,
  template_driver: 'string',
});
