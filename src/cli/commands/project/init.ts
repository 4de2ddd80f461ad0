import type { Command } from 'commander';
import type { CommandRegistrar } from '../../command.js';

interface Flags {
  template?: string;
  list?: boolean;
  force?: boolean;
}

export const registerInit: CommandRegistrar = (program, define) => {
  define(
    program.command('init').argument('[dir]', 'folder to create the project in (default: here)'),
    {
      summary: 'start a project from a template: compose file, Dockerfile, sample.env, tasks',
      examples: [
        'stager init --list',
        'stager init --template django-postgres shop',
        'stager init --template flask-mysql-minio --force',
      ],
    },
  )
    .option('-t, --template <name>', 'which template (see --list)')
    .option('--list', 'list the templates')
    .option('--force', 'replace files that exist (they are listed)')
    .action(async (dir: string | undefined, flags: Flags, cmd: Command) => {
      const { createRuntime, nodeHost } = await import('../../runtime.js');
      const rt = await createRuntime(cmd);
      const { initProject, listTemplates } = await import('../../../ops/project/init.js');
      // A newcomer in a terminal chooses from the list; a script must name the template.
      if (!flags.list && !flags.template && rt.output.interactive && process.stdin.isTTY) {
        const { default: select } = await import('@inquirer/select');
        flags.template = await select(
          {
            message: 'Which template?',
            choices: listTemplates(nodeHost.fs).map((t) => ({
              name: t.name,
              value: t.name,
              description: t.description,
            })),
          },
          { output: process.stderr },
        );
      }
      if (flags.list || !flags.template) {
        const templates = listTemplates(nodeHost.fs);
        if (!flags.list) {
          const { UsageError } = await import('../../../errors.js');
          throw new UsageError('choose a template with --template NAME', {
            hint: `templates: ${templates.map((t) => t.name).join(', ')}`,
          });
        }
        const { renderTable } = await import('../../../ui/table.js');
        rt.output.result({ templates }, (r, style) =>
          renderTable(
            ['TEMPLATE', 'DESCRIPTION'],
            r.templates.map((t) => [t.name, t.description]),
            style,
          ),
        );
        return;
      }
      const path = await import('node:path');
      const target = path.resolve(rt.cwd, dir ?? '.');
      const result = initProject(nodeHost.fs, {
        template: flags.template,
        dir: target,
        force: flags.force,
      });
      for (const file of result.replaced)
        rt.output.reporter.report({ type: 'warning', message: `replaced ${file}` });
      const cd = dir ? `cd ${dir} && ` : '';
      rt.output.result(result, (r) =>
        [
          `created ${r.created.length} files from ${r.template} in ${r.dir}${r.merged.length ? ` (added to ${r.merged.join(', ')})` : ''}`,
          'next:',
          `  ${cd}stager env init --generate-secrets`,
          '  stager up -d --wait',
          '  stager tasks',
          '',
        ].join('\n'),
      );
    });
};
