/**
 * down, stop, start, restart, kill, rm, pause, unpause: the project's containers found by label,
 * dependents stopped before what they depend on, dependencies started before their dependents,
 * each dependency level in parallel.
 */
import type { Project } from '../../config/model/project.js';
import { ConflictError, UsageError } from '../../errors.js';
import { usedNetworks, usedVolumes } from '../../config/model/queries.js';
import type { ContainerSummary } from '../../engine/engine.js';
import { Label, projectFilter } from '../../engine/labels.js';
import { checkServices } from './plan.js';
import type { OpContext } from '../context.js';
import { dependenciesOf, withDependencies } from '../../config/graph.js';
import { isOneoff } from './plan.js';
import { stopTimeout } from './up.js';
import { progress } from '../progress.js';
import { stopGracefully } from './stop-policy.js';

export interface Selection {
  project: string;
  /** The model, when compose files were found; without it stager works from labels alone. */
  model?: Project;
  services?: readonly string[];
}

export interface LifecycleResult {
  project: string;
  containers: { name: string; service: string; action: string }[];
}

/** A container's line in a verb's result. */
const entryOf = (c: ContainerSummary, action: string): LifecycleResult['containers'][number] => ({
  name: c.name,
  service: c.labels[Label.service] ?? '',
  action,
});

/**
 * The project's containers a verb acts on: those of the named services, or with none named,
 * those of every service the files define (as Compose v2: `stop -f other.yaml` leaves the
 * other files' services alone). `everything` also takes containers of services no file defines.
 */
async function containersOf(
  ctx: OpContext,
  sel: Selection,
  { all = true, everything = false }: { all?: boolean; everything?: boolean } = {},
): Promise<ContainerSummary[]> {
  const list = await ctx.engine.listContainers({ labels: [projectFilter(sel.project)], all });
  if (sel.services?.length && sel.model) checkServices(sel.model, sel.services);
  const wanted = sel.services?.length
    ? new Set(sel.services)
    : sel.model && !everything
      ? new Set([...Object.keys(sel.model.services), ...Object.keys(sel.model.disabledServices)])
      : undefined;
  return list.filter((c) => !wanted || wanted.has(c.labels[Label.service] ?? ''));
}

/**
 * Runs `fn` on each container as soon as the containers it must follow are done: when stopping
 * (`reverse`), those of the services that depend on it; when starting, those it depends on.
 * One-off containers and services unknown to the model have no order and go at once.
 */
async function inDependencyOrder(
  containers: ContainerSummary[],
  model: Project | undefined,
  reverse: boolean,
  fn: (c: ContainerSummary) => Promise<void>,
): Promise<void> {
  const byService = new Map<string, ContainerSummary[]>();
  const free: ContainerSummary[] = [];
  for (const c of containers) {
    const service = c.labels[Label.service] ?? '';
    if (isOneoff(c) || !model?.services[service]) free.push(c);
    else (byService.get(service) ?? byService.set(service, []).get(service)!).push(c);
  }
  const services = [...byService.keys()];
  const before = (service: string): string[] => {
    if (!model) return [];
    const related = reverse
      ? services.filter(
          (other) =>
            other !== service && dependenciesOf(model.services[other]!, model).includes(service),
        )
      : dependenciesOf(model.services[service]!, model);
    return related.filter((s) => byService.has(s));
  };
  const done = new Map<string, Promise<void>>();
  const run = (service: string): Promise<void> => {
    let p = done.get(service);
    if (!p) {
      p = Promise.all(before(service).map(run)).then(() =>
        Promise.all(byService.get(service)!.map(fn)).then(() => undefined),
      );
      done.set(service, p);
    }
    return p;
  };
  await Promise.all([...free.map(fn), ...services.map(run)]);
}

function graceOf(
  sel: Selection,
  c: ContainerSummary,
  override: number | undefined,
): number | undefined {
  if (override !== undefined) return override;
  const service = sel.model?.services[c.labels[Label.service] ?? ''];
  return stopTimeout(service?.stop_grace_period);
}

