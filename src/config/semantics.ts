/**
 * Checks the schema cannot express: references between services and resources, dependency
 * cycles, names that must be unique. Every problem is collected with its key path.
 */
import type { Project, ServiceConfig } from './model/project.js';
import { joinPath } from './key-path.js';
import { dependencyCycles } from './graph.js';
import { replicas } from './model/queries.js';
import { checkServiceValues } from './value-checks.js';

export interface SemanticIssue {
  path: string;
  message: string;
}

/**
 * `project.services` are the services to check (Compose v2 checks those the active profiles
 * enable); `defined` names every service of the files, so a reference to a service that is
 * only off is not called undefined (the profile check says what to enable).
 */
export function checkSemantics(
  project: Omit<Project, 'disabledServices'>,
  defined: ReadonlySet<string> = new Set(Object.keys(project.services)),
): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const { services } = project;
  const names = [...defined];
  const exists = (name: string): boolean => defined.has(name);
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
      else if (!exists(dep))
        issues.push({
          path: at('depends_on', dep),
          message: `depends on undefined service "${dep}"${didYouMean(dep, names)}`,
        });
    }
    for (const link of (s.links as string[] | undefined) ?? []) {
      const target = link.split(':')[0]!;
      if (!exists(target))
        issues.push({
          path: at('links'),
          message: `links to undefined service "${target}"${didYouMean(target, names)}`,
        });
    }
    const mode = s.network_mode;
    if (typeof mode === 'string' && mode.startsWith('service:')) {
      const target = mode.slice('service:'.length);
      if (!exists(target))
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
      if (!from.startsWith('container:') && !exists(target)) {
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
    const platforms = s.build?.platforms;
    if (
      Array.isArray(platforms) &&
      platforms.length &&
      s.platform &&
      !platforms.includes(s.platform)
    )
      issues.push({
        path: at('build', 'platforms'),
        message: `build.platforms must include the service's platform "${String(s.platform)}"`,
      });
    issues.push(...duplicateTargets(s, at));
    issues.push(...checkServiceValues(name, s));
    if (s.container_name) {
      if (replicas(s) > 1)
        issues.push({
          path: at('container_name'),
          message: 'a service with container_name cannot have more than one replica',
        });
    }
  }
  issues.push(...cycleIssues(services));
  return issues;
}

/** Two mounts on one target, among tmpfs entries and volumes, as Compose v2 refuses them. */
function duplicateTargets(
  s: ServiceConfig,
  at: (key: string | number, ...rest: (string | number)[]) => string,
): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const mounted = new Map<string, string>();
  const mount = (target: string, where: string): void => {
    const first = mounted.get(target);
    if (first)
      issues.push({ path: where, message: `target ${target} is already mounted by ${first}` });
    else mounted.set(target, where);
  };
  const tmpfs = s.tmpfs;
  (Array.isArray(tmpfs) ? tmpfs : typeof tmpfs === 'string' ? [tmpfs] : []).forEach((t, i) =>
    mount(String(t).split(':')[0]!, at('tmpfs', i)),
  );
  // A volume that did not parse has no target; its own problem is reported already.
  (s.volumes ?? []).forEach((v, i) => {
    if (typeof v?.target === 'string') mount(v.target, at('volumes', i));
  });
  return issues;
}

function cycleIssues(services: Record<string, ServiceConfig>): SemanticIssue[] {
  return dependencyCycles({ services }).map((cycle) => ({
    path: joinPath(joinPath('services', cycle[0]!), 'depends_on'),
    message: `dependency cycle: ${cycle.join(' -> ')}`,
  }));
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

/** Edits between two words, a swap of neighbours counting as one (`wbe` is one from `web`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Two of `services` with one `container_name`. Only the services a command acts on are checked,
 * as Compose v2 does: `up c` works in a project where a and b clash, `up` does not.
 */
export function containerNameClashes(
  services: Readonly<Record<string, ServiceConfig>>,
  selected: readonly string[] = Object.keys(services),
): SemanticIssue[] {
  const owners = new Map<string, string>();
  const issues: SemanticIssue[] = [];
  for (const name of selected) {
    const containerName = services[name]?.container_name;
    if (!containerName) continue;
    const other = owners.get(containerName);
    if (other)
      issues.push({
        path: joinPath(joinPath('services', name), 'container_name'),
        message: `container name "${containerName}" is also used by service "${other}"`,
      });
    else owners.set(containerName, name);
  }
  return issues;
}
