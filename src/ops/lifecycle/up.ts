/**
 * `stager up`: plan against what runs, then apply. Independent services start in parallel; a
 * service waits only for the conditions its depends_on names, learned from engine events. A
 * failure names the service, shows its last log lines, and leaves what converged in place so
 * that running `up` again continues from there.
 */
import { serviceConfigHash } from '../../config/hash.js';
import { containerNameClashes } from '../../config/semantics.js';
import type { DependencyCondition, Project, ServiceConfig } from '../../config/model/project.js';
import { parseDurationNs } from '../../config/units.js';
import { ConfigError, PortInUseError, StagerError, UserAbortError } from '../../errors.js';
import type { ContainerDetails, ContainerSummary } from '../../engine/engine.js';
import { projectFilter } from '../../engine/labels.js';
import { stopIfInterrupted, type OpContext } from '../context.js';
import { refuseUnsupportedKeys } from './engine-features.js';
import { containerSpec } from './container-spec.js';
import {
  namedServices,
  planUp,
  renderPlan,
  type ContainerAction,
  type ServicePlan,
} from './plan.js';
import {
  ensureBindSources,
  ensureImages,
  ensureNetworks,
  ensureVolumes,
  type PullPolicy,
} from './resources.js';
import { lastLogLines } from '../containers/logs-tail.js';
import { StartOrder } from './start-order.js';
import type { BuildOptions } from '../images/build.js';
import {
  ContainerWatch,
  isCompleted,
  isHealthy,
  isReady,
  listedAsMet,
  WaitFailure,
  WaitTimeout,
  type Verdict,
} from './watch.js';
import { sharedWith, withDependencies } from '../../config/graph.js';
import { progress } from '../progress.js';
import { stopGracefully } from './stop-policy.js';
import { serviceImage } from '../../config/model/queries.js';

export interface UpOptions {
  services?: readonly string[];
  noDeps?: boolean;
  forceRecreate?: boolean;
  noRecreate?: boolean;
  removeOrphans?: boolean;
  scale?: Readonly<Record<string, number>>;
  pull?: PullPolicy;
  /** Pull without progress rows (`--quiet-pull`); a failed pull still says so. */
  quietPull?: boolean;
  /** Only say what would be done (`--dry-run`): the plan, with nothing built, pulled or made. */
  dryRun?: boolean;
  wait?: boolean;
  waitTimeoutSeconds?: number;
  /** Build images before starting: `true` always (`--build`), `false` never, else when missing. */
  build?: boolean;
  buildOptions?: Omit<BuildOptions, 'services'>;
  /** `-V`: recreated containers get new anonymous volumes instead of keeping theirs. */
  /** Create what is missing and start nothing (`create`, `up --no-start`). */
  noStart?: boolean;
  renewAnonVolumes?: boolean;
}

/**
 * Builds the images of build services that are missing, all of them with `--build`. Resolves to
 * the image id of every build service it saw, so that nobody asks the engine again.
 */
export async function buildMissing(
  ctx: OpContext,
  project: Project,
  targets: readonly string[],
  options: UpOptions,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  if (options.build === false) return ids;
  const lookups = new Map<string, Promise<string | undefined>>();
  const wanted = await Promise.all(
    targets.map(async (name) => {
      const s = project.services[name]!;
      if (!s.build) return undefined;
      if (options.build || s.pull_policy === 'build') return name;
      const ref = serviceImage(project, s);
      if (!lookups.has(ref))
        lookups.set(
          ref,
          ctx.engine.inspectImage(ref).then((image) => image?.id),
        );
      const id = await lookups.get(ref);
      if (id) ids[name] = id;
      return id ? undefined : name;
    }),
  );
  const services = wanted.filter((n): n is string => n !== undefined);
  if (!services.length) return ids;
  // The builder (a tar packer, the Dockerfile parser) loads only when something is built.
  const { buildImages } = await import('../images/build.js');
  const built = await buildImages(ctx, project, { ...options.buildOptions, services });
  for (const image of built.images) for (const s of image.services) ids[s] = image.id;
  return ids;
}

