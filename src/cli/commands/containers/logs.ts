import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface Flags {
  follow?: boolean;
  tail?: string;
  since?: string;
  until?: string;
  timestamps?: boolean;
  logPrefix?: boolean;
  index?: string;
}

export const registerLogs: CommandRegistrar = (program, define) => {
  define(program.command('logs').argument('[services...]', 'only these services'), {
    summary: 'show service output, each line prefixed with its container',
    examples: [
      'stager logs',
      'stager logs -f web',
      'stager logs --tail 50 -t db',
      'stager logs --since 10m --no-log-prefix worker',
    ],
  })
    .option('-f, --follow', 'keep printing new lines, also from containers started later')
    .option('-n, --tail <lines>', 'lines from the end of each container\'s log, or "all"')
    .option('--since <time>', 'since a timestamp (2024-01-31T10:00:00) or relative (10m)')
    .option('--until <time>', 'until a timestamp or relative time')
    .option('-t, --timestamps', 'show timestamps')
    .option('--no-log-prefix', 'print lines without the container prefix')
    .option('--index <n>', 'only this replica of the one service named')
    .action(
      handler(async (scope, services: string[], flags: Flags) => {
        const { UsageError } = await import('../../../errors.js');
        const tail =
          flags.tail === undefined || flags.tail === 'all' ? flags.tail : Number(flags.tail);
        if (typeof tail === 'number' && !Number.isInteger(tail))
          throw new UsageError(`--tail ${flags.tail}: use a number or "all"`);
        if (flags.index !== undefined && (!/^[1-9]\d*$/.test(flags.index) || services.length !== 1))
          throw new UsageError(
            `--index ${flags.index}: name one service and a replica (1, 2, ...)`,
          );
        const { project } = await scope.select(services);
        const ctx = await scope.context();
        const { streamLogs } = await import('../../../ops/containers/logs.js');
        const printer = scope.rt.output.logPrinter(flags.logPrefix !== false);
        // Ctrl-C ends a follow; a second one, if the engine does not let go, the process.
        await scope.interruptible((signal) =>
          streamLogs(
            ctx,
            {
              project,
              services,
              ...(flags.index !== undefined ? { index: Number(flags.index) } : {}),
              follow: flags.follow,
              tail: tail as number | 'all' | undefined,
              since: flags.since,
              until: flags.until,
              timestamps: flags.timestamps,
              signal,
            },
            (entry) => printer.print(entry),
            (sources) => printer.addSources(sources),
          ),
        );
        return undefined;
      }),
    );
};
