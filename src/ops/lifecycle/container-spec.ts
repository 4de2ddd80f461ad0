/**
 * A service of the model as the container stager creates for it: Compose's labels, the
 * `<project>-<service>-<n>` name, networks with the service name as alias, mounts, ports and
 * everything else a dev stack sets. Pure, so the mapping is tested without an engine.
 */
import type { PortConfig, Project, ServiceConfig } from '../../config/model/project.js';
import { parseDurationNs, parseSizeBytes } from '../../config/units.js';
import type { ContainerSpec, EndpointSpec, MountSpec } from '../../engine/engine.js';
import { Label } from '../../engine/labels.js';
import { STAGER_VERSION } from '../../version.js';
import { containerName, replicas } from '../../config/model/queries.js';

export interface SpecOptions {
  number: number;
  configHash: string;
  image: string;
  /** The id of that image, written as Compose v2 writes it (`com.docker.compose.image`). */
  imageId?: string | undefined;
  /** A one-off container's identity (`stager run`), as Compose v2 labels it. */
  slug?: string;
  /** Overrides for `stager run`. */
  name?: string;
  command?: string[];
  entrypoint?: string[];
  extraEnv?: string[];
  publishPorts?: boolean;
  /** Ports published besides the service's (`run -p`). */
  extraPorts?: readonly PortConfig[];
  /** Capabilities besides the service's (`run --cap-add`, `--cap-drop`). */
  capAdd?: readonly string[];
  capDrop?: readonly string[];
  tty?: boolean;
  stdin?: boolean;
  extraMounts?: MountSpec[];
  /** Anonymous volumes of the container this one replaces, by target: mounted again. */
  keptVolumes?: ReadonlyMap<string, string>;
}

/** `-e` on the command line wins over `environment:`: one entry per name, the last one given. */
function withOverrides(env: readonly string[], overrides: readonly string[]): string[] {
  const name = (entry: string): string => entry.split('=', 1)[0]!;
  const overridden = new Set(overrides.map(name));
  return [...env.filter((e) => !overridden.has(name(e))), ...overrides];
}

/**
 * A recreated container keeps its anonymous volumes, as with Compose v2: the service's own
 * (`- /data`) and those its image declares, each mounted again at its target.
 */
function withKeptVolumes(
  mounts: MountSpec[],
  kept: ReadonlyMap<string, string> | undefined,
): MountSpec[] {
  if (!kept?.size) return mounts;
  const targets = new Set(mounts.map((m) => m.target));
  return [
    ...mounts.map((m) =>
      m.type === 'volume' && !m.source && kept.has(m.target)
        ? { ...m, source: kept.get(m.target)! }
        : m,
    ),
    ...[...kept]
      .filter(([target]) => !targets.has(target))
      .map(([target, source]): MountSpec => ({ type: 'volume', source, target })),
  ];
}

/**
 * The service's capabilities and the command line's, as Compose v2 hands them to the engine:
 * upper case with the CAP_ prefix, ALL as it is.
 */
function capabilities(
  fromFile: unknown,
  extra: readonly string[] | undefined,
): string[] | undefined {
  const all = [...((fromFile as string[] | undefined) ?? []), ...(extra ?? [])];
  if (!all.length) return undefined;
  return all.map((c) => {
    const upper = c.toUpperCase();
    return upper === 'ALL' || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  });
}

const str = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : String(v);
const bool = (v: unknown): boolean | undefined =>
  v === undefined || v === null ? undefined : v === true || v === 'true';

export function projectLabels(project: Project): Record<string, string> {
  return {
    [Label.project]: project.name,
    [Label.workingDir]: project.workingDir,
    [Label.configFiles]: project.configFiles.join(','),
    [Label.version]: STAGER_VERSION,
  };
}

