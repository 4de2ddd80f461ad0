import type { Command } from 'commander';
import type { CommandRegistrar } from '../../command.js';
import { projectHooks } from '../../hooks.js';
import type { Runtime } from '../../runtime.js';

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

/** The runtime, engine and project of a lifecycle command; one that changes it holds its lock. */
async function context(cmd: Command, services: string[], changes = true) {
  const { createRuntime, connect, lockProject, opContext, selectProject } =
    await import('../../runtime.js');
  const rt: Runtime = await createRuntime(cmd);
  const selected = await selectProject(rt, services);
  if (changes) await lockProject(rt, selected.project);
  const ctx = opContext(rt, await connect(rt));
  return { rt, ctx, selection: { ...selected, services } };
}

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
    cmd.action(async (services: string[], flags: Flags, command: Command) => {
      const { rt, ctx, selection } = await context(command, services);
      const ops = await import('../../../ops/lifecycle/lifecycle.js');
      const { renderLifecycle } = await import('../../../ui/render/lifecycle/lifecycle.js');
      const result =
        verb === 'stop'
          ? await ops.stop(ctx, selection, seconds(flags.timeout))
          : verb === 'start'
            ? await ops.start(ctx, selection)
            : verb === 'restart'
              ? await ops.restart(ctx, selection, seconds(flags.timeout))
              : verb === 'kill'
                ? await ops.kill(ctx, selection, flags.signal)
                : verb === 'rm'
                  ? await ops.remove(ctx, selection, { stop: flags.stop, volumes: flags.volumes })
                  : await ops.pause(ctx, selection, verb === 'unpause');
      rt.output.result(result, renderLifecycle);
    });
  }

  define(program.command('wait').argument('[services...]', 'only these services'), {
    summary: 'block until the containers of services stop; exit with the code of the first',
    examples: ['stager wait tests', 'stager up -d && stager wait migrate'],
  }).action(async (services: string[], _flags: unknown, command: Command) => {
    const { rt, ctx, selection } = await context(command, services, false);
    const { waitForExit } = await import('../../../ops/lifecycle/lifecycle.js');
    const result = await waitForExit(ctx, selection);
    rt.output.result(result, (r) =>
      r.containers.map((c) => `${c.name} exited with code ${c.exitCode}\n`).join(''),
    );
    process.exitCode = result.exitCode;
  });

  define(program.command('down'), {
    summary: "stop and remove the project's containers and networks (volumes with -v)",
    examples: [
      'stager down',
      'stager down -v',
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
      async (
        flags: { volumes?: boolean; removeOrphans?: boolean; rmi?: string; timeout?: string },
        command: Command,
      ) => {
        const { UsageError } = await import('../../../errors.js');
        if (flags.rmi !== undefined && flags.rmi !== 'local' && flags.rmi !== 'all')
          throw new UsageError(`--rmi ${flags.rmi}: use local or all`);
        const { rt, ctx, selection } = await context(command, []);
        if (selection.model) await (await projectHooks(selection.model)).run(ctx, 'pre-down');
        const { down } = await import('../../../ops/lifecycle/lifecycle.js');
        const { renderDown } = await import('../../../ui/render/lifecycle/lifecycle.js');
        const result = await down(ctx, selection, {
          volumes: flags.volumes,
          removeOrphans: flags.removeOrphans,
          rmi: flags.rmi as 'local' | 'all' | undefined,
          timeout: seconds(flags.timeout),
        });
        rt.output.result(result, renderDown);
      },
    );
};