export interface UpContainer {
  name: string;
  id: string;
  action: ContainerAction['kind'];
}

export interface UpResult {
  project: string;
  services: { service: string; containers: UpContainer[] }[];
  networksCreated: string[];
  volumesCreated: string[];
  orphans: { name: string; removed: boolean }[];
}

export class ServiceFailedError extends StagerError {}

/** The anonymous volumes a container has, by target (their names are 64 hex digits). */
function anonymousVolumes(details: ContainerDetails): Map<string, string> {
  return new Map(
    details.mounts
      .filter((m) => m.type === 'volume' && m.name && /^[0-9a-f]{64}$/.test(m.name))
      .map((m) => [m.destination, m.name!]),
  );
}

export function resolveTargets(
  project: Project,
  services: readonly string[] | undefined,
  noDeps: boolean,
): string[] {
  const named = namedServices(project, services);
  return !services?.length || noDeps ? named : withDependencies(project, named);
}

export async function up(
  ctx: OpContext,
  project: Project,
  options: UpOptions = {},
): Promise<UpResult> {
  // --wait-timeout bounds the whole up, dependency waits included.
  const limit =
    options.wait && options.waitTimeoutSeconds !== undefined
      ? {
          deadline: ctx.now().getTime() + options.waitTimeoutSeconds * 1000,
          seconds: options.waitTimeoutSeconds,
        }
      : undefined;
  const targets = resolveTargets(project, options.services, options.noDeps ?? false);
  const clashes = containerNameClashes(project.services, targets);
  if (clashes.length) throw new ConfigError(clashes);
  await refuseUnsupportedKeys(ctx, project, targets);
  const built = options.dryRun ? {} : await buildMissing(ctx, project, targets, options);
  stopIfInterrupted(ctx);
  const [imageIds, actual] = await Promise.all([
    options.dryRun
      ? presentImages(ctx, project, targets)
      : ensureImages(
          options.quietPull ? { ...ctx, reporter: withoutSteps(ctx.reporter) } : ctx,
          project,
          targets,
          options.pull,
          built,
        ),
    ctx.engine.listContainers({ labels: [projectFilter(project.name)], all: true }),
  ]);
  const hashes = Object.fromEntries(
    targets.map((name) => [name, serviceConfigHash(project.services[name]!)]),
  );
  const plan = planUp(project, actual, {
    targets,
    hashes,
    imageIds,
    forceRecreate: options.forceRecreate,
    noRecreate: options.noRecreate,
    scale: options.scale,
  });
  const planText = renderPlan(plan, { removeOrphans: options.removeOrphans });
  if (options.dryRun) {
    ctx.reporter.report({ type: 'info', message: `dry run: up would\n${planText.trimEnd()}` });
    return {
      project: project.name,
      services: [],
      networksCreated: [],
      volumesCreated: [],
      orphans: [],
    };
  }
  ctx.reporter.report({ type: 'debug', message: `plan:\n${planText}` });
  stopIfInterrupted(ctx);

  const orphans: UpResult['orphans'] = [];
  for (const orphan of plan.orphans) {
    if (options.removeOrphans) {
      progress(ctx.reporter).container(orphan.name).start('Removing orphan');
      await ctx.engine.removeContainer(orphan.id, { force: true });
      progress(ctx.reporter).container(orphan.name).done('Removed');
    } else {
      ctx.reporter.report({
        type: 'warning',
        message: `container ${orphan.name} belongs to no service of ${project.name}`,
        hint: 'remove it with --remove-orphans',
      });
    }
    orphans.push({ name: orphan.name, removed: options.removeOrphans ?? false });
  }

  const [networksCreated, volumesCreated] = await Promise.all([
    ensureNetworks(
      ctx,
      project,
      plan.networks.map((n) => n.key),
    ),
    ensureVolumes(
      ctx,
      project,
      plan.volumes.map((v) => v.key),
    ),
  ]);
  const watch = await ContainerWatch.start(ctx.engine, project.name);
  try {
    const runner = new Runner(ctx, project, plan.services, hashes, imageIds, watch, actual, {
      limit,
      renewAnonVolumes: options.renewAnonVolumes,
      noStart: options.noStart,
    });
    const services = await runner.run();
    if (options.wait) await runner.waitReady();
    return { project: project.name, services, networksCreated, volumesCreated, orphans };
  } finally {
    watch.close();
  }
}

