/**
 * `stager up` without -d: bring the project up, stream its logs, and when asked to stop
 * (Ctrl-C, or a container exiting with --abort-on-container-exit) stop what was started. A
 * second request while stopping kills instead of waiting.
 */
import type { Project } from '../../config/model/project.js';
import { withDependencies } from '../../config/graph.js';
import { UsageError } from '../../errors.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';
import { kill, stop } from './lifecycle.js';
import { streamLogs, type LogEntry } from '../containers/logs.js';
import { resolveTargets, up, type UpOptions, type UpResult } from './up.js';

export interface AttachedOptions {
  /** `--attach`: follow these services only. */
  attach?: readonly string[];
  /** `--no-attach`: not these. */
  noAttach?: readonly string[];
  /** `--attach-dependencies`: the named services' dependencies too. */
  attachDependencies?: boolean;
  timestamps?: boolean;
  abortOnContainerExit?: boolean;
  exitCodeFrom?: string;
  timeout?: number;
  /** Aborted on the first interrupt: stop gracefully. */
  interrupt: AbortSignal;
  /** Aborted on the second interrupt: kill. */
  force: AbortSignal;
  onStopping?: () => void;
  /** Once the project is up, before following it (post-up hooks). */
  afterUp?: () => Promise<void>;
}

export interface AttachedResult {
  up: UpResult;
  exitCode: number;
  reason: 'interrupted' | 'container-exit' | 'all-exited';
}

/**
 * The services an attached `up` follows, as Compose v2 picks them: `--attach` as given, else
 * the services named (all when none is), with their dependencies under `--attach-dependencies`,
 * leaving out those whose compose says `attach: false`; then without `--no-attach`'s.
 */
export function attachedServices(
  project: Project,
  named: readonly string[] | undefined,
  targets: readonly string[],
  attached: Pick<AttachedOptions, 'attach' | 'noAttach' | 'attachDependencies'>,
): string[] {
  let chosen: string[];
  if (attached.attach?.length) {
    const outside = attached.attach.filter((s) => !targets.includes(s));
    if (outside.length)
      throw new UsageError(`cannot attach to services not included in up: ${outside.join(', ')}`);
    chosen = [...attached.attach];
  } else {
    const base = named?.length ? [...named] : Object.keys(project.services);
    const all = attached.attachDependencies ? withDependencies(project, base) : base;
    chosen = all.filter((s) => {
      const flag = project.services[s]?.attach as unknown;
      return flag !== false && flag !== 'false';
    });
  }
  return chosen.filter((s) => !(attached.noAttach ?? []).includes(s));
}

