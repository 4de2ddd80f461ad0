import type { Command } from 'commander';
import { collect, type CommandRegistrar } from '../../command.js';

interface PsFlags {
  all?: boolean;
  services?: boolean;
  status?: string[];
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
    .option('--format <format>', 'table or json')
    .option('-q, --quiet', 'print container ids only')
    .action(async (services: string[], flags: PsFlags, cmd: Command) => {
      const { createRuntime, connect, locateCached, opContext } = await import('../../runtime.js');
      const { UsageError } = await import('../../../errors.js');
      if (flags.format !== undefined && flags.format !== 'table' && flags.format !== 'json') {
        throw new UsageError(`--format ${flags.format}: use table or json`);
      }
      const rt = await createRuntime(cmd);
      const location = await locateCached(rt, { filesOptional: true });
      const [{ listProjectContainers }, render] = await Promise.all([
        import('../../../ops/containers/ps.js'),
        import('../../../ui/render/containers/ps.js'),
      ]);
      const engine = await connect(rt);
      const result = await listProjectContainers(opContext(rt, engine), {
        project: location.name,
        all: flags.all,
        services,
        status: flags.status,
      });
      if (flags.format === 'json' && !rt.globals.json)
        rt.output.print(`${JSON.stringify(result, null, 2)}\n`);
      else if (flags.quiet) rt.output.result(result, render.renderIds);
      else if (flags.services) rt.output.result(result, render.renderServices);
      else rt.output.result(result, render.renderPs);
    });
};