interface Started {
  ids: string[];
}

interface Prepared {
  result: UpContainer;
  start?: () => Promise<void>;
}

class Runner {
  private readonly started = new Map<string, Promise<Started>>();
  private readonly conditions = new Map<string, Promise<void>>();
  private readonly plans: Map<string, ServicePlan>;
  private readonly order: StartOrder;
  /** The containers as listed before this run, and those it left alone. */
  private readonly listed: Map<string, ContainerSummary>;
  private readonly kept = new Set<string>();

  constructor(
    private readonly ctx: OpContext,
    private readonly project: Project,
    plans: ServicePlan[],
    private readonly hashes: Record<string, string>,
    private readonly imageIds: Record<string, string>,
    private readonly watch: ContainerWatch,
    listed: readonly ContainerSummary[],
    private readonly how: {
      /** When `up --wait --wait-timeout` must be done (epoch ms), dependency waits included. */
      limit?: { deadline: number; seconds: number };
      /** `-V`: recreated containers get new anonymous volumes instead of their predecessors'. */
      renewAnonVolumes?: boolean;
      /** `create`, `up --no-start`: containers made, none started, no condition waited for. */
      noStart?: boolean;
    } = {},
  ) {
    this.plans = new Map(plans.map((p) => [p.service, p]));
    this.listed = new Map(listed.map((c) => [c.id, c]));
    const waitedOn = new Set<string>();
    for (const service of this.plans.keys()) {
      for (const dep of Object.keys(project.services[service]?.depends_on ?? {})) waitedOn.add(dep);
      for (const dep of this.implicitDependencies(service)) waitedOn.add(dep);
    }
    this.order = new StartOrder(waitedOn);
  }

  /** Created in this run and not started yet: removed if the run fails. */
  private readonly unstarted = new Set<string>();

  async run(): Promise<UpResult['services']> {
    const results = new Map<string, UpContainer[]>();
    const all = [...this.plans.values()].map(async (plan) => {
      results.set(plan.service, await this.service(plan));
    });
    const settled = await Promise.allSettled(all);
    const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    // Once interrupted, the other failures are only its echoes.
    const failure = failures.find((f) => f.reason instanceof UserAbortError) ?? failures[0];
    if (failure) {
      // Leave no created-but-never-started containers behind a failure; what runs stays.
      await Promise.all(
        [...this.unstarted].map((id) =>
          this.ctx.engine.removeContainer(id, { force: true }).catch(() => undefined),
        ),
      );
      throw failure.reason;
    }
    return [...this.plans.keys()].map((service) => ({
      service,
      containers: results.get(service) ?? [],
    }));
  }

  private startedOf(service: string): Promise<Started> {
    const p = this.started.get(service);
    if (!p) throw new Error(`internal: ${service} is not planned`);
    return p;
  }