export function serviceLabels(
  project: Project,
  service: ServiceConfig,
  options: SpecOptions,
): Record<string, string> {
  const deps = Object.entries(service.depends_on ?? {}).map(
    ([name, d]) => `${name}:${d.condition}:${d.restart ?? false}`,
  );
  // As Compose v2: one-off containers carry a slug instead of a number, and the dependencies
  // label is there even when empty.
  return {
    ...(service.labels ?? {}),
    ...projectLabels(project),
    [Label.service]: service.name,
    ...(options.slug
      ? { [Label.slug]: options.slug }
      : { [Label.containerNumber]: String(options.number) }),
    [Label.oneoff]: options.slug ? 'True' : 'False',
    [Label.configHash]: options.configHash,
    ...(options.imageId ? { [Label.image]: options.imageId } : {}),
    [Label.dependsOn]: deps.join(','),
  };
}

export function serviceMounts(project: Project, service: ServiceConfig): MountSpec[] {
  const mounts: MountSpec[] = [];
  for (const v of service.volumes ?? []) {
    if (v.type === 'bind' || v.type === 'volume' || v.type === 'tmpfs') {
      const source =
        v.type === 'volume' && v.source ? (project.volumes[v.source]?.name ?? v.source) : v.source;
      mounts.push({
        type: v.type,
        target: v.target,
        ...(source ? { source } : {}),
        ...(v.read_only ? { readOnly: true } : {}),
        ...(v.bind?.propagation ? { bindPropagation: v.bind.propagation } : {}),
        ...(v.volume?.nocopy ? { noCopy: true } : {}),
        ...(v.volume?.subpath ? { subpath: v.volume.subpath } : {}),
        ...(v.tmpfs?.size !== undefined ? { tmpfsSize: parseSizeBytes(v.tmpfs.size) } : {}),
        ...(v.tmpfs?.mode !== undefined ? { tmpfsMode: Number(v.tmpfs.mode) } : {}),
      });
    }
  }
  // File-based secrets and configs are bind-mounted read-only, as Compose does outside swarm.
  for (const kind of ['secrets', 'configs'] as const) {
    for (const ref of service[kind] ?? []) {
      const def = project[kind][ref.source];
      if (!def?.file) continue;
      const target = ref.target
        ? ref.target.startsWith('/')
          ? ref.target
          : kind === 'secrets'
            ? `/run/secrets/${ref.target}`
            : `/${ref.target}`
        : kind === 'secrets'
          ? `/run/secrets/${ref.source}`
          : `/${ref.source}`;
      mounts.push({ type: 'bind', source: def.file, target, readOnly: true });
    }
  }
  return mounts;
}

/**
 * `links` and `external_links` as Compose v2 writes them (after v1): each container of a linked
 * service answers to the alias, to `service-N` and to `project-service-N`, N being this
 * container's number; an external link names a container and its alias.
 */
function linksOf(project: Project, service: ServiceConfig, number: number): string[] {
  const links: string[] = [];
  for (const raw of (service.links as string[] | undefined) ?? []) {
    const [linked = '', alias = linked] = raw.split(':');
    const target = project.services[linked];
    if (!target) continue;
    for (let n = 1; n <= replicas(target); n++) {
      const container = containerName(project.name, target, n);
      links.push(
        `${container}:${alias}`,
        `${container}:${linked}-${number}`,
        `${container}:${project.name}-${linked}-${number}`,
      );
    }
  }
  for (const raw of (service.external_links as string[] | undefined) ?? []) {
    const [container = '', alias = container] = raw.split(':');
    links.push(`${container}:${alias}`);
  }
  return links;
}

function endpoints(
  project: Project,
  service: ServiceConfig,
  name: string,
  number: number,
): EndpointSpec[] {
  const links = linksOf(project, service, number);
  const entries = Object.entries(service.networks ?? {});
  // Compose joins networks by priority, highest first; the first is set at creation.
  entries.sort(([, a], [, b]) => Number(b?.priority ?? 0) - Number(a?.priority ?? 0));
  return entries.map(([key, config]) => ({
    network: project.networks[key]?.name ?? `${project.name}_${key}`,
    aliases: [...new Set([service.name, name, ...(config?.aliases ?? [])])],
    ...(links.length ? { links } : {}),
    ...(config?.ipv4_address ? { ipv4Address: config.ipv4_address } : {}),
    ...(config?.ipv6_address ? { ipv6Address: config.ipv6_address } : {}),
  }));
}

