/**
 * The Compose file format as a JSON Schema (draft-07), written for stager from the Compose
 * specification's list of keys and their shapes. Values may be strings almost everywhere because
 * interpolation produces strings; what the schema is strict about is keys and structure, which is
 * where a typo silently changes what runs.
 */

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const bool: Schema = { type: ['boolean', 'string'] };
const num: Schema = { type: ['number', 'string'] };
const int: Schema = { type: ['integer', 'string'] };
const scalar: Schema = { type: ['string', 'number', 'boolean', 'null'] };
const strings: Schema = { type: 'array', items: str };
const stringOrList: Schema = { type: ['string', 'array'], items: str };
const listOrDict: Schema = {
  type: ['object', 'array'],
  items: str,
  additionalProperties: scalar,
};
const anything: Schema = {};

/** An object with exactly these keys, plus `x-*` extensions. */
function obj(properties: Record<string, Schema>, required: string[] = []): Schema {
  return {
    type: 'object',
    properties,
    patternProperties: { '^x-': anything },
    additionalProperties: false,
    ...(required.length ? { required } : {}),
  };
}

/** A map from names (services, networks, ...) to entries. */
function named(entry: Schema): Schema {
  return {
    type: ['object', 'null'],
    patternProperties: { '^[a-zA-Z0-9._-]+$': entry },
    additionalProperties: false,
  };
}

const orNull = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });

const ulimits: Schema = {
  type: 'object',
  additionalProperties: { anyOf: [int, obj({ soft: int, hard: int }, ['soft', 'hard'])] },
};

const extraHosts: Schema = {
  type: ['object', 'array'],
  items: str,
  additionalProperties: { type: ['string', 'array'], items: str },
};

const fileRefs: Schema = {
  type: 'array',
  items: { anyOf: [str, obj({ source: str, target: str, uid: str, gid: str, mode: num })] },
};

const build: Schema = {
  anyOf: [
    str,
    obj({
      context: str,
      dockerfile: str,
      dockerfile_inline: str,
      entitlements: strings,
      args: listOrDict,
      ssh: listOrDict,
      labels: listOrDict,
      cache_from: strings,
      cache_to: strings,
      no_cache: bool,
      additional_contexts: listOrDict,
      network: str,
      provenance: { type: ['string', 'boolean'] },
      sbom: { type: ['string', 'boolean'] },
      pull: bool,
      target: str,
      shm_size: int,
      extra_hosts: extraHosts,
      isolation: str,
      privileged: bool,
      secrets: fileRefs,
      tags: strings,
      ulimits,
      platforms: strings,
    }),
  ],
};

const blkioLimit = obj({ path: str, rate: int });
const blkioWeight = obj({ path: str, weight: int });

const resources = obj({
  cpus: num,
  memory: str,
  pids: int,
  devices: {
    type: 'array',
    items: obj({
      capabilities: strings,
      count: { type: ['string', 'integer'] },
      device_ids: strings,
      driver: str,
      options: listOrDict,
    }),
  },
  generic_resources: { type: 'array' },
});

/** How a swarm rolls updates out or back; the same shape for both. */
const rollout = obj({
  parallelism: int,
  delay: str,
  failure_action: str,
  monitor: str,
  max_failure_ratio: num,
  order: str,
});

const deploy: Schema = obj({
  mode: str,
  endpoint_mode: str,
  replicas: int,
  labels: listOrDict,
  rollback_config: rollout,
  update_config: rollout,
  resources: obj({ limits: resources, reservations: resources }),
  restart_policy: obj({ condition: str, delay: str, max_attempts: int, window: str }),
  placement: obj({
    constraints: strings,
    preferences: { type: 'array', items: obj({ spread: str }) },
    max_replicas_per_node: int,
  }),
});

const healthcheck = obj({
  disable: bool,
  interval: str,
  retries: num,
  test: stringOrList,
  timeout: str,
  start_period: str,
  start_interval: str,
});

const serviceHook = obj({
  command: stringOrList,
  image: str,
  user: str,
  privileged: bool,
  working_dir: str,
  environment: listOrDict,
});

const port = {
  anyOf: [
    { type: ['string', 'number'] },
    obj({
      name: str,
      mode: str,
      host_ip: str,
      target: int,
      published: { type: ['string', 'integer'] },
      protocol: str,
      app_protocol: str,
    }),
  ],
};