  private service(plan: ServicePlan): Promise<UpContainer[]> {
    let resolveStarted!: (s: Started) => void;
    let rejectStarted!: (e: unknown) => void;
    this.started.set(
      plan.service,
      new Promise<Started>((res, rej) => ((resolveStarted = res), (rejectStarted = rej))),
    );
    // A dependent that fails because this one failed must not hide this one's error.
    this.started.get(plan.service)!.catch(() => undefined);
    // Creates still in flight when this service fails: the run cleans up only once they ended,
    // or a container made after the cleanup would stay created and never started.
    let early: Promise<Prepared[]> | undefined;
    return (async () => {
      try {
        // Creating does not need the dependencies: it overlaps with waiting for them, and only
        // starting waits. Services that join another's network or volumes need it created first.
        const prepare = async (): Promise<Prepared[]> => {
          const settled = await Promise.allSettled(
            plan.actions.map((action) => this.prepare(plan.service, action)),
          );
          const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
          if (failed) throw failed.reason;
          return settled.map((s) => (s as PromiseFulfilledResult<Prepared>).value);
        };
        if (this.how.noStart) {
          await Promise.all(this.implicitDependencies(plan.service).map((d) => this.startedOf(d)));
          const containers = (await prepare()).map((p) => p.result);
          resolveStarted({ ids: containers.filter((c) => c.action !== 'remove').map((c) => c.id) });
          return containers;
        }
        early = this.implicitDependencies(plan.service).length ? undefined : prepare();
        early?.catch(() => undefined);
        await this.dependencies(plan.service);
        const prepared = await (early ?? prepare());
        for (const p of prepared) if (p.start) await p.start();
        const containers = prepared.map((p) => p.result);
        const kept = containers.filter((c) => c.action !== 'remove');
        resolveStarted({ ids: kept.map((c) => c.id) });
        return containers;
      } catch (err) {
        await early?.catch(() => undefined);
        rejectStarted(err);
        throw err;
      }
    })();
  }

  private async dependencies(service: string): Promise<void> {
    const deps = Object.entries(this.project.services[service]?.depends_on ?? {}).filter(([dep]) =>
      this.plans.has(dep),
    );
    await Promise.all(
      deps.map(async ([dep, spec]) => {
        try {
          await this.condition(dep, spec.condition);
        } catch (err) {
          if (spec.required === false) {
            this.ctx.reporter.report({
              type: 'warning',
              message: `${service}: optional dependency ${dep} failed: ${(err as Error).message}`,
            });
            return;
          }
          if (err instanceof ServiceFailedError || err instanceof UserAbortError) throw err;
          throw new ServiceFailedError(
            `${service} needs ${dep}, which failed: ${(err as Error).message}`,
            { cause: err },
          );
        }
      }),
    );
    await Promise.all(
      this.implicitDependencies(service)
        .filter((d) => !deps.some(([dep]) => dep === d))
        .map((d) => this.startedOf(d)),
    );
  }

  /** Services this one shares a namespace or volumes with: created and started first. */
  private implicitDependencies(service: string): string[] {
    const config = this.project.services[service];
    return config ? sharedWith(config, this.project).filter((d) => this.plans.has(d)) : [];
  }

  private condition(service: string, condition: DependencyCondition): Promise<void> {
    const key = `${service}:${condition}`;
    let p = this.conditions.get(key);
    if (!p) {
      const judge: ((d: ContainerDetails) => Verdict) | undefined =
        condition === 'service_healthy'
          ? isHealthy
          : condition === 'service_completed_successfully'
            ? isCompleted
            : undefined;
      p = this.startedOf(service).then(async ({ ids }) => {
        if (!judge) return;
        await Promise.all(
          ids.map((id) => {
            const listed = this.kept.has(id) ? this.listed.get(id) : undefined;
            if (listed && listedAsMet(listed, condition)) {
              progress(this.ctx.reporter)
                .container(listed.name)
                .done(listed.health === 'healthy' ? 'Healthy' : 'Exited');
              return undefined;
            }
            return this.waitOrExplain(service, id, judge, this.remainingMs(), 'dependency');
          }),
        );
      });
      this.conditions.set(key, p);
    }
    return p;
  }

