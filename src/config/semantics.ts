/**
 * Checks the schema cannot express: references between services and resources, dependency
 * cycles, names that must be unique. Every problem is collected with its key path.
 */
import type { Project, ServiceConfig } from './model.js';
import { joinPath } from './key-path.js';

export interface SemanticIssue {
  path: string;
  message: string;
}

export function checkSemantics(project: Omit<Project, 'disabledServices'>): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const { services } = project;
  const names = Object.keys(services);
  const containerNames = new Map<string, string>();
  for (const [name, s] of Object.entries(services)) {
    const at = (key: string | number, ...rest: (string | number)[]): string =>
      [key, ...rest].reduce<string>((p, k) => joinPath(p, k), joinPath('services', name));
    if (!s.image && !s.build && s.extends === undefined) {
      issues.push({
        path: joinPath('services', name),
        message: `service "${name}" has neither an image nor a build context`,
      });
    }
    for (const dep of Object.keys(s.depends_on ?? {})) {
      if (dep === name)
        issues.push({
          path: at('depends_on', dep),
          message: `service "${name}" depends on itself`,
        });
      else if (!services[dep])
        issues.push({
          path: at('depends_on', dep),
          message: `depends on undefined service "${dep}"${didYouMean(dep, names)}`,
        });
    }
    for (const link of (s.links as string[] | undefined) ?? []) {
      const target = link.split(':')[0]!;
      if (!services[target])
        issues.push({
          path: at('links'),
          message: `links to undefined service "${target}"${didYouMean(target, names)}`,
        });
    }
    const mode = s.network_mode;
    if (typeof mode === 'string' && mode.startsWith('service:')) {
      const target = mode.slice('service:'.length);
      if (!services[target])
        issues.push({
          path: at('network_mode'),
          message: `network_mode names undefined service "${target}"${didYouMean(target, names)}`,
        });
      if (s.networks && Object.keys(s.networks).some((n) => n !== 'default')) {
        issues.push({
          path: at('network_mode'),
          message: 'network_mode and networks cannot be used together',
        });
      }
    }
    for (const from of (s.volumes_from as string[] | undefined) ?? []) {
      const target = from.split(':')[0]!;
      if (!from.startsWith('container:') && !services[target]) {
        issues.push({
          path: at('volumes_from'),
          message: `volumes_from names undefined service "${target}"`,
        });
      }
    }
    for (const network of Object.keys(s.networks ?? {})) {
      if (network !== 'default' && !project.networks[network]) {
        issues.push({
          path: at('networks', network),
          message: `uses undefined network "${network}"${didYouMean(network, Object.keys(project.networks))}`,
        });
      }
    }
    (s.volumes ?? []).forEach((v, i) => {
      if (v.type === 'volume' && v.source && !project.volumes[v.source]) {
        issues.push({
          path: at('volumes', i),
          message: `uses undefined volume "${v.source}": declare it under the top-level volumes key${didYouMean(v.source, Object.keys(project.volumes))}`,
        });
      }
    });
    for (const kind of ['secrets', 'configs'] as const) {
      (s[kind] ?? []).forEach((ref, i) => {
        if (!project[kind][ref.source])
          issues.push({
            path: at(kind, i),
            message: `uses undefined ${kind.slice(0, -1)} "${ref.source}"`,
          });
      });
    }
    if (s.container_name) {
      const other = containerNames.get(s.container_name);
      if (other)
        issues.push({
          path: at('container_name'),
          message: `container name "${s.container_name}" is also used by service "${other}"`,
        });
      containerNames.set(s.container_name, name);
      if (replicas(s) > 1)
        issues.push({
          path: at('container_name'),
          message: 'a service with container_name cannot have more than one replica',
        });
    }
  }
  issues.push(...dependencyCycles(services));
  return issues;
}

export function replicas(s: ServiceConfig): number {
  const n = s.scale ?? s.deploy?.replicas;
  return typeof n === 'number' ? n : n === undefined ? 1 : Number(n);
}

function dependencyCycles(services: Record<string, ServiceConfig>): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const key = [...cycle].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        issues.push({
          path: joinPath(joinPath('services', name), 'depends_on'),
          message: `dependency cycle: ${cycle.join(' -> ')}`,
        });
      }
      return;
    }
    state.set(name, 'visiting');
    for (const dep of Object.keys(services[name]?.depends_on ?? {}))
      if (services[dep] && dep !== name) visit(dep, [...stack, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(services)) visit(name, []);
  return issues;
}

/** ` (did you mean "x"?)` for the closest name within a small edit distance, else nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= limit ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