/** Those of `services` that have a running container now. */
export async function runningServices(
  ctx: OpContext,
  project: string,
  services: readonly string[],
): Promise<string[]> {
  const running = await ctx.engine.listContainers({ labels: [projectFilter(project)] });
  return services.filter((s) =>
    running.some((c) => c.labels[Label.service] === s && c.state === 'running'),
  );
}

/**
 * `stop` leaves one-off containers (`run`, tasks) alone, as Compose v2 does; the data ops stop
 * them too (`oneOffs`), since nothing may write to data while it is reset or copied. The `stop`
 * command also reports the stopped ones as stopped (`stopped`), as v2 does on a second stop.
 */
export async function stop(
  ctx: OpContext,
  sel: Selection,
  timeout?: number,
  options: { oneOffs?: boolean; stopped?: boolean } = {},
): Promise<LifecycleResult> {
  const containers = (await containersOf(ctx, sel, { all: options.stopped ?? false })).filter(
    (c) =>
      (options.oneOffs || !isOneoff(c)) &&
      (c.state === 'running' ||
        c.state === 'restarting' ||
        c.state === 'paused' ||
        (options.stopped === true && c.state === 'exited')),
  );
  const out: LifecycleResult['containers'] = [];
  await inDependencyOrder(containers, sel.model, true, async (c) => {
    progress(ctx.reporter).container(c.name).start('Stopping');
    if (c.state !== 'exited') await stopGracefully(ctx, c.id, graceOf(sel, c, timeout));
    progress(ctx.reporter).container(c.name).done('Stopped');
    out.push(entryOf(c, 'stopped'));
  });
  return { project: sel.project, containers: out };
}

export async function start(
  ctx: OpContext,
  sel: Selection,
  options: { all?: boolean } = {},
): Promise<LifecycleResult> {
  // As Compose v2: a service named alone starts with what it depends on.
  const services =
    sel.model && sel.services?.length ? withDependencies(sel.model, sel.services) : sel.services;
  const containers = (await containersOf(ctx, { ...sel, services })).filter(
    (c) => !isOneoff(c) && (options.all || c.state !== 'running'),
  );
  const out: LifecycleResult['containers'] = [];
  await inDependencyOrder(containers, sel.model, false, async (c) => {
    progress(ctx.reporter).container(c.name).start('Starting');
    if (c.state === 'paused') await ctx.engine.unpauseContainer(c.id);
    else await ctx.engine.startContainer(c.id);
    progress(ctx.reporter).container(c.name).done('Started');
    out.push(entryOf(c, 'started'));
  });
  return { project: sel.project, containers: out };
}

/** Services that asked, with `depends_on: {x: {restart: true}}`, to restart when x does. */
export function restartFollowers(
  model: Project | undefined,
  services: readonly string[],
): string[] {
  if (!model || !services.length) return [];
  const out = new Set<string>();
  const visit = (name: string): void => {
    for (const [other, s] of Object.entries(model.services)) {
      if (out.has(other) || services.includes(other)) continue;
      if (s.depends_on?.[name]?.restart === true) {
        out.add(other);
        visit(other);
      }
    }
  };
  for (const s of services) visit(s);
  return [...out];
}

export async function restart(
  ctx: OpContext,
  sel: Selection,
  timeout?: number,
): Promise<LifecycleResult> {
  const followers = restartFollowers(sel.model, sel.services ?? []);
  if (followers.length) sel = { ...sel, services: [...(sel.services ?? []), ...followers] };
  const stopped = await stop(ctx, sel, timeout);
  // Every container is started again, whatever state the listing shows just after the stop:
  // a start of one already running is success (the engine answers 304).
  const started = await start(ctx, sel, { all: true });
  const names = new Set(started.containers.map((c) => c.name));
  return {
    project: sel.project,
    containers: [
      ...started.containers.map((c) => ({ ...c, action: 'restarted' })),
      ...stopped.containers.filter((c) => !names.has(c.name)),
    ],
  };
}

