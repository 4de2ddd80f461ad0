/**
 * Questions asked of the project model in more than one place: what a service runs, how many of
 * it, what its containers are called, which networks, volumes and host folders it uses.
 */
import path from 'node:path';
import type { Project, ServiceConfig } from './project.js';

/** The image a service runs: its `image:`, or the name Compose gives the image it builds. */
export function serviceImage(project: Pick<Project, 'name'>, service: ServiceConfig): string {
  return service.image ?? `${project.name}-${service.name}`;
}

/** How many containers the service runs: `scale`, else `deploy.replicas`, else one. */
export function replicas(s: ServiceConfig): number {
  const n = s.scale ?? s.deploy?.replicas;
  return typeof n === 'number' ? n : n === undefined ? 1 : Number(n);
}

/** `container_name`, else Compose's `<project>-<service>-<n>`. */
export function containerName(project: string, service: ServiceConfig, number: number): string {
  return service.container_name ?? `${project}-${service.name}-${number}`;
}

/** The keys of the networks the services join. */
export function usedNetworks(project: Project, services: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const name of services)
    for (const key of Object.keys(project.services[name]?.networks ?? {})) keys.add(key);
  return [...keys];
}

/** The keys of the project's named volumes the services mount. */
export function usedVolumes(project: Project, services: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const name of services) {
    for (const v of project.services[name]?.volumes ?? [])
      if (v.type === 'volume' && v.source && project.volumes[v.source]) keys.add(v.source);
  }
  return [...keys];
}

/** The host folders and files the service bind-mounts that `up` creates when missing. */
export function bindSources(service: ServiceConfig): string[] {
  return (service.volumes ?? [])
    .filter((v) => v.type === 'bind' && v.source && v.bind?.create_host_path !== false)
    .map((v) => path.resolve(v.source!));
}
