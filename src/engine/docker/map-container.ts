import type Docker from 'dockerode';
import type { ContainerState, ContainerSummary, HealthState, PortBinding } from '../engine.js';

/** The list endpoint has no health field; its Status text carries it, which saves an inspect each. */
export function healthFromStatus(status: string): HealthState {
  if (status.includes('(healthy)')) return 'healthy';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return 'none';
}

function exitCodeFromStatus(status: string): { exitCode?: number } {
  const code = /^Exited \((-?\d+)\)/.exec(status)?.[1];
  return code === undefined ? {} : { exitCode: Number(code) };
}

export function toContainerSummary(info: Docker.ContainerInfo): ContainerSummary {
  const ports: PortBinding[] = (info.Ports ?? []).map((p) => ({
    containerPort: p.PrivatePort,
    protocol: (p.Type as PortBinding['protocol']) ?? 'tcp',
    ...(p.IP ? { hostIp: p.IP } : {}),
    ...(p.PublicPort ? { hostPort: p.PublicPort } : {}),
  }));
  return {
    id: info.Id,
    name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
    image: info.Image,
    state: info.State as ContainerState,
    status: info.Status,
    health: healthFromStatus(info.Status),
    ...exitCodeFromStatus(info.Status),
    createdAt: new Date(info.Created * 1000),
    labels: info.Labels ?? {},
    ports,
    command: info.Command ?? '',
    networks: Object.keys(info.NetworkSettings?.Networks ?? {}).sort(),
    mounts: (info.Mounts ?? []).map((m) => ({
      name: m.Name || m.Source,
      driver: m.Driver ?? '',
    })),
  };
}
