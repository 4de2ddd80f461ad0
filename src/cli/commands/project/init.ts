import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

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
    .action(
      handler(async (scope, dir: string | undefined, flags: Flags) => {
        const { nodeHost } = await import('../../runtime.js');
        const { rt } = scope;
        const [{ initProject, listTemplates }, render] = await Promise.all([
          import('../../../ops/project/init.js'),
          import('../../../ui/render/project/init.js'),
        ]);
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
          return { result: { templates }, render: render.renderTemplates };
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
        return { result, render: render.renderInit(dir) };
      }),
    );
};
