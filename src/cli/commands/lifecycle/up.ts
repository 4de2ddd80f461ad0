import { collect, ValueOption, type CommandRegistrar } from '../../command.js';
import type { Project } from '../../../config/model/project.js';
import type { UpOptions } from '../../../ops/lifecycle/up.js';
import { handler } from '../../handler.js';
import type { Scope } from '../../scope.js';

interface Flags {
  detach?: boolean;
  wait?: boolean;
  waitTimeout?: string;
  deps?: boolean;
  forceRecreate?: boolean;
  renewAnonVolumes?: boolean;
  start?: boolean;
  attach?: string[];
  noAttach?: string[];
  attachDependencies?: boolean;
  timestamps?: boolean;
  recreate?: boolean;
  removeOrphans?: boolean;
  scale?: string[];
  pull?: string;
  quietPull?: boolean;
  abortOnContainerExit?: boolean;
  exitCodeFrom?: string;
  timeout?: string;
  logPrefix?: boolean;
  build?: boolean;
}

/** What `up` and `create` share of their flags. */
async function upOptions(services: string[], flags: Flags): Promise<UpOptions> {
  const { parseScale } = await import('../../runtime.js');
  const { UsageError } = await import('../../../errors.js');
  if (flags.pull !== undefined && !['always', 'missing', 'never'].includes(flags.pull)) {
    throw new UsageError(`--pull ${flags.pull}: use always, missing or never`);
  }
  if (flags.forceRecreate && flags.recreate === false)
    throw new UsageError('--force-recreate and --no-recreate cannot be used together');
  return {
    services,
    noDeps: flags.deps === false,
    forceRecreate: flags.forceRecreate,
    renewAnonVolumes: flags.renewAnonVolumes,
    noRecreate: flags.recreate === false,
    removeOrphans: flags.removeOrphans,
    scale: parseScale(flags.scale),
    pull: flags.pull as 'always' | 'missing' | 'never' | undefined,
    quietPull: flags.quietPull,
    wait: flags.wait,
    waitTimeoutSeconds: flags.waitTimeout === undefined ? undefined : Number(flags.waitTimeout),
    build: flags.build,
  };
}

/** `create` and `up --no-start`: the containers made, none started, no hooks run. */
async function create(scope: Scope, project: Project, services: string[], flags: Flags) {
  const [{ up }, { renderUp }] = await Promise.all([
    import('../../../ops/lifecycle/up.js'),
    import('../../../ui/render/lifecycle/lifecycle.js'),
  ]);
  const ctx = await scope.context();
  const options = {
    ...(await upOptions(services, flags)),
    noStart: true,
    wait: false,
    dryRun: scope.rt.globals.dryRun,
  };
  const result = await scope.interruptible((signal) => up({ ...ctx, signal }, project, options));
  return { result, render: renderUp };
}

export const registerCreate: CommandRegistrar = (program, define) => {
  define(program.command('create').argument('[services...]', 'only these services'), {
    summary: "create the project's networks, volumes and containers without starting them",
    examples: [
      'stager create',
      'stager create --force-recreate web',
      'stager create --pull always',
    ],
  })
    .option('--force-recreate', 'recreate containers even when their configuration is unchanged')
    .option('--no-recreate', 'keep existing containers even when their configuration changed')
    .option('--remove-orphans', 'remove containers of services no longer in the files')
    .option('--scale <service=n>', 'create n containers of a service (repeatable)', collect)
    .option('--pull <policy>', 'pull images: always, missing (default) or never')
    .option('--quiet-pull', 'pull without progress')
    .option('--build', 'build images first (default: only missing ones)')
    .option('--no-build', 'do not build images, even missing ones')
    .action(
      handler(async (scope, services: string[], flags: Flags) => {
        const { project } = await scope.model({ services });
        await scope.lock(project.name);
        return create(scope, project, services, flags);
      }),
    );
};