export async function kill(
  ctx: OpContext,
  sel: Selection,
  signal?: string,
): Promise<LifecycleResult> {
  const containers = (await containersOf(ctx, sel, { all: false })).filter(
    (c) => c.state === 'running' || c.state === 'restarting',
  );
  await Promise.all(containers.map((c) => ctx.engine.killContainer(c.id, signal)));
  return {
    project: sel.project,
    containers: containers.map((c) => entryOf(c, 'killed')),
  };
}

export async function pause(
  ctx: OpContext,
  sel: Selection,
  unpause: boolean,
): Promise<LifecycleResult> {
  // As Compose v2: every listed container of the services, so that pausing a paused one (or
  // unpausing a running one) fails with the engine's reason.
  const containers = (await containersOf(ctx, sel, { all: false })).filter((c) => !isOneoff(c));
  await Promise.all(
    containers.map((c) =>
      unpause ? ctx.engine.unpauseContainer(c.id) : ctx.engine.pauseContainer(c.id),
    ),
  );
  return {
    project: sel.project,
    containers: containers.map((c) => entryOf(c, unpause ? 'unpaused' : 'paused')),
  };
}

/** `rm`: stopped containers only, unless `stop` (then running ones are stopped first). */
export async function remove(
  ctx: OpContext,
  sel: Selection,
  options: { stop?: boolean; volumes?: boolean },
): Promise<LifecycleResult> {
  if (options.stop) await stop(ctx, sel);
  // After a stop, what was stopped goes whatever state the listing still shows (a container
  // that was restarting may read so for a moment): the removal forces it.
  const containers = (await containersOf(ctx, sel)).filter(
    (c) =>
      !isOneoff(c) &&
      (options.stop || (c.state !== 'running' && c.state !== 'restarting' && c.state !== 'paused')),
  );
  await Promise.all(
    containers.map(async (c) => {
      await ctx.engine.removeContainer(c.id, {
        volumes: options.volumes ?? false,
        force: options.stop ?? false,
      });
      progress(ctx.reporter).container(c.name).done('Removed');
    }),
  );
  return {
    project: sel.project,
    containers: containers.map((c) => entryOf(c, 'removed')),
  };
}

export interface DownOptions {
  volumes?: boolean;
  removeOrphans?: boolean;
  rmi?: 'local' | 'all';
  timeout?: number;
}

export interface DownResult {
  project: string;
  containers: string[];
  networks: string[];
  volumes: string[];
  images: string[];
}

/**
 * Containers, networks, and with -v the volumes and anonymous volumes, of the project. With
 * services named, as Compose v2: only their containers (not their dependents'), and the networks
 * and volumes they use that nothing else still uses.
 */
