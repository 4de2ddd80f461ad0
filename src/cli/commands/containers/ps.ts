import { collect, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';
import type { Style } from '../../../ui/style.js';

interface PsFlags {
  all?: boolean;
  services?: boolean;
  status?: string[];
  filter?: string[];
  format?: string;
  quiet?: boolean;
  trunc?: boolean;
}

export const registerPs: CommandRegistrar = (program, define) => {
  define(program.command('ps').argument('[services...]', 'only these services'), {
    summary: "list the project's containers: service, name, image, state, health, uptime, ports",
    examples: [
      'stager ps',
      'stager ps --all',
      'stager ps --status exited',
      'stager ps --services',
      'stager -p demo ps --format json',
      "stager ps --format '{{.Name}} {{.Health}}'",
      "stager ps --format 'table {{.Service}}\\t{{.State}}\\t{{.Ports}}'",
    ],
  })
    .option('-a, --all', 'include stopped containers')
    .option('--services', 'print the names of services with containers')
    .option(
      '--status <state>',
      'only containers in this state: running, exited, paused, restarting, created, dead (repeatable)',
      collect,
    )
    .option('--filter <filter>', 'status=STATE, as --status (repeatable)', collect)
    .option(
      '--format <format>',
      'table, json, or a Go template: {{.Name}}, table {{.Service}}\\t{{.State}}',
    )
    .option('-q, --quiet', 'print container ids only')
    .option('--no-trunc', 'do not shorten ids, commands and mount names')
    .action(
      handler(async (scope, services: string[], flags: PsFlags) => {
        const { UsageError } = await import('../../../errors.js');
        const status = [...(flags.status ?? [])];
        for (const f of flags.filter ?? []) {
          const m = /^status=(.+)$/.exec(f);
          if (!m) throw new UsageError(`--filter ${f}: only status=STATE is known`);
          status.push(m[1]!);
        }
        const project = await scope.projectName(services);
        const [{ listProjectContainers }, render] = await Promise.all([
          import('../../../ops/containers/ps.js'),
          import('../../../ui/render/containers/ps.js'),
        ]);
        const view = { format: flags.format, noTrunc: flags.trunc === false };
        // A bad template fails before the engine is asked anything.
        if (flags.format && flags.format !== 'json')
          render.renderPs({ project, listedAt: '', containers: [] }, view);
        const result = await listProjectContainers(await scope.context(), {
          project,
          all: flags.all,
          services,
          status: status.length ? status : undefined,
        });
        if (flags.quiet) return { result, render: render.renderIds };
        if (flags.services) return { result, render: render.renderServices };
        if (flags.format === 'json')
          return { result, render: (r: typeof result) => render.renderPsJson(r, view) };
        return {
          result,
          render: (r: typeof result, style: Style) => render.renderPs(r, view, style),
        };
      }),
    );
};