export const registerScale: CommandRegistrar = (program, define) => {
  define(program.command('scale').argument('<service=replicas...>', 'services and their counts'), {
    summary: 'run that many containers of services (and start what they depend on)',
    examples: [
      'stager scale worker=3',
      'stager scale worker=0',
      'stager scale --no-deps web=2 worker=4',
    ],
  })
    .option('--no-deps', "do not start the services' dependencies")
    .action(
      handler(async (scope, specs: string[], flags: { deps?: boolean }) => {
        const { UsageError } = await import('../../../errors.js');
        const scale: Record<string, number> = {};
        for (const spec of specs) {
          const m = /^([^=]+)=(\d+)$/.exec(spec);
          if (!m) throw new UsageError(`invalid scale specifier: ${spec} (use SERVICE=REPLICAS)`);
          scale[m[1]!] = Number(m[2]);
        }
        const services = Object.keys(scale);
        const { project } = await scope.model({ services });
        await scope.lock(project.name);
        const [{ up }, { renderUp }] = await Promise.all([
          import('../../../ops/lifecycle/up.js'),
          import('../../../ui/render/lifecycle/lifecycle.js'),
        ]);
        const ctx = await scope.context();
        const options = {
          services,
          scale,
          noDeps: flags.deps === false,
          dryRun: scope.rt.globals.dryRun,
        };
        const result = await scope.interruptible((signal) =>
          up({ ...ctx, signal }, project, options),
        );
        return { result, render: renderUp };
      }),
    );
};

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
    .option('--no-start', 'create what is missing and start nothing (as `stager create`)')
    .option(
      '--wait',
      'wait until services are running, or healthy when they have a healthcheck (implies -d)',
    )
    .option('--wait-timeout <seconds>', 'give up waiting after this many seconds')
    .option('--no-deps', 'do not start the services the named ones depend on')
    .option('--force-recreate', 'recreate containers even when their configuration is unchanged')
    .option('--no-recreate', 'keep existing containers even when their configuration changed')
    .option(
      '-V, --renew-anon-volumes',
      'recreated containers get new anonymous volumes instead of keeping the old ones',
    )
    .option('--remove-orphans', 'remove containers of services no longer in the files')
    .option('--scale <service=n>', 'run n containers of a service (repeatable)', collect)
    .option('--pull <policy>', 'pull images: always, missing (default) or never')
    .option('--quiet-pull', 'pull without progress')
    .option('--build', 'build images before starting (default: only missing ones)')
    .option('--no-build', 'do not build images, even missing ones')
    .option('--abort-on-container-exit', 'stop everything when any container exits')
    .option(
      '--exit-code-from <service>',
      "exit with this service's exit code (implies --abort-on-container-exit)",
    )
    .option('-t, --timeout <seconds>', 'seconds to wait for containers to stop when leaving')
    .option('--no-log-prefix', 'attached: print log lines without the container prefix')
    .option('--attach <service>', 'attached: follow only these services (repeatable)', collect)
    .addOption(
      new ValueOption(
        '--no-attach <service>',
        'attached: do not follow this service (repeatable)',
        'noAttach',
      ).argParser(collect),
    )
    .option('--attach-dependencies', 'attached: follow the dependencies of the named services too')
    .option('--timestamps', 'attached: show timestamps')
    .action(
      handler(async (scope, services: string[], flags: Flags) => {
        const options = { ...(await upOptions(services, flags)), dryRun: scope.rt.globals.dryRun };
        const { project } = await scope.model({ services });
        const lock = await scope.lock(project.name);
        if (flags.start === false) return create(scope, project, services, flags);
        const ctx = await scope.context();
        const { renderUp } = await import('../../../ui/render/lifecycle/lifecycle.js');
        const hooks = await scope.hooks(project);
        await hooks.run(ctx, 'pre-up');
        if (flags.detach || flags.wait) {
          const { up } = await import('../../../ops/lifecycle/up.js');
          const result = await scope.interruptible((signal) =>
            up({ ...ctx, signal }, project, options),
          );
          await hooks.run(ctx, 'post-up');
          return { result, render: renderUp };
        }
        const { upAttached } = await import('../../../ops/lifecycle/attached.js');
        const signals = scope.stopSignals();
        const { output } = scope.rt;
        const printer = output.logPrinter(flags.logPrefix !== false);
        try {
          const result = await upAttached(
            ctx,
            project,
            options,
            {
              abortOnContainerExit: flags.abortOnContainerExit,
              attach: flags.attach,
              noAttach: flags.noAttach,
              attachDependencies: flags.attachDependencies,
              timestamps: flags.timestamps,
              exitCodeFrom: flags.exitCodeFrom,
              timeout: flags.timeout === undefined ? undefined : Number(flags.timeout),
              interrupt: signals.interrupt,
              force: signals.force,
              // Attached, the project is changed once it is up: stop and down may run meanwhile.
              afterUp: () => {
                lock.release();
                return hooks.run(ctx, 'post-up');
              },
              onStopping: () =>
                output.reporter.report({
                  type: 'info',
                  message: 'Stopping... (press Ctrl-C again to kill)',
                }),
            },
            (entry) => {
              // Logs go to stdout: the live progress table stops redrawing first.
              output.close();
              printer.print(entry);
            },
            (sources) => printer.addSources(sources),
          );
          return { result: result.up, render: renderUp, exitCode: result.exitCode };
        } finally {
          signals.dispose();
        }
      }),
    );
};