  /**
   * Waits for one container; a failure is worded as Compose v2 words it, since scripts grep
   * for "container X is unhealthy" and "application not healthy after 3s".
   */
  private async waitOrExplain(
    service: string,
    id: string,
    judge: (d: ContainerDetails) => Verdict,
    timeoutMs: number | undefined,
    role: 'dependency' | 'wait',
  ): Promise<ContainerDetails> {
    // Rows are named by container name: a container's row starts before it has an id.
    const row = progress(this.ctx.reporter).container(this.nameOf(id));
    row.progress('Waiting');
    try {
      const details = await this.watch.waitFor(id, judge, timeoutMs, this.ctx.signal);
      row.done(details.health === 'healthy' ? 'Healthy' : details.running ? 'Running' : 'Exited');
      return details;
    } catch (err) {
      if (err instanceof UserAbortError) throw err;
      const logs = await lastLogLines(this.ctx.engine, id, 15).catch(() => []);
      const reason =
        err instanceof WaitTimeout && this.how.limit
          ? `not ready within --wait-timeout ${this.how.limit.seconds}s`
          : (err as Error).message;
      const health =
        err instanceof WaitFailure && err.details.healthLog.length
          ? [`last health check: ${err.details.healthLog.at(-1)}`]
          : [];
      row.failed(reason);
      const container = `container ${this.nameOf(id)}`;
      const message =
        err instanceof WaitTimeout && this.how.limit
          ? `application not healthy after ${this.how.limit.seconds}s: ${container} is not ready`
          : judge === isCompleted && err instanceof WaitFailure
            ? `service "${service}" didn't complete successfully: exit ${err.details.exitCode}`
            : role === 'dependency'
              ? `dependency failed to start: ${container} ${reason}`
              : `service ${service}: ${container} ${reason}`;
      throw new ServiceFailedError(message, {
        hint: `see \`stager logs ${service}\`; fix it and run \`stager up\` again, which keeps what already runs`,
        details: [...health, ...logs],
        cause: err,
      });
    }
  }

  private readonly names = new Map<string, string>();
  private nameOf(id: string): string {
    return this.names.get(id) ?? id.slice(0, 12);
  }

  /** Does what needs no dependency (create, scale down); returns how to start, if anything. */
  private async prepare(service: string, action: ContainerAction): Promise<Prepared> {
    const config = this.project.services[service]!;
    const { engine } = this.ctx;
    const step = (id: string, status: 'start' | 'done', detail: string): void => {
      const row = progress(this.ctx.reporter).container(this.names.get(id) ?? id);
      row[status](detail);
    };
    const starter = (id: string, done: string) => (): Promise<void> =>
      this.order.run(service, async () => {
        step(id, 'start', 'Starting');
        await this.start(service, id);
        step(id, 'done', done);
      });
    if (action.kind !== 'create') this.names.set(action.container.id, action.container.name);
    switch (action.kind) {
      case 'keep':
        this.kept.add(action.container.id);
        step(action.container.id, 'done', 'Running');
        return { result: { name: action.container.name, id: action.container.id, action: 'keep' } };
      case 'start':
        return {
          result: { name: action.container.name, id: action.container.id, action: 'start' },
          start: starter(action.container.id, 'Started'),
        };
      case 'remove':
        step(action.container.id, 'start', 'Stopping');
        await stopGracefully(this.ctx, action.container.id, stopTimeout(config.stop_grace_period));
        await engine.removeContainer(action.container.id, { force: true });
        step(action.container.id, 'done', 'Removed');
        return {
          result: { name: action.container.name, id: action.container.id, action: 'remove' },
        };
      case 'recreate': {
        step(action.container.id, 'start', 'Recreating');
        const kept = this.how.renewAnonVolumes
          ? undefined
          : anonymousVolumes(await engine.inspectContainer(action.container.id));
        await stopGracefully(this.ctx, action.container.id, stopTimeout(config.stop_grace_period));
        await engine.removeContainer(action.container.id, { force: true });
        const id = await this.create(service, action.number, kept);
        return {
          result: { name: this.nameOf(id), id, action: 'recreate' },
          start: starter(id, 'Recreated'),
        };
      }
      case 'create': {
        const id = await this.create(service, action.number);
        return {
          result: { name: this.nameOf(id), id, action: 'create' },
          start: starter(id, 'Started'),
        };
      }
    }
  }