export async function down(
  ctx: OpContext,
  sel: Selection,
  options: DownOptions = {},
): Promise<DownResult> {
  const named = sel.services?.length ? new Set(sel.services) : undefined;
  if (named && sel.model) checkServices(sel.model, [...named]);
  const all = await containersOf(ctx, { ...sel, services: undefined }, { everything: true });
  const known = sel.model
    ? new Set([...Object.keys(sel.model.services), ...Object.keys(sel.model.disabledServices)])
    : undefined;
  const orphans = known
    ? all.filter((c) => !isOneoff(c) && !known.has(c.labels[Label.service] ?? ''))
    : [];
  if (orphans.length && !options.removeOrphans) {
    ctx.reporter.report({
      type: 'warning',
      message: `${orphans.map((c) => c.name).join(', ')} belong to no service of ${sel.project}; left in place`,
      hint: 'remove them with --remove-orphans',
    });
  }
  const orphanIds = new Set(orphans.map((c) => c.id));
  const targets = all.filter((c) =>
    orphanIds.has(c.id)
      ? options.removeOrphans
      : !named || named.has(c.labels[Label.service] ?? ''),
  );
  const left = all.filter((c) => !targets.includes(c));
  // Only the stops are ordered: a dependency may stop once its dependents have, while their
  // removal goes on.
  const removals: Promise<void>[] = [];
  await inDependencyOrder(targets, sel.model, true, async (c) => {
    const row = progress(ctx.reporter).container(c.name);
    if (c.state === 'running' || c.state === 'restarting' || c.state === 'paused') {
      row.start('Stopping');
      await stopGracefully(ctx, c.id, graceOf(sel, c, options.timeout));
    }
    removals.push(
      ctx.engine
        .removeContainer(c.id, { force: true, volumes: options.volumes ?? false })
        .then(() => row.done('Removed')),
    );
  });
  await Promise.all(removals);

  // A named service's networks and volumes go only when no container is left that uses them.
  const ofNamed = (keys: (p: Project, s: string[]) => string[]) =>
    named && sel.model ? new Set(keys(sel.model, [...named])) : undefined;
  const [networkKeys, volumeKeys] = [ofNamed(usedNetworks), ofNamed(usedVolumes)];
  const inUse = (err: unknown): boolean => named !== undefined && err instanceof ConflictError;
  const networks: string[] = [];
  if (!left.length || named) {
    for (const n of await ctx.engine.listNetworks([projectFilter(sel.project)])) {
      if (networkKeys && !networkKeys.has(n.labels[Label.network] ?? '')) continue;
      const removed = await ctx.engine.removeNetwork(n.id).then(
        () => true,
        (err: unknown) => (inUse(err) ? false : Promise.reject(err)),
      );
      progress(ctx.reporter)
        .network(n.name)
        .done(removed ? 'Removed' : 'In use');
      if (removed) networks.push(n.name);
    }
  }
  const volumes: string[] = [];
  if (options.volumes) {
    for (const v of await ctx.engine.listVolumes([projectFilter(sel.project)])) {
      if (volumeKeys && !volumeKeys.has(v.labels[Label.volume] ?? '')) continue;
      const removed = await ctx.engine.removeVolume(v.name).then(
        () => true,
        (err: unknown) => (inUse(err) ? false : Promise.reject(err)),
      );
      progress(ctx.reporter)
        .volume(v.name)
        .done(removed ? 'Removed' : 'In use');
      if (removed) volumes.push(v.name);
    }
  }
  const images: string[] = [];
  if (options.rmi && sel.model) {
    const refs = new Set<string>();
    for (const s of Object.values(sel.model.services)) {
      if (named && !named.has(s.name)) continue;
      if (options.rmi === 'all' || (!s.image && s.build))
        refs.add(s.image ?? `${sel.project}-${s.name}`);
    }
    for (const ref of refs) {
      if (!(await ctx.engine.inspectImage(ref))) continue;
      await ctx.engine.removeImage(ref);
      progress(ctx.reporter).image(ref).done('Removed');
      images.push(ref);
    }
  }
  return {
    project: sel.project,
    containers: targets.map((c) => c.name),
    networks,
    volumes,
    images,
  };
}

export interface WaitResult {
  project: string;
  containers: { name: string; service: string; exitCode: number }[];
  /** The exit code of the first container that stopped. */
  exitCode: number;
}

/**
 * Blocks until the selected services' containers stop; the first to stop gives the exit code.
 * A container that has already stopped answers at once, with the code it exited with.
 */
export async function waitForExit(ctx: OpContext, sel: Selection): Promise<WaitResult> {
  const containers = (await containersOf(ctx, sel)).filter((c) => !isOneoff(c));
  if (!containers.length)
    throw new UsageError(`no container to wait for in project ${sel.project}`);
  const out: WaitResult['containers'] = [];
  await Promise.all(
    containers.map(async (c) => {
      const exitCode = await ctx.engine.waitContainer(c.id);
      out.push({ name: c.name, service: c.labels[Label.service] ?? '', exitCode });
      progress(ctx.reporter).container(c.name).done(`Exited (${exitCode})`);
    }),
  );
  return { project: sel.project, containers: out, exitCode: out[0]?.exitCode ?? 0 };
}
