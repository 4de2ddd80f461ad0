/**
 * What a command's handler works with: its runtime (flags, output, environment) and the steps
 * most commands take, each done at most once and only when asked for, so that a command pays
 * only for what it uses.
 */
import type { Command } from 'commander';
import type { Project } from '../config/model/project.js';
import type { Engine } from '../engine/engine.js';
import type { OpContext } from '../ops/context.js';
import type { ProgressMode } from '../ui/output.js';
import type { ProjectHooks } from './hooks.js';
import { UsageError } from '../errors.js';
import { interruptible, stopSignals, type StopSignals } from './signals.js';
import type { CachedLoad, CachedLocation } from './model-cache.js';
import {
  connect,
  createRuntime,
  loadModelCached,
  locateCached,
  lockProject,
  opContext,
  selectProject,
  type LocateFlags,
  type ModelFlags,
  type Runtime,
  type Selected,
} from './runtime.js';

export interface ScopeOptions {
  /** How live progress is drawn, when a flag of the command decides it (`build --progress`). */
  progress?: (flags: Record<string, unknown>) => ProgressMode | undefined;
}

export interface Scope {
  readonly rt: Runtime;
  /** Where the project is and its name (cached; no compose parsing). */
  location(flags?: LocateFlags): Promise<CachedLocation>;
  /** The project model (cached while its files and variables are unchanged). */
  model(flags?: ModelFlags): Promise<CachedLoad>;
  /** The project a command acts on: from its files, or from its name alone (`-p`). */
  select(services?: readonly string[]): Promise<Selected>;
  /**
   * The project name a listing command reads: with services named, the model checks them;
   * without, no compose file is parsed (and none is needed with `-p`).
   */
  projectName(services: readonly string[]): Promise<string>;
  /** Holds the project's lock until released or the process ends. */
  lock(project: string): Promise<{ release(): void }>;
  engine(): Promise<Engine>;
  /** What an op is handed: the engine, the host, the reporter, credentials. */
  context(): Promise<OpContext>;
  hooks(project: Project): Promise<ProjectHooks>;
  /** Runs `work` so that Ctrl-C asks it to stop and undo; a second Ctrl-C ends the process. */
  interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Ctrl-C and SIGTERM as two signals, for commands that stop in stages (attached `up`, logs). */
  stopSignals(): StopSignals;
}

/**
 * Commands `--dry-run` can pretend: those that change the project only through the engine (its
 * engine answers every change as done), those with a dry run of their own, and those that only
 * read. Anything else (files on the host, processes in containers) is refused, not half run.
 */
const DRY_RUN_COMMANDS = new Set([
  'up',
  'create',
  'scale',
  'down',
  'stop',
  'start',
  'restart',
  'kill',
  'rm',
  'pause',
  'unpause',
  'pull',
  'push',
  'build',
  'commit',
  'reset',
  'prune',
  'ps',
  'ls',
  'logs',
  'config',
  'images',
  'port',
  'top',
  'events',
  'stats',
  'version',
  'df',
  'volumes',
  'doctor',
  'lint',
  'wait',
]);

/** COMPOSE_PARALLEL_LIMIT, as v2 reads it; a value that is not a positive number is ignored. */
function parallelFromEnv(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

function refuseDryRun(cmd: Command): void {
  if (!DRY_RUN_COMMANDS.has(cmd.name()))
    throw new UsageError(
      `--dry-run: \`${cmd.name()}\` cannot be run dry; run it without --dry-run`,
    );
}

export async function openScope(
  cmd: Command,
  flags: Record<string, unknown>,
  options: ScopeOptions = {},
): Promise<Scope> {
  const rt = await createRuntime(cmd, { progress: options.progress?.(flags) });
  if (rt.globals.dryRun) refuseDryRun(cmd);
  let engine: Promise<Engine> | undefined;
  const scope: Scope = {
    rt,
    location: (locate) => locateCached(rt, locate),
    model: (model) => loadModelCached(rt, model),
    select: (services) => selectProject(rt, services),
    projectName: async (services) =>
      services.length
        ? (await selectProject(rt, services)).project
        : (await locateCached(rt, { filesOptional: true })).name,
    lock: (project) => lockProject(rt, project),
    engine: () =>
      (engine ??= connect(rt).then(async (connected) => {
        const limit = rt.globals.parallel ?? parallelFromEnv(rt.env.COMPOSE_PARALLEL_LIMIT);
        const real = limit
          ? (await import('../engine/parallel.js')).limitedEngine(connected, limit)
          : connected;
        if (!rt.globals.dryRun) return real;
        const { dryRunEngine } = await import('../engine/dry-run.js');
        return dryRunEngine(real, (change) =>
          rt.output.reporter.report({ type: 'info', message: `dry run: would ${change}` }),
        );
      })),
    context: async () => opContext(rt, await scope.engine()),
    hooks: async (project) =>
      rt.globals.dryRun
        ? { run: async () => undefined }
        : (await import('./hooks.js')).projectHooks(project),
    interruptible,
    stopSignals,
  };
  return scope;
}
