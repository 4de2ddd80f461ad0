import { collect, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface Flags {
  all?: boolean;
  format?: string;
  quiet?: boolean;
  filter?: string[];
}

export const registerLs: CommandRegistrar = (program, define) => {
  define(program.command('ls'), {
    summary:
      'list the Compose projects the engine runs (all of them with -a), whoever started them',
    examples: [
      'stager ls',
      'stager ls -a',
      'stager ls --format json',
      'stager ls -q --filter name=shop',
    ],
  })
    .option('-a, --all', 'also projects whose containers are all stopped')
    .option('--format <format>', 'table or json')
    .option('-q, --quiet', 'print project names only')
    .option(
      '--filter <filter>',
      'name=PATTERN: only projects whose name matches (repeatable)',
      collect,
    )
    .action(
      handler(async (scope, flags: Flags) => {
        const { UsageError } = await import('../../../errors.js');
        if (flags.format !== undefined && flags.format !== 'table' && flags.format !== 'json')
          throw new UsageError(`--format ${flags.format}: use table or json`);
        const names = (flags.filter ?? []).map((f) => {
          const m = /^name=(.*)$/.exec(f);
          if (!m) throw new UsageError(`--filter ${f}: only name=PATTERN is known`);
          return m[1]!;
        });
        const [{ listProjects }, render] = await Promise.all([
          import('../../../ops/system/ls.js'),
          import('../../../ui/render/system/ls.js'),
        ]);
        const result = {
          projects: await listProjects(await scope.context(), { all: flags.all, names }),
        };
        if (flags.quiet) return { result, render: render.renderProjectNames };
        if (flags.format === 'json') return { result, render: render.renderProjectsJson };
        return { result, render: render.renderProjects };
      }),
    );
};
