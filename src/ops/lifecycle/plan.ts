/**
 * What `up` must do, decided without touching the engine: for each service, in dependency
 * order, which containers to create, recreate (config hash changed), start, keep, or remove
 * (scaled down), and which containers belong to services the files no longer define.
 */
import type { Project, ServiceConfig } from '../../config/model/project.js';
import { didYouMean } from '../../config/semantics.js';
import { UsageError } from '../../errors.js';
import type { ContainerSummary } from '../../engine/engine.js';
import { Label } from '../../engine/labels.js';
import { shortId } from '../../format.js';
import { dependencyLevels } from '../../config/graph.js';
import { replicas, usedNetworks, usedVolumes } from '../../config/model/queries.js';

export type ContainerAction =
  | { kind: 'create'; number: number }
  | { kind: 'recreate'; number: number; container: ContainerSummary }
  | { kind: 'start'; number: number; container: ContainerSummary }
  | { kind: 'keep'; number: number; container: ContainerSummary }
  | { kind: 'remove'; number: number; container: ContainerSummary };

export interface ServicePlan {
  service: string;
  /** 0 for services that depend on nothing; one more than their deepest dependency otherwise. */
  level: number;
  actions: ContainerAction[];
}

/** A network or volume `up` makes sure of: created when missing, or, when external, required. */
export interface ResourceStep {
  key: string;
  name: string;
  external: boolean;
}

export interface UpPlan {
  networks: ResourceStep[];
  volumes: ResourceStep[];
  /** The image each service runs, by id (resolved before planning: built or pulled as needed). */
  images: { service: string; id: string }[];
  services: ServicePlan[];
  orphans: ContainerSummary[];
}

export interface PlanOptions {
  /** The services to bring up (already including dependencies unless --no-deps). */
  targets: readonly string[];
  /** Config hash per target service, image id included. */
  hashes: Readonly<Record<string, string>>;
  /** The id of the image each service runs now; a container on another one is recreated. */
  imageIds?: Readonly<Record<string, string>>;
  forceRecreate?: boolean;
  noRecreate?: boolean;
  scale?: Readonly<Record<string, number>>;
}

export function isOneoff(c: ContainerSummary): boolean {
  return (c.labels[Label.oneoff] ?? '').toLowerCase() === 'true';
}

export function planUp(
  project: Project,
  actual: readonly ContainerSummary[],
  options: PlanOptions,
): UpPlan {
  const levels = dependencyLevels(project, options.targets);
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of actual) {
    if (isOneoff(c)) continue;
    const service = c.labels[Label.service] ?? '';
    (byService.get(service) ?? byService.set(service, []).get(service)!).push(c);
  }
  const services: ServicePlan[] = [];
  const oneShots = new Set(
    Object.values(project.services).flatMap((s) =>
      Object.entries(s.depends_on ?? {})
        .filter(([, d]) => d.condition === 'service_completed_successfully')
        .map(([dep]) => dep),
    ),
  );
  for (const name of options.targets) {
    const service = project.services[name];
    if (!service) continue;
    const wanted = options.scale?.[name] ?? replicas(service);
    const existing = [...(byService.get(name) ?? [])].sort((a, b) => number(a) - number(b));
    const actions: ContainerAction[] = [];
    const used = new Set<number>();
    for (const container of existing) {
      const n = number(container);
      if (n > wanted || used.has(n)) {
        actions.push({ kind: 'remove', number: n, container });
        continue;
      }
      used.add(n);
      const imageId = options.imageIds?.[name];
      const current =
        container.labels[Label.configHash] === options.hashes[name] &&
        (imageId === undefined || container.labels[Label.image] === imageId);
      const mustRecreate = options.forceRecreate || (!current && !options.noRecreate);
      if (mustRecreate) actions.push({ kind: 'recreate', number: n, container });
      else if (
        container.state === 'running' ||
        container.state === 'restarting' ||
        (oneShots.has(name) && finishedTask(service, container))
      ) {
        actions.push({ kind: 'keep', number: n, container });
      } else actions.push({ kind: 'start', number: n, container });
    }
    for (let n = 1; n <= wanted; n++) if (!used.has(n)) actions.push({ kind: 'create', number: n });
    actions.sort((a, b) => a.number - b.number);
    services.push({ service: name, level: levels.get(name) ?? 0, actions });
  }
  services.sort((a, b) => a.level - b.level || a.service.localeCompare(b.service));
  const known = new Set([
    ...Object.keys(project.services),
    ...Object.keys(project.disabledServices),
  ]);
  const orphans = actual.filter((c) => !isOneoff(c) && !known.has(c.labels[Label.service] ?? ''));
  const step = (key: string, r: { name: string; external?: unknown }): ResourceStep => ({
    key,
    name: r.name,
    external: Boolean(r.external),
  });
  return {
    networks: usedNetworks(project, options.targets).map((k) => step(k, project.networks[k]!)),
    volumes: usedVolumes(project, options.targets).map((k) => step(k, project.volumes[k]!)),
    images: options.targets
      .filter((name) => options.imageIds?.[name])
      .map((service) => ({ service, id: options.imageIds![service]! })),
    services,
    orphans,
  };
}

/**
 * The plan as lines of text, one per step in the order `up` takes them: for reading in a
 * review, in `--verbose` output and in golden tests.
 */
export function renderPlan(plan: UpPlan, options: { removeOrphans?: boolean } = {}): string {
  const lines = [
    ...plan.networks.map((n) => `network ${n.name}${n.external ? ' (external)' : ''}`),
    ...plan.volumes.map((v) => `volume ${v.name}${v.external ? ' (external)' : ''}`),
    ...plan.images.map((i) => `image ${i.service} ${shortId(i.id)}`),
    ...plan.orphans.map(
      (c) => `orphan ${c.name} ${options.removeOrphans ? 'remove' : 'keep, with a warning'}`,
    ),
    ...plan.services.flatMap((s) =>
      s.actions.map(
        (a) =>
          `level ${s.level} ${s.service} #${a.number} ${a.kind}${'container' in a ? ` ${a.container.name}` : ''}`,
      ),
    ),
  ];
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * A one-shot service (no restart policy) that already ran to success is left as it is. Only
 * services another waits on with service_completed_successfully count as one-shots: a server
 * stopped gracefully also exits 0, and `up` must start it again.
 */
function finishedTask(service: ServiceConfig, c: ContainerSummary): boolean {
  const restart = String(service.restart ?? 'no');
  return (
    c.state === 'exited' &&
    c.exitCode === 0 &&
    (restart === 'no' || restart.startsWith('on-failure'))
  );
}

function number(c: ContainerSummary): number {
  return Number(c.labels[Label.containerNumber] ?? 0) || 1;
}

function refuseUnknown(known: readonly string[], services: readonly string[]): void {
  for (const name of services) {
    if (!known.includes(name))
      throw new UsageError(`no such service: ${name}${didYouMean(name, known)}`);
  }
}

/**
 * Every command's one rule for a service name the project does not define: Compose v2's words,
 * with a did-you-mean. Services a profile leaves off count as defined.
 */
export function checkServices(project: Project, services: readonly string[]): void {
  refuseUnknown(
    [...Object.keys(project.services), ...Object.keys(project.disabledServices)],
    services,
  );
}

/** The services named on the command line, checked to exist; all of them when none is named. */
export function namedServices(project: Project, services: readonly string[] | undefined): string[] {
  if (!services?.length) return Object.keys(project.services);
  refuseUnknown(Object.keys(project.services), services);
  return [...services];
}
