import type Docker from 'dockerode';
import type { ContainerSpec, MountSpec } from '../engine.js';

function mount(m: MountSpec): Docker.MountSettings {
  // The engine takes an empty Source for anonymous volumes and tmpfs.
  const out: Docker.MountSettings = {
    Type: m.type,
    Target: m.target,
    Source: m.source ?? '',
    ReadOnly: m.readOnly ?? false,
  };
  if (m.type === 'bind' && m.bindPropagation)
    out.BindOptions = { Propagation: m.bindPropagation as Docker.MountPropagation };
  if (m.type === 'volume' && (m.noCopy || m.subpath)) {
    out.VolumeOptions = {
      NoCopy: m.noCopy ?? false,
      ...(m.subpath ? { Subpath: m.subpath } : {}),
    } as Docker.MountSettings['VolumeOptions'];
  }
  if (m.type === 'tmpfs' && (m.tmpfsSize !== undefined || m.tmpfsMode !== undefined)) {
    out.TmpfsOptions = {
      ...(m.tmpfsSize !== undefined ? { SizeBytes: m.tmpfsSize } : {}),
      ...(m.tmpfsMode !== undefined ? { Mode: m.tmpfsMode } : {}),
    } as Docker.MountSettings['TmpfsOptions'];
  }
  return out;
}

/** The body of `POST /containers/create` for a spec; empty fields are left to the engine. */
export function createBody(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const first = spec.endpoints[0];
  const hostConfig: Docker.HostConfig = {
    Mounts: spec.mounts.map(mount),
    PortBindings: Object.fromEntries(
      Object.entries(spec.portBindings).map(([port, bindings]) => [
        port,
        bindings.map((b) => ({ HostIp: b.hostIp ?? '', HostPort: b.hostPort ?? '' })),
      ]),
    ),
    NetworkMode: spec.networkMode ?? first?.network ?? 'bridge',
    ...(first?.links?.length ? { Links: first.links } : {}),
    RestartPolicy: spec.restart
      ? { Name: spec.restart.name, MaximumRetryCount: spec.restart.maxRetries ?? 0 }
      : { Name: 'no' },
    Init: spec.init,
    Privileged: spec.privileged ?? false,
    ReadonlyRootfs: spec.readOnly ?? false,
    CapAdd: spec.capAdd,
    CapDrop: spec.capDrop,
    Devices: spec.devices?.map((d) => ({
      PathOnHost: d.host,
      PathInContainer: d.container,
      CgroupPermissions: d.permissions,
    })),
    Ulimits: spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
    ShmSize: spec.shmSizeBytes,
    Dns: spec.dns,
    DnsSearch: spec.dnsSearch,
    DnsOptions: spec.dnsOptions,
    ExtraHosts: spec.extraHosts,
    PidMode: spec.pid,
    IpcMode: spec.ipc,
    Sysctls: spec.sysctls,
    LogConfig: spec.logging
      ? { Type: spec.logging.driver, Config: spec.logging.options }
      : undefined,
    SecurityOpt: spec.securityOpt,
    GroupAdd: spec.groupAdd,
    Tmpfs: spec.tmpfs,
    VolumesFrom: spec.volumesFrom,
    Memory: spec.memoryBytes,
    NanoCpus: spec.nanoCpus,
    PidsLimit: spec.pidsLimit,
    CpuShares: spec.cpuShares,
    OomScoreAdj: spec.oomScoreAdj,
    CgroupParent: spec.cgroupParent,
  };
  const body: Docker.ContainerCreateOptions = {
    name: spec.name,
    Image: spec.image,
    Cmd: spec.command,
    Entrypoint: spec.entrypoint,
    Env: spec.env,
    Labels: spec.labels,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Hostname: spec.hostname,
    Domainname: spec.domainname,
    Tty: spec.tty ?? false,
    OpenStdin: spec.openStdin ?? false,
    StdinOnce: spec.attachStdin ?? false,
    AttachStdin: spec.attachStdin ?? false,
    AttachStdout: spec.attachStdin ?? false,
    AttachStderr: spec.attachStdin ?? false,
    StopSignal: spec.stopSignal,
    StopTimeout: spec.stopTimeoutSeconds,
    MacAddress: spec.macAddress,
    ExposedPorts: Object.fromEntries(spec.exposedPorts.map((p) => [p, {}])),
    HostConfig: hostConfig,
    ...(spec.platform ? { platform: spec.platform } : {}),
  };
  if (spec.healthcheck) {
    const h = spec.healthcheck;
    body.Healthcheck = {
      Test: h.test,
      ...(h.intervalNs !== undefined ? { Interval: h.intervalNs } : {}),
      ...(h.timeoutNs !== undefined ? { Timeout: h.timeoutNs } : {}),
      ...(h.retries !== undefined ? { Retries: h.retries } : {}),
      ...(h.startPeriodNs !== undefined ? { StartPeriod: h.startPeriodNs } : {}),
      ...(h.startIntervalNs !== undefined ? { StartInterval: h.startIntervalNs } : {}),
    } as Docker.HealthConfig;
  }
  if (!spec.networkMode && first) {
    body.NetworkingConfig = {
      EndpointsConfig: {
        [first.network]: {
          Aliases: first.aliases,
          ...(first.links?.length ? { Links: first.links } : {}),
          ...(first.ipv4Address || first.ipv6Address
            ? {
                IPAMConfig: {
                  ...(first.ipv4Address ? { IPv4Address: first.ipv4Address } : {}),
                  ...(first.ipv6Address ? { IPv6Address: first.ipv6Address } : {}),
                },
              }
            : {}),
        },
      },
    };
  }
  return body;
}