const volumeMount = {
  anyOf: [
    str,
    obj(
      {
        type: { type: 'string', enum: ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'] },
        source: str,
        target: str,
        read_only: bool,
        consistency: str,
        bind: obj({ propagation: str, create_host_path: bool, recursive: str, selinux: str }),
        volume: obj({ nocopy: bool, subpath: str, labels: listOrDict }),
        tmpfs: obj({ size: int, mode: num }),
        image: obj({ subpath: str }),
      },
      ['type'],
    ),
  ],
};

const serviceNetworks: Schema = {
  anyOf: [
    strings,
    {
      type: 'object',
      patternProperties: {
        '^[a-zA-Z0-9._-]+$': orNull(
          obj({
            aliases: strings,
            interface_name: str,
            ipv4_address: str,
            ipv6_address: str,
            link_local_ips: strings,
            mac_address: str,
            driver_opts: { type: 'object' },
            priority: num,
            gw_priority: num,
          }),
        ),
      },
      additionalProperties: false,
    },
  ],
};

const dependsOn: Schema = {
  anyOf: [
    strings,
    {
      type: 'object',
      patternProperties: {
        '^[a-zA-Z0-9._-]+$': obj({
          condition: {
            type: 'string',
            enum: ['service_started', 'service_healthy', 'service_completed_successfully'],
          },
          required: bool,
          restart: bool,
        }),
      },
      additionalProperties: false,
    },
  ],
};

const envFile: Schema = {
  anyOf: [
    str,
    {
      type: 'array',
      items: { anyOf: [str, obj({ path: str, required: bool, format: str }, ['path'])] },
    },
  ],
};

export const SERVICE_PROPERTIES: Record<string, Schema> = {
  annotations: listOrDict,
  attach: bool,
  blkio_config: obj({
    device_read_bps: { type: 'array', items: blkioLimit },
    device_read_iops: { type: 'array', items: blkioLimit },
    device_write_bps: { type: 'array', items: blkioLimit },
    device_write_iops: { type: 'array', items: blkioLimit },
    weight: int,
    weight_device: { type: 'array', items: blkioWeight },
  }),
  build,
  cap_add: strings,
  cap_drop: strings,
  cgroup: str,
  cgroup_parent: str,
  command: { type: ['string', 'array', 'null'], items: str },
  configs: fileRefs,
  container_name: str,
  cpu_count: int,
  cpu_percent: int,
  cpu_period: num,
  cpu_quota: num,
  cpu_rt_period: num,
  cpu_rt_runtime: num,
  cpu_shares: num,
  cpus: num,
  cpuset: str,
  credential_spec: obj({ config: str, file: str, registry: str }),
  depends_on: dependsOn,
  deploy: orNull(deploy),
  develop: orNull(obj({ watch: { type: 'array', items: { type: 'object' } } })),
  device_cgroup_rules: strings,
  devices: {
    type: 'array',
    items: { anyOf: [str, obj({ source: str, target: str, permissions: str }, ['source'])] },
  },
  dns: stringOrList,
  dns_opt: strings,
  dns_search: stringOrList,
  domainname: str,
  entrypoint: { type: ['string', 'array', 'null'], items: str },
  env_file: envFile,
  environment: listOrDict,
  expose: { type: 'array', items: { type: ['string', 'number'] } },
  extends: { anyOf: [str, obj({ service: str, file: str }, ['service'])] },
  external_links: strings,
  extra_hosts: extraHosts,
  gpus: {
    anyOf: [
      { type: 'string', enum: ['all'] },
      { type: 'array', items: { type: 'object' } },
    ],
  },
  group_add: { type: 'array', items: { type: ['string', 'number'] } },
  healthcheck,
  hostname: str,
  image: str,
  init: bool,
  ipc: str,
  isolation: str,
  label_file: stringOrList,
  labels: listOrDict,
  links: strings,
  logging: obj({
    driver: str,
    options: { type: ['object', 'null'], additionalProperties: scalar },
  }),
  mac_address: str,
  mem_limit: num,
  mem_reservation: num,
  mem_swappiness: int,
  memswap_limit: num,
  models: { type: ['array', 'object'] },
  network_mode: str,
  networks: serviceNetworks,
  oom_kill_disable: bool,
  oom_score_adj: int,
  pid: { type: ['string', 'null'] },
  pids_limit: num,
  platform: str,
  ports: { type: 'array', items: port },
  post_start: { type: 'array', items: serviceHook },
  pre_stop: { type: 'array', items: serviceHook },
  privileged: bool,
  profiles: strings,
  provider: obj({ type: str, options: { type: 'object' } }, ['type']),
  pull_policy: str,
  pull_refresh_after: str,
  read_only: bool,
  restart: str,
  runtime: str,
  scale: int,
  secrets: fileRefs,
  security_opt: strings,
  shm_size: num,
  stdin_open: bool,
  stop_grace_period: str,
  stop_signal: str,
  storage_opt: { type: 'object' },
  sysctls: listOrDict,
  tmpfs: stringOrList,
  tty: bool,
  ulimits,
  use_api_socket: bool,
  user: str,
  userns_mode: str,
  uts: str,
  volumes: { type: 'array', items: volumeMount },
  volumes_from: strings,
  working_dir: str,
};

const external: Schema = { anyOf: [bool, obj({ name: str })] };

export const TOP_LEVEL_PROPERTIES: Record<string, Schema> = {
  version: str,
  name: str,
  include: {
    type: 'array',
    items: {
      anyOf: [
        str,
        obj({ path: stringOrList, env_file: stringOrList, project_directory: str }, ['path']),
      ],
    },
  },
  services: named(orNull(obj(SERVICE_PROPERTIES))),
  networks: named(
    orNull(
      obj({
        name: str,
        driver: str,
        driver_opts: { type: 'object', additionalProperties: scalar },
        ipam: obj({
          driver: str,
          config: {
            type: 'array',
            items: obj({
              subnet: str,
              ip_range: str,
              gateway: str,
              aux_addresses: { type: 'object' },
            }),
          },
          options: { type: 'object' },
        }),
        external,
        internal: bool,
        enable_ipv4: bool,
        enable_ipv6: bool,
        attachable: bool,
        labels: listOrDict,
      }),
    ),
  ),
  volumes: named(
    orNull(
      obj({
        name: str,
        driver: str,
        driver_opts: { type: 'object', additionalProperties: scalar },
        external,
        labels: listOrDict,
      }),
    ),
  ),
  secrets: named(
    orNull(
      obj({
        name: str,
        environment: str,
        file: str,
        content: str,
        external,
        labels: listOrDict,
        driver: str,
        driver_opts: { type: 'object' },
        template_driver: str,
      }),
    ),
  ),
  configs: named(
    orNull(
      obj({
        name: str,
        content: str,
        environment: str,
        file: str,
        external,
        labels: listOrDict,
        template_driver: str,
      }),
    ),
  ),
  models: named(orNull(obj({ name: str, model: str, context_size: int, runtime_flags: strings }))),
};

export const COMPOSE_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: TOP_LEVEL_PROPERTIES,
  patternProperties: { '^x-': anything },
  additionalProperties: false,
};
