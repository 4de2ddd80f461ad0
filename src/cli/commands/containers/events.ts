import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface Flags {
  since?: string;
  until?: string;
}

export const registerEvents: CommandRegistrar = (program, define) => {
  define(program.command('events').argument('[services...]', 'only these services'), {
    summary: "print the project's container events as they happen (Ctrl-C ends)",
    examples: [
      'stager events',
      'stager events --json web        # one JSON object a line, as docker compose events --json',
      'stager events --since 10m --until 0s',
    ],
  })
    .option('--since <time>', 'replay events since this time (RFC 3339, Unix seconds or 10m)')
    .option('--until <time>', 'stop at this time')
    .action(
      handler(async (scope, services: string[], flags: Flags) => {
        const { project } = await scope.select(services);
        const ctx = await scope.context();
        const [{ watchEvents }, { renderEvent, renderEventJson }] = await Promise.all([
          import('../../../ops/containers/events.js'),
          import('../../../ui/render/containers/events.js'),
        ]);
        // The global --json is v2's `events --json`: one object a line.
        const render = scope.rt.globals.json ? renderEventJson : renderEvent;
        await scope.interruptible((signal) =>
          watchEvents(
            ctx,
            { project, services, since: flags.since, until: flags.until, signal },
            (e) => scope.rt.output.print(render(e)),
          ),
        );
        return undefined;
      }),
    );
};
