/**
 * The services' dependency graph, written once: what a service waits for (`depends_on`, which
 * loading extends with links, shared namespaces and `volumes_from` as Compose v2 does), what it
 * must find created before its own container can be (a namespace or volumes it shares), the
 * order to start and stop in, and the cycles that make an order impossible.
 */
import type { Project, ServiceConfig } from './model/project.js';

type Services = Pick<Project, 'services'>;

const NAMESPACES = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const;

/**
 * The services whose containers this one's is made from: a namespace it joins (`service:NAME`)
 * or volumes it takes (`volumes_from: NAME`). `container:NAME` names a container, not a service.
 */
export function sharedWith(service: ServiceConfig, project: Services): string[] {
  const out = new Set<string>();
  for (const key of NAMESPACES) {
    const ref = service[key as keyof ServiceConfig];
    if (typeof ref === 'string' && ref.startsWith('service:'))
      out.add(ref.slice('service:'.length));
  }
  for (const from of (service.volumes_from as string[] | undefined) ?? []) {
    if (!from.startsWith('container:')) out.add(from.split(':')[0]!);
  }
  return [...out].filter((d) => d !== service.name && project.services[d]);
}

/** What a service waits for before it starts: its dependencies and what it shares. */
export function dependenciesOf(service: ServiceConfig, project: Services): string[] {
  const deps = new Set([...Object.keys(service.depends_on ?? {}), ...sharedWith(service, project)]);
  return [...deps].filter((d) => d !== service.name && project.services[d]);
}

/** The named services plus everything they depend on, transitively. */
export function withDependencies(project: Services, names: readonly string[]): string[] {
  const out = new Set<string>();
  const visit = (name: string): void => {
    if (out.has(name) || !project.services[name]) return;
    out.add(name);
    for (const dep of dependenciesOf(project.services[name]!, project)) visit(dep);
  };
  for (const n of names) visit(n);
  return [...out];
}

/** The named services plus those that depend on them, transitively: they stop first. */
export function dependents(project: Services, names: readonly string[]): string[] {
  const out = new Set(names);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, s] of Object.entries(project.services)) {
      if (!out.has(name) && dependenciesOf(s, project).some((d) => out.has(d))) {
        out.add(name);
        grew = true;
      }
    }
  }
  return [...out];
}

/** Each service's depth: 0 for one that waits for nothing, else one more than its deepest dependency. */
export function dependencyLevels(project: Services, names: readonly string[]): Map<string, number> {
  const levels = new Map<string, number>();
  const level = (name: string, stack: string[]): number => {
    const known = levels.get(name);
    if (known !== undefined) return known;
    if (stack.includes(name)) return 0; // cycles are refused when loading; stay total anyway
    const deps = dependenciesOf(project.services[name]!, project);
    const value = deps.length ? 1 + Math.max(...deps.map((d) => level(d, [...stack, name]))) : 0;
    levels.set(name, value);
    return value;
  };
  for (const n of names) if (project.services[n]) level(n, []);
  return levels;
}

/** Every cycle once, each as the path that closes it (`a -> b -> a`), from the first service on it. */
export function dependencyCycles(project: Services): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const key = [...new Set(cycle)].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        cycles.push(cycle);
      }
      return;
    }
    state.set(name, 'visiting');
    for (const dep of dependenciesOf(project.services[name]!, project))
      visit(dep, [...stack, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(project.services)) visit(name, []);
  return cycles;
}