  private async create(
    service: string,
    number: number,
    keptVolumes?: ReadonlyMap<string, string>,
  ): Promise<string> {
    const config = this.project.services[service]!;
    ensureBindSources(this.ctx.host.fs, config);
    const spec = containerSpec(this.project, config, {
      keptVolumes,
      number,
      configHash: this.hashes[service]!,
      image: serviceImage(this.project, config),
      imageId: this.imageIds[service],
    });
    stopIfInterrupted(this.ctx);
    progress(this.ctx.reporter).container(spec.name).start('Creating');
    const id = await this.ctx.engine.createContainer(spec).catch((err: unknown) => {
      // Engines answer 404, or 400 since 28.x, for a volumes_from/network_mode source that is gone.
      const missing = err instanceof StagerError && /no such container/i.test(err.message);
      throw missing ? (sharedFromMissing(config, err) ?? err) : err;
    });
    this.unstarted.add(id);
    this.names.set(id, spec.name);
    progress(this.ctx.reporter).container(spec.name).done('Created');
    return id;
  }

  private async start(service: string, id: string): Promise<void> {
    stopIfInterrupted(this.ctx);
    try {
      await this.ctx.engine.startContainer(id);
      this.unstarted.delete(id);
    } catch (err) {
      if (err instanceof PortInUseError) {
        throw new ServiceFailedError(
          `service ${service}: host port ${err.port} is already in use`,
          {
            hint: `stop what listens there (\`ss -ltnp 'sport = :${err.port}'\` shows it) or publish another port`,
            cause: err,
          },
        );
      }
      const message = (err as Error).message;
      throw new ServiceFailedError(`service ${service} did not start: ${message}`, { cause: err });
    }
  }

  private remainingMs(): number | undefined {
    return this.how.limit === undefined
      ? undefined
      : Math.max(0, this.how.limit.deadline - this.ctx.now().getTime());
  }

  /** `up --wait`: every container running, and healthy where it has a healthcheck. */
  async waitReady(): Promise<void> {
    const timeoutMs = this.remainingMs();
    const awaitedCompletion = new Set<string>();
    for (const s of Object.values(this.project.services)) {
      for (const [dep, spec] of Object.entries(s.depends_on ?? {}))
        if (spec.condition === 'service_completed_successfully') awaitedCompletion.add(dep);
    }
    await Promise.all(
      [...this.plans.keys()].map(async (service) => {
        const { ids } = await this.startedOf(service);
        const judge = awaitedCompletion.has(service)
          ? isCompleted
          : (d: ContainerDetails) => isReady(d);
        await Promise.all(
          ids.map((id) => this.waitOrExplain(service, id, judge, timeoutMs, 'wait')),
        );
      }),
    );
  }
}

/** A container made with `volumes_from`/`network_mode: service:` whose source has no container. */
function sharedFromMissing(config: ServiceConfig, cause: Error): Error | undefined {
  const sources = [
    ...((config.volumes_from as string[] | undefined) ?? [])
      .filter((v) => !v.startsWith('container:'))
      .map((v) => ['volumes_from', v.split(':')[0]!] as const),
    ...(config.network_mode?.startsWith('service:')
      ? [['network_mode', config.network_mode.slice('service:'.length)] as const]
      : []),
  ];
  if (!sources.length) return undefined;
  const [key, source] = sources[0]!;
  return new ServiceFailedError(
    `service ${config.name}: ${key} needs service ${source}, which has no container`,
    { hint: `start ${source} first, or run without --no-deps`, cause },
  );
}

/** The ids of the services' images that are here already; a missing one would be pulled or built. */
async function presentImages(
  ctx: OpContext,
  project: Project,
  targets: readonly string[],
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  await Promise.all(
    targets.map(async (name) => {
      const found = await ctx.engine.inspectImage(serviceImage(project, project.services[name]!));
      if (found) ids[name] = found.id;
    }),
  );
  return ids;
}

function withoutSteps(reporter: OpContext['reporter']): OpContext['reporter'] {
  return {
    report: (e) => {
      if (e.type !== 'step' || e.status === 'failed') reporter.report(e);
    },
  };
}

export function stopTimeout(grace: unknown): number | undefined {
  if (grace === undefined || grace === null) return undefined;
  return Math.ceil(parseDurationNs(String(grace)) / 1e9);
}
