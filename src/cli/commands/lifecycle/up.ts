import type { Command } from 'commander';
import { collect, type CommandRegistrar } from '../../command.js';
import { projectHooks } from '../../hooks.js';

interface Flags {
  detach?: boolean;
  wait?: boolean;
  waitTimeout?: string;
  deps?: boolean;
  forceRecreate?: boolean;
  recreate?: boolean;
  removeOrphans?: boolean;
  scale?: string[];
  pull?: string;
  abortOnContainerExit?: boolean;
  exitCodeFrom?: string;
  timeout?: string;
  logPrefix?: boolean;
  build?: boolean;
}

export const registerUp: CommandRegistrar = (program, define) => {
  define(
    program
      .command('up')
      .argument('[services...]', 'only these services (and what they depend on)'),
    {
      summary: 'create and start the project: networks, volumes, containers in dependency order',
      examples: [
        'stager up                          # attached: logs until Ctrl-C, which stops the project',
        'stager up -d --wait                # detached, until every service is running or healthy',
        'stager up -d db minio',
        'stager up -d --scale worker=3 --remove-orphans',
        'stager up -d --build web',
        'stager up --abort-on-container-exit --exit-code-from tests',
      ],
    },
  )
    .option('-d, --detach', 'start in the background and return')
    .option(
      '--wait',
      'wait until services are running, or healthy when they have a healthcheck (implies -d)',
    )
    .option('--wait-timeout <seconds>', 'give up waiting after this many seconds')
    .option('--no-deps', 'do not start the services the named ones depend on')
    .option('--force-recreate', 'recreate containers even when their configuration is unchanged')
    .option('--no-recreate', 'keep existing containers even when their configuration changed')
    .option('--remove-orphans', 'remove containers of services no longer in the files')
    .option('--scale <service=n>', 'run n containers of a service (repeatable)', collect)
    .option('--pull <policy>', 'pull images: always, missing (default) or never')
    .option('--build', 'build images before starting (default: only missing ones)')
    .option('--no-build', 'do not build images, even missing ones')
    .option('--abort-on-container-exit', 'stop everything when any container exits')
    .option(
      '--exit-code-from <service>',
      "exit with this service's exit code (implies --abort-on-container-exit)",
    )
    .option('-t, --timeout <seconds>', 'seconds to wait for containers to stop when leaving')
    .option('--no-log-prefix', 'attached: print log lines without the container prefix')
    .action(async (services: string[], flags: Flags, cmd: Command) => {
      const { createRuntime, connect, loadModelCached, lockProject, opContext, parseScale } =
        await import('../../runtime.js');
      const { UsageError } = await import('../../../errors.js');
      const rt = await createRuntime(cmd);
      if (flags.pull !== undefined && !['always', 'missing', 'never'].includes(flags.pull)) {
        throw new UsageError(`--pull ${flags.pull}: use always, missing or never`);
      }
      if (flags.forceRecreate && flags.recreate === false)
        throw new UsageError('--force-recreate and --no-recreate cannot be used together');
      const { project } = await loadModelCached(rt, { services });
      const lock = await lockProject(rt, project.name);
      const ctx = opContext(rt, await connect(rt));
      const options = {
        services,
        noDeps: flags.deps === false,
        forceRecreate: flags.forceRecreate,
        noRecreate: flags.recreate === false,
        removeOrphans: flags.removeOrphans,
        scale: parseScale(flags.scale),
        pull: flags.pull as 'always' | 'missing' | 'never' | undefined,
        wait: flags.wait,
        waitTimeoutSeconds: flags.waitTimeout === undefined ? undefined : Number(flags.waitTimeout),
        build: flags.build,
      };
      const { renderUp } = await import('../../../ui/render/lifecycle/lifecycle.js');
      const hooks = await projectHooks(project);
      await hooks.run(ctx, 'pre-up');
      if (flags.detach || flags.wait) {
        const [{ up }, { interruptible }] = await Promise.all([
          import('../../../ops/lifecycle/up.js'),
          import('../../signals.js'),
        ]);
        const result = await interruptible((signal) => up({ ...ctx, signal }, project, options));
        await hooks.run(ctx, 'post-up');
        rt.output.result(result, renderUp);
        return;
      }
      const { upAttached } = await import('../../../ops/lifecycle/attached.js');
      const interrupt = new AbortController();
      const force = new AbortController();
      const onSignal = (): void => (interrupt.signal.aborted ? force.abort() : interrupt.abort());
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const printer = rt.output.logPrinter(flags.logPrefix !== false);
      try {
        const result = await upAttached(
          ctx,
          project,
          options,
          {
            abortOnContainerExit: flags.abortOnContainerExit,
            exitCodeFrom: flags.exitCodeFrom,
            timeout: flags.timeout === undefined ? undefined : Number(flags.timeout),
            interrupt: interrupt.signal,
            force: force.signal,
            // Attached, the project is changed once it is up: stop and down may run meanwhile.
            afterUp: () => {
              lock.release();
              return hooks.run(ctx, 'post-up');
            },
            onStopping: () =>
              rt.output.reporter.report({
                type: 'info',
                message: 'Stopping... (press Ctrl-C again to kill)',
              }),
          },
          (entry) => {
            // Logs go to stdout: the live progress table stops redrawing first.
            rt.output.close();
            printer.print(entry);
          },
          (sources) => printer.addSources(sources),
        );
        rt.output.result(result.up, renderUp);
        process.exitCode = result.exitCode;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
};
