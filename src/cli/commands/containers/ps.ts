import { collect, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface PsFlags {
  all?: boolean;
  services?: boolean;
  status?: string[];
  filter?: string[];
  format?: string;
  quiet?: boolean;
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
    .option('--format <format>', 'table or json')
    .option('-q, --quiet', 'print container ids only')
    .action(
      handler(async (scope, services: string[], flags: PsFlags) => {
        const { UsageError } = await import('../../../errors.js');
        if (flags.format !== undefined && flags.format !== 'table' && flags.format !== 'json') {
          throw new UsageError(`--format ${flags.format}: use table or json`);
        }
        const status = [...(flags.status ?? [])];
        for (const f of flags.filter ?? []) {
          const m = /^status=(.+)$/.exec(f);
          if (!m) throw new UsageError(`--filter ${f}: only status=STATE is known`);
          status.push(m[1]!);
        }
        // Only named services need the model: to refuse a name the project does not define.
        const project = services.length
          ? (await scope.select(services)).project
          : (await scope.location({ filesOptional: true })).name;
        const [{ listProjectContainers }, render, { renderJson }] = await Promise.all([
          import('../../../ops/containers/ps.js'),
          import('../../../ui/render/containers/ps.js'),
          import('../../../ui/render/json.js'),
        ]);
        const result = await listProjectContainers(await scope.context(), {
          project,
          all: flags.all,
          services,
          status: status.length ? status : undefined,
        });
        if (flags.format === 'json') return { result, render: renderJson };
        if (flags.quiet) return { result, render: render.renderIds };
        if (flags.services) return { result, render: render.renderServices };
        return { result, render: render.renderPs };
      }),
    );
};
