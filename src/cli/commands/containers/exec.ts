import { Option } from 'commander';
import { collect, replicaIndex, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface ExecFlags {
  tty?: boolean;
  user?: string;
  workdir?: string;
  env?: string[];
  index?: string;
  privileged?: boolean;
  interactive?: boolean;
}

interface RunFlags extends ExecFlags {
  publish?: string[];
  label?: string[];
  capAdd?: string[];
  capDrop?: string[];
  useAliases?: boolean;
  /** `--no-TTY`, Compose v2's spelling of -T. */
  TTY?: boolean;
  rm?: boolean;
  detach?: boolean;
  deps?: boolean;
  servicePorts?: boolean;
  entrypoint?: string;
  volume?: string[];
  name?: string;
}

/**
 * `-e FOO` without a value takes FOO from the caller's environment, as the docker CLI does, and
 * is left out when the caller has none.
 */
function fromCaller(
  values: readonly string[] | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string[] | undefined {
  return values?.flatMap((v) => {
    if (v.includes('=')) return [v];
    const value = env[v];
    return value === undefined ? [] : [`${v}=${value}`];
  });
}

export const registerExec: CommandRegistrar = (program, define) => {
  define(
    program.command('exec').argument('<service>').argument('<command...>').passThroughOptions(),
    {
      summary: "run a command in a service's running container; exits with the command's code",
      examples: [
        'stager exec web sh',
        'stager exec db psql -U app',
        'stager exec -T web ./manage.py migrate',
        'stager exec --index 2 -u root worker id',
      ],
    },
  )
    .option('-T, --no-tty', 'no pseudo-terminal (the default when stdin is not a terminal)')
    .option('-u, --user <user>', 'run as this user')
    .option('-w, --workdir <dir>', 'working directory')
    .option('-e, --env <KEY=VALUE>', 'set a variable (repeatable)', collect)
    .option('--index <n>', 'which replica (default 1)')
    .option('--privileged', 'extended privileges')
    .action(
      handler(async (scope, service: string, command: string[], flags: ExecFlags) => {
        const { project } = await scope.select([service]);
        const ctx = await scope.context();
        const [{ execInService }, { localTerminal }] = await Promise.all([
          import('../../../ops/containers/exec.js'),
          import('../../terminal.js'),
        ]);
        const local = localTerminal(
          flags.tty !== false,
          !process.stdin.isTTY || flags.tty !== false,
        );
        try {
          const exitCode = await execInService(
            ctx,
            {
              project,
              service,
              command,
              index: flags.index === undefined ? undefined : Number(flags.index),
              user: flags.user,
              workdir: flags.workdir,
              env: fromCaller(flags.env, scope.rt.env),
              tty: local.tty,
              stdin: local.terminal.io.stdin !== undefined,
              privileged: flags.privileged,
            },
            local.terminal,
          );
          return { exitCode };
        } finally {
          local.restore();
        }
      }),
    );

  define(
    program.command('run').argument('<service>').argument('[command...]').passThroughOptions(),
    {
      summary: 'run a one-off container of a service (dependencies started first)',
      examples: [
        'stager run --rm web python manage.py shell',
        'stager run --rm -T -e DEBUG=1 web pytest',
        'stager run --rm --service-ports web',
        'stager run -d --name backup db pg_dump',
      ],
    },
  )
    .option('--rm', 'remove the container when it exits')
    .option('-d, --detach', 'run in the background and print the container name')
    .option('--no-deps', 'do not start the services it depends on')
    .option('--service-ports', "publish the service's ports")
    .option('--entrypoint <command>', 'override the entrypoint')
    .option(
      '-v, --volume <spec>',
      'bind or volume mount, SOURCE:TARGET[:MODE] (repeatable)',
      collect,
    )
    .option('--name <name>', 'container name')
    .option(
      '-p, --publish <port>',
      'publish a port, [IP:][HOST:]CONTAINER[/PROTO] (repeatable)',
      collect,
    )
    .option('-l, --label <key=value>', 'add a label (repeatable)', collect)
    .option('--cap-add <cap>', 'add a Linux capability (repeatable)', collect)
    .option('--cap-drop <cap>', 'drop a Linux capability (repeatable)', collect)
    .option('--use-aliases', "answer to the service's network aliases, as its containers do")
    .option('-T, --no-tty', 'no pseudo-terminal')
    .addOption(new Option('--no-TTY', 'no pseudo-terminal').hideHelp())
    .option('-u, --user <user>', 'run as this user')
    .option('-w, --workdir <dir>', 'working directory')
    .option('-e, --env <KEY=VALUE>', 'set a variable (repeatable)', collect)
    .action(
      handler(async (scope, service: string, command: string[], flags: RunFlags) => {
        const { project } = await scope.model({ services: [service] });
        const ctx = await scope.context();
        const [{ runOneOff }, { localTerminal }, { shellSplit }, { renderDetached }] =
          await Promise.all([
            import('../../../ops/containers/exec.js'),
            import('../../terminal.js'),
            import('../../../config/shell-split.js'),
            import('../../../ui/render/containers/exec.js'),
          ]);
        const detach = flags.detach ?? false;
        const local = localTerminal(!detach && flags.tty !== false && flags.TTY !== false, !detach);
        try {
          const result = await runOneOff(
            ctx,
            project,
            {
              service,
              command,
              ...(flags.entrypoint !== undefined
                ? { entrypoint: shellSplit(flags.entrypoint) }
                : {}),
              env: fromCaller(flags.env, scope.rt.env),
              volumes: flags.volume,
              user: flags.user,
              workdir: flags.workdir,
              name: flags.name,
              rm: flags.rm,
              detach,
              noDeps: flags.deps === false,
              servicePorts: flags.servicePorts,
              publish: flags.publish,
              labels: flags.label,
              capAdd: flags.capAdd,
              capDrop: flags.capDrop,
              useAliases: flags.useAliases,
              tty: local.tty,
              stdin: !detach && (local.tty || !process.stdin.isTTY),
            },
            local.terminal,
          );
          if (detach) return { result, render: renderDetached };
          return { exitCode: result.exitCode ?? 0 };
        } finally {
          local.restore();
        }
      }),
    );

  define(program.command('top').argument('[services...]'), {
    summary: "show the processes running in the project's containers",
    examples: ['stager top', 'stager top web --json'],
  }).action(
    handler(async (scope, services: string[]) => {
      const { project } = await scope.select(services);
      const [{ top }, { renderTop }] = await Promise.all([
        import('../../../ops/containers/exec.js'),
        import('../../../ui/render/containers/exec.js'),
      ]);
      return { result: await top(await scope.context(), project, services), render: renderTop };
    }),
  );
};

export const registerAttach: CommandRegistrar = (program, define) => {
  define(program.command('attach').argument('<service>'), {
    summary: "attach the terminal to a service's running container (its main process)",
    examples: ['stager attach web', 'stager attach --no-stdin --index 2 worker'],
  })
    .option('--index <n>', 'which replica (default 1)')
    .option('--no-stdin', 'do not send the terminal input')
    .option('--sig-proxy <bool>', 'send Ctrl-C on to the container (default true)', 'true')
    .action(
      handler(
        async (
          scope,
          service: string,
          flags: { index?: string; stdin?: boolean; sigProxy?: string },
        ) => {
          const { UsageError } = await import('../../../errors.js');
          const index = replicaIndex(flags.index);
          if (flags.sigProxy !== 'true' && flags.sigProxy !== 'false')
            throw new UsageError(`--sig-proxy ${flags.sigProxy}: use true or false`);
          const { project } = await scope.select([service]);
          const ctx = await scope.context();
          const [{ attachService }, { localTerminal }] = await Promise.all([
            import('../../../ops/containers/exec.js'),
            import('../../terminal.js'),
          ]);
          const local = localTerminal(true, flags.stdin !== false);
          try {
            const exitCode = await scope.interruptible((signal) =>
              attachService(
                { ...ctx, signal },
                {
                  project,
                  service,
                  index,
                  stdin: flags.stdin !== false,
                  sigProxy: flags.sigProxy === 'true',
                },
                local.terminal,
              ),
            );
            return { exitCode: exitCode ?? 0 };
          } finally {
            local.restore();
          }
        },
      ),
    );
};