export async function upAttached(
  ctx: OpContext,
  project: Project,
  options: UpOptions,
  attached: AttachedOptions,
  onEntry: (e: LogEntry) => void,
  onSources: (sources: string[]) => void,
): Promise<AttachedResult> {
  const targets = resolveTargets(project, options.services, options.noDeps ?? false);
  const attachTo = attachedServices(project, options.services, targets, attached);
  const result = await up(ctx, project, options);
  await attached.afterUp?.();
  const logsDone = new AbortController();
  const logsDrained = new AbortController();
  const logs = streamLogs(
    ctx,
    {
      project: project.name,
      services: attachTo,
      follow: true,
      tail: 'all',
      timestamps: attached.timestamps ?? false,
      signal: logsDone.signal,
      drain: logsDrained.signal,
    },
    onEntry,
    onSources,
  );
  const abortOnExit = attached.abortOnContainerExit || attached.exitCodeFrom !== undefined;

  type Outcome = { reason: AttachedResult['reason']; exitCode: number };
  let settle!: (o: Outcome) => void;
  const finished = new Promise<Outcome>((resolve) => (settle = resolve));
  if (attached.interrupt.aborted) settle({ reason: 'interrupted', exitCode: 130 });
  attached.interrupt.addEventListener(
    'abort',
    () => settle({ reason: 'interrupted', exitCode: 130 }),
    { once: true },
  );

  // The --exit-code-from service decides the end even when nobody follows its logs.
  const watched = [...attachTo, ...(attached.exitCodeFrom ? [attached.exitCodeFrom] : [])];
  const isTarget = (labels: Readonly<Record<string, string>>): boolean =>
    watched.includes(labels[Label.service] ?? '') &&
    (labels[Label.oneoff] ?? '').toLowerCase() !== 'true';
  // The containers up left running; each `die` crosses one off. The engine may still list a
  // container as running when its `die` event arrives, so the events, not a listing, decide.
  const alive = new Set(
    result.services
      .filter((s) => attachTo.includes(s.service))
      .flatMap((s) => s.containers.filter((c) => c.action !== 'remove').map((c) => c.id)),
  );
  const exited = (id: string): void => {
    alive.delete(id);
    if (!alive.size) settle({ reason: 'all-exited', exitCode: 0 });
  };
  /** Under --exit-code-from, the code is that service's, read once everything has stopped. */
  const FROM_SERVICE = -1;
  const onExit = (id: string, service: string, code: number): void => {
    if (attached.exitCodeFrom !== undefined) {
      if (service === attached.exitCodeFrom) settle({ reason: 'container-exit', exitCode: code });
      else if (attached.abortOnContainerExit)
        settle({ reason: 'container-exit', exitCode: FROM_SERVICE });
    } else if (abortOnExit) settle({ reason: 'container-exit', exitCode: code });
    else exited(id);
  };
  const events = await ctx.engine.streamEvents(
    { type: ['container'], event: ['die'], label: [projectFilter(project.name)] },
    (e) => {
      if (!isTarget(e.attributes)) return;
      onExit(e.id, e.attributes[Label.service] ?? '', Number(e.attributes.exitCode ?? 0));
    },
  );
  // Containers that ended before the subscription (a one-shot dependency up waited for) sent
  // no event: look at each once. As in Compose v2, such an exit ends the command only when it
  // is the --exit-code-from service's; it is no reason to abort the others.
  const early = abortOnExit ? (attached.exitCodeFrom ? [attached.exitCodeFrom] : []) : attachTo;
  const settled = result.services
    .filter((s) => early.includes(s.service))
    .flatMap((s) =>
      s.containers
        .filter((c) => c.action !== 'remove')
        .map((c) => ({ id: c.id, service: s.service })),
    );
  await Promise.all(
    settled.map(async ({ id, service }) => {
      const details = await ctx.engine.inspectContainer(id);
      if (!details.running && details.state !== 'restarting')
        onExit(id, service, details.exitCode ?? 0);
    }),
  );
  let outcome = await finished;
  events.close();

  if (outcome.reason !== 'all-exited' && attachTo.length) {
    attached.onStopping?.();
    // What this command attached to, not the dependencies it started for them.
    const selection = { project: project.name, model: project, services: attachTo };
    const graceful = stop(ctx, selection, attached.timeout);
    const forced = new Promise<void>((resolve) => {
      if (attached.force.aborted) return resolve();
      attached.force.addEventListener('abort', () => resolve(), { once: true });
    });
    const winner = await Promise.race([
      graceful.then(() => 'stopped' as const),
      forced.then(() => 'forced' as const),
    ]);
    if (winner === 'forced') await kill(ctx, selection);
  }
  if (outcome.exitCode === FROM_SERVICE) {
    // Stopped by the abort: its own code (143 after SIGTERM), as Compose v2 exits with.
    const from = result.services.find((x) => x.service === attached.exitCodeFrom);
    const id = from?.containers.find((c) => c.action !== 'remove')?.id;
    const code = id ? ((await ctx.engine.inspectContainer(id)).exitCode ?? 0) : 0;
    outcome = { ...outcome, exitCode: code };
  }
  // Containers that exited on their own may still have output on its way: let it arrive.
  if (outcome.reason === 'all-exited') {
    logsDrained.abort();
    attached.interrupt.addEventListener('abort', () => logsDone.abort(), { once: true });
  } else logsDone.abort();
  await logs;
  return { up: result, exitCode: outcome.exitCode, reason: outcome.reason };
}