function networkMode(project: Project, service: ServiceConfig): string | undefined {
  const mode = service.network_mode;
  if (!mode) return undefined;
  if (mode.startsWith('service:')) {
    const target = project.services[mode.slice('service:'.length)];
    // The engine wants a container: the first replica of that service.
    return target ? `container:${containerName(project.name, target, 1)}` : mode;
  }
  return mode;
}

function ulimits(value: unknown): ContainerSpec['ulimits'] {
  if (!value || typeof value !== 'object') return undefined;
  return Object.entries(value as Record<string, unknown>).map(([name, v]) => {
    if (v && typeof v === 'object') {
      const { soft, hard } = v as { soft: unknown; hard: unknown };
      return { name, soft: Number(soft), hard: Number(hard) };
    }
    return { name, soft: Number(v), hard: Number(v) };
  });
}

function devices(value: unknown): ContainerSpec['devices'] {
  if (!Array.isArray(value)) return undefined;
  return value.map((d) => {
    if (typeof d === 'string') {
      const [host = '', container, permissions] = d.split(':');
      return { host, container: container ?? host, permissions: permissions ?? 'rwm' };
    }
    const o = d as { source: string; target?: string; permissions?: string };
    return { host: o.source, container: o.target ?? o.source, permissions: o.permissions ?? 'rwm' };
  });
}

function restartPolicy(value: unknown): ContainerSpec['restart'] {
  const text = str(value);
  if (!text) return undefined;
  const [name = 'no', retries] = text.split(':');
  return { name, ...(retries ? { maxRetries: Number(retries) } : {}) };
}

