import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';
import type { Style } from '../../../ui/style.js';

interface Flags {
  all?: boolean;
  format?: string;
  stream?: boolean;
  trunc?: boolean;
}

export const registerStats: CommandRegistrar = (program, define) => {
  define(program.command('stats').argument('[services...]', 'only these services'), {
    summary: "show the project's containers' CPU, memory, network and disk use, live",
    examples: [
      'stager stats',
      'stager stats --no-stream --format json',
      "stager stats --no-stream --format 'table {{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}'",
    ],
  })
    .option('-a, --all', 'stopped containers too')
    .option('--format <format>', 'table, json, or a Go template')
    .option('--no-stream', 'print one reading and exit')
    .option('--no-trunc', 'full container ids')
    .action(
      handler(async (scope, services: string[], flags: Flags) => {
        const project = await scope.projectName(services);
        const [{ readStats }, { renderStats }] = await Promise.all([
          import('../../../ops/containers/stats.js'),
          import('../../../ui/render/containers/stats.js'),
        ]);
        const view = { format: flags.format, noTrunc: flags.trunc === false };
        // A bad template fails before the engine is asked anything.
        renderStats({ containers: [] }, view);
        const ctx = await scope.context();
        const read = () => readStats(ctx, { project, services, all: flags.all });
        if (flags.stream === false) {
          const result = await read();
          return {
            result,
            render: (r: typeof result, style: Style) => renderStats(r, view, style),
          };
        }
        // Live: a fresh table each reading (the engine takes about a second for one) until Ctrl-C.
        const live = Boolean(process.stdout.isTTY);
        await scope.interruptible(async (signal) => {
          while (!signal.aborted) {
            const text = renderStats(await read(), view);
            if (signal.aborted) break;
            scope.rt.output.print(live ? `\u001b[2J\u001b[H${text}` : text);
          }
        });
        return undefined;
      }),
    );
};
