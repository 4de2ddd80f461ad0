import type * as LifecycleModule from '../../../ops/lifecycle/lifecycle.js';
import type { LifecycleResult, Selection } from '../../../ops/lifecycle/lifecycle.js';
import type { OpContext } from '../../../ops/context.js';
import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';
import type { Scope } from '../../scope.js';

type Verb = 'stop' | 'start' | 'restart' | 'kill' | 'pause' | 'unpause' | 'rm';

const DOCS: Record<Verb, { summary: string; examples: string[] }> = {
  stop: {
    summary: 'stop running containers (dependents first)',
    examples: ['stager stop', 'stager stop web -t 2'],
  },
  start: {
    summary: 'start stopped containers (dependencies first)',
    examples: ['stager start', 'stager start db'],
  },
  restart: { summary: 'stop then start containers', examples: ['stager restart web'] },
  kill: {
    summary: 'send a signal to running containers',
    examples: ['stager kill', 'stager kill -s SIGINT worker'],
  },
  pause: { summary: 'pause running containers', examples: ['stager pause worker'] },
  unpause: { summary: 'unpause paused containers', examples: ['stager unpause worker'] },
  rm: { summary: 'remove stopped containers', examples: ['stager rm', 'stager rm -s -v worker'] },
};

interface Flags {
  timeout?: string;
  signal?: string;
  stop?: boolean;
  volumes?: boolean;
  force?: boolean;
}

/** The project and context of a lifecycle command; one that changes the project holds its lock. */
async function subject(scope: Scope, services: string[], changes = true) {
  const selected = await scope.select(services);
  if (changes) await scope.lock(selected.project);
  return { ctx: await scope.context(), selection: { ...selected, services } };
}

type LifecycleOps = typeof LifecycleModule;

/** What each verb runs. */
const RUN: Record<
  Verb,
  (
    ops: LifecycleOps,
    ctx: OpContext,
    selection: Selection,
    flags: Flags,
  ) => Promise<LifecycleResult>
> = {
  stop: (ops, ctx, selection, flags) =>
    ops.stop(ctx, selection, seconds(flags.timeout), { stopped: true }),
  start: (ops, ctx, selection) => ops.start(ctx, selection),
  restart: (ops, ctx, selection, flags) => ops.restart(ctx, selection, seconds(flags.timeout)),
  kill: (ops, ctx, selection, flags) => ops.kill(ctx, selection, flags.signal),
  pause: (ops, ctx, selection) => ops.pause(ctx, selection, false),
  unpause: (ops, ctx, selection) => ops.pause(ctx, selection, true),
  rm: (ops, ctx, selection, flags) =>
    ops.remove(ctx, selection, { stop: flags.stop, volumes: flags.volumes }),
};

function seconds(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

export const registerLifecycle: CommandRegistrar = (program, define) => {
  for (const verb of Object.keys(DOCS) as Verb[]) {
    const cmd = define(
      program.command(verb).argument('[services...]', 'only these services'),
      DOCS[verb],
    );
    if (verb === 'stop' || verb === 'restart')
      cmd.option('-t, --timeout <seconds>', 'seconds to wait before killing');
    if (verb === 'kill') cmd.option('-s, --signal <signal>', 'signal to send', undefined);
    if (verb === 'rm') {
      cmd
        .option('-s, --stop', 'stop running containers first')
        .option('-v, --volumes', "remove the containers' anonymous volumes")
        .option('-f, --force', 'do not ask (stager never asks for rm)');
    }
    cmd.action(
      handler(async (scope, services: string[], flags: Flags) => {
        const { ctx, selection } = await subject(scope, services);
        const [ops, { renderLifecycle }] = await Promise.all([
          import('../../../ops/lifecycle/lifecycle.js'),
          import('../../../ui/render/lifecycle/lifecycle.js'),
        ]);
        return { result: await RUN[verb](ops, ctx, selection, flags), render: renderLifecycle };
      }),
    );
  }

  define(program.command('wait').argument('[services...]', 'only these services'), {
    summary: 'block until the containers of services stop; exit with the code of the first',
    examples: [
      'stager wait tests',
      'stager up -d && stager wait migrate',
      'stager wait --down-project tests',
    ],
  })
    .option('--down-project', 'then take the whole project down (as `down --remove-orphans`)')
    .action(
      handler(async (scope, services: string[], flags: { downProject?: boolean }) => {
        const { ctx, selection } = await subject(scope, services, false);
        const [{ down, waitForExit }, { renderWait }] = await Promise.all([
          import('../../../ops/lifecycle/lifecycle.js'),
          import('../../../ui/render/lifecycle/lifecycle.js'),
        ]);
        const result = await waitForExit(ctx, selection);
        if (flags.downProject) {
          await scope.lock(selection.project);
          await down(ctx, { ...selection, services: undefined }, { removeOrphans: true });
        }
        return { result, render: renderWait, exitCode: result.exitCode };
      }),
    );

  define(program.command('down').argument('[services...]', 'only these services'), {
    summary: "stop and remove the project's containers and networks (volumes with -v)",
    examples: [
      'stager down',
      'stager down -v',
      'stager down worker              # only its containers, and what nothing else uses',
      'stager -p demo down --remove-orphans',
      'stager down --rmi local',
    ],
  })
    .option(
      '-v, --volumes',
      'also remove named volumes declared by the project and anonymous volumes',
    )
    .option('--remove-orphans', 'also remove containers of services no longer in the files')
    .option('--rmi <which>', 'remove images: local (those stager built) or all')
    .option('-t, --timeout <seconds>', 'seconds to wait before killing')
    .action(
      handler(
        async (
          scope,
          services: string[],
          flags: { volumes?: boolean; removeOrphans?: boolean; rmi?: string; timeout?: string },
        ) => {
          const { UsageError } = await import('../../../errors.js');
          if (flags.rmi !== undefined && flags.rmi !== 'local' && flags.rmi !== 'all')
            throw new UsageError(`--rmi ${flags.rmi}: use local or all`);
          const { ctx, selection } = await subject(scope, services);
          if (selection.model) await (await scope.hooks(selection.model)).run(ctx, 'pre-down');
          const [{ down }, { renderDown }] = await Promise.all([
            import('../../../ops/lifecycle/lifecycle.js'),
            import('../../../ui/render/lifecycle/lifecycle.js'),
          ]);
          const result = await down(ctx, selection, {
            volumes: flags.volumes,
            removeOrphans: flags.removeOrphans,
            rmi: flags.rmi as 'local' | 'all' | undefined,
            timeout: seconds(flags.timeout),
          });
          return { result, render: renderDown };
        },
      ),
    );
};