export function containerSpec(
  project: Project,
  service: ServiceConfig,
  options: SpecOptions,
): ContainerSpec {
  const name = options.name ?? containerName(project.name, service, options.number);
  const exposed = new Set<string>();
  const bindings: ContainerSpec['portBindings'] = {};
  const published = [
    ...(options.publishPorts !== false ? (service.ports ?? []) : []),
    ...(options.extraPorts ?? []),
  ];
  for (const p of published) {
    const key = `${p.target}/${p.protocol}`;
    exposed.add(key);
    (bindings[key] ??= []).push({
      ...(p.host_ip ? { hostIp: p.host_ip } : {}),
      ...(p.published ? { hostPort: p.published } : {}),
    });
  }
  for (const e of service.expose ?? []) {
    const [port, protocol = 'tcp'] = String(e).split('/');
    exposed.add(`${port}/${protocol}`);
  }
  const env = Object.entries(service.environment ?? {})
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${v}`);
  const hc = service.healthcheck;
  const healthcheck =
    hc && (hc.disable === true || String(hc.disable) === 'true')
      ? { test: ['NONE'] }
      : hc?.test
        ? {
            test: hc.test,
            ...(hc.interval ? { intervalNs: parseDurationNs(hc.interval) } : {}),
            ...(hc.timeout ? { timeoutNs: parseDurationNs(hc.timeout) } : {}),
            ...(hc.retries !== undefined ? { retries: Number(hc.retries) } : {}),
            ...(hc.start_period ? { startPeriodNs: parseDurationNs(hc.start_period) } : {}),
            ...(hc.start_interval ? { startIntervalNs: parseDurationNs(hc.start_interval) } : {}),
          }
        : undefined;
  const tmpfs = service.tmpfs as string[] | undefined;
  const logging = service.logging as
    { driver?: string; options?: Record<string, unknown> } | undefined;
  const memory =
    service.mem_limit ??
    (service.deploy?.resources as { limits?: { memory?: string } } | undefined)?.limits?.memory;
  const cpus =
    service.cpus ??
    (service.deploy?.resources as { limits?: { cpus?: string | number } } | undefined)?.limits
      ?.cpus;
  const spec: ContainerSpec = {
    name,
    image: options.image,
    env: withOverrides(env, options.extraEnv ?? []),
    labels: serviceLabels(project, service, options),
    exposedPorts: [...exposed],
    portBindings: bindings,
    mounts: [
      ...withKeptVolumes(serviceMounts(project, service), options.keptVolumes),
      ...(options.extraMounts ?? []),
    ],
    endpoints: service.network_mode ? [] : endpoints(project, service, name, options.number),
    tty: options.tty ?? bool(service.tty) ?? false,
    openStdin: options.stdin ?? bool(service.stdin_open) ?? false,
  };
  const command = options.command ?? service.command ?? undefined;
  if (command) spec.command = command;
  const entrypoint = options.entrypoint ?? service.entrypoint ?? undefined;
  if (entrypoint) spec.entrypoint = entrypoint;
  const set = <K extends keyof ContainerSpec>(
    key: K,
    value: ContainerSpec[K] | undefined,
  ): void => {
    if (value !== undefined) spec[key] = value;
  };
  set('platform', str(service.platform));
  set('workingDir', str(service.working_dir));
  set('user', str(service.user));
  set('hostname', str(service.hostname));
  set('domainname', str(service.domainname));
  set('stopSignal', str(service.stop_signal));
  set(
    'stopTimeoutSeconds',
    service.stop_grace_period
      ? Math.ceil(parseDurationNs(String(service.stop_grace_period)) / 1e9)
      : undefined,
  );
  set('healthcheck', healthcheck);
  set('networkMode', networkMode(project, service));
  set('restart', options.slug ? undefined : restartPolicy(service.restart));
  set('init', bool(service.init));
  set('privileged', bool(service.privileged));
  set('readOnly', bool(service.read_only));
  set('capAdd', capabilities(service.cap_add, options.capAdd));
  set('capDrop', capabilities(service.cap_drop, options.capDrop));
  set('devices', devices(service.devices));
  set('ulimits', ulimits(service.ulimits));
  set(
    'shmSizeBytes',
    service.shm_size !== undefined ? parseSizeBytes(service.shm_size as string) : undefined,
  );
  set('dns', service.dns as string[] | undefined);
  set('dnsSearch', service.dns_search as string[] | undefined);
  set('dnsOptions', service.dns_opt as string[] | undefined);
  set(
    'extraHosts',
    service.extra_hosts
      ? Object.entries(service.extra_hosts).flatMap(([h, ips]) => ips.map((ip) => `${h}:${ip}`))
      : undefined,
  );
  set('pid', str(service.pid));
  set('ipc', str(service.ipc));
  set('sysctls', service.sysctls as Record<string, string> | undefined);
  set(
    'logging',
    logging?.driver || logging?.options
      ? {
          driver: logging.driver ?? 'json-file',
          options: Object.fromEntries(
            Object.entries(logging.options ?? {}).map(([k, v]) => [k, String(v)]),
          ),
        }
      : undefined,
  );
  set('securityOpt', service.security_opt as string[] | undefined);
  set('groupAdd', (service.group_add as unknown[] | undefined)?.map(String));
  set(
    'tmpfs',
    tmpfs
      ? Object.fromEntries(
          tmpfs.map((t) => {
            const [p, ...opts] = t.split(':');
            return [p!, opts.join(':')];
          }),
        )
      : undefined,
  );
  set(
    'volumesFrom',
    (service.volumes_from as string[] | undefined)?.map((v) => {
      if (v.startsWith('container:')) return v.slice('container:'.length);
      const [svc, mode] = v.split(':');
      const target = project.services[svc!];
      return target ? `${containerName(project.name, target, 1)}${mode ? `:${mode}` : ''}` : v;
    }),
  );
  set('memoryBytes', memory !== undefined ? parseSizeBytes(memory as string) : undefined);
  set('nanoCpus', cpus !== undefined ? Math.round(Number(cpus) * 1e9) : undefined);
  set('pidsLimit', service.pids_limit !== undefined ? Number(service.pids_limit) : undefined);
  set('cpuShares', service.cpu_shares !== undefined ? Number(service.cpu_shares) : undefined);
  set(
    'oomScoreAdj',
    service.oom_score_adj !== undefined ? Number(service.oom_score_adj) : undefined,
  );
  set('cgroupParent', str(service.cgroup_parent));
  set('macAddress', str(service.mac_address));
  return spec;
}

/** Host folders of bind mounts that do not exist yet: created before the container, as Compose does. */
