import type Docker from 'dockerode';
import type {
  PathStat,
  ContainerDetails,
  ContainerState,
  HealthState,
  NetworkSummary,
  PortBinding,
  VolumeSummary,
} from '../engine.js';

export function toContainerDetails(info: Docker.ContainerInspectInfo): ContainerDetails {
  const health = info.State.Health?.Status;
  const ports: PortBinding[] = [];
  for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    const [port, protocol] = key.split('/');
    for (const b of bindings ?? []) {
      ports.push({
        containerPort: Number(port),
        protocol: (protocol ?? 'tcp') as PortBinding['protocol'],
        hostIp: b.HostIp,
        hostPort: Number(b.HostPort),
      });
    }
  }
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageId: info.Image,
    labels: info.Config.Labels ?? {},
    state: info.State.Status as ContainerState,
    running: info.State.Running,
    exitCode: info.State.ExitCode,
    health: (health === 'healthy' || health === 'unhealthy' || health === 'starting'
      ? health
      : 'none') as HealthState,
    healthLog: (info.State.Health?.Log ?? []).map((l) => l.Output.trim()).filter(Boolean),
    startedAt: info.State.StartedAt,
    finishedAt: info.State.FinishedAt,
    restartCount: info.RestartCount,
    tty: info.Config.Tty,
    ports,
    mounts: (info.Mounts ?? []).map((m) => ({
      type: m.Type,
      ...(m.Name ? { name: m.Name } : {}),
      destination: m.Destination,
    })),
  };
}

export function toNetworkSummary(n: Docker.NetworkInspectInfo): NetworkSummary {
  return {
    id: n.Id,
    name: n.Name,
    created: n.Created ?? '',
    labels: n.Labels ?? {},
    containers: Object.keys(n.Containers ?? {}),
  };
}

export function toVolumeSummary(v: Docker.VolumeInspectInfo): VolumeSummary {
  return {
    name: v.Name,
    labels: (v.Labels as Record<string, string> | null) ?? {},
    mountpoint: v.Mountpoint,
  };
}

/** The engine's `X-Docker-Container-Path-Stat` header: base64 JSON with Go's file mode bits. */
export function toPathStat(header: string): PathStat {
  const raw = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as {
    name: string;
    size: number;
    mode: number;
    linkTarget?: string;
  };
  // os.ModeDir is the top bit of Go's 32-bit FileMode.
  const isDir = raw.mode >>> 31 === 1;
  return { name: raw.name, size: raw.size, isDir, linkTarget: raw.linkTarget ?? '' };
}
