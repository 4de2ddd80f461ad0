import type { Project, ServiceConfig } from './model.js';

/** The project as Compose files spell it: what `stager config` prints. */
export function projectDocument(project: Project): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(project.services).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const { name: _name, ...rest } = service;
    services[name] = sortKeys(rest);
  }
  const doc: Record<string, unknown> = { name: project.name, services };
  for (const key of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    if (Object.keys(project[key]).length) doc[key] = sortKeys(project[key]);
  }
  return { ...doc, ...project.extensions };
}

function sortKeys<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) as T;
}

/** The image a service runs: its `image`, or the name Compose gives what it builds. */
export function serviceImage(project: Pick<Project, 'name'>, service: ServiceConfig): string {
  return service.image ?? `${project.name}-${service.name}`;
}
