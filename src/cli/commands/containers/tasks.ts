import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

export const registerTasks: CommandRegistrar = (program, define) => {
  define(program.command('tasks'), {
    summary: "list the project's tasks (x-stager.tasks) and hooks",
    examples: ['stager tasks', 'stager --json tasks'],
  }).action(
    handler(async (scope) => {
      const { project } = await scope.model({});
      const [{ stagerSection }, { renderTasks }] = await Promise.all([
        import('../../../config/tasks.js'),
        import('../../../ui/render/containers/tasks.js'),
      ]);
      return { result: stagerSection(project), render: renderTasks };
    }),
  );

  // Also what `stager NAME` runs when NAME is no command of stager's.
  define(
    program
      .command('run-task', { isDefault: true })
      .argument('[name]', 'task name')
      .argument('[args...]', 'passed on to the task')
      .passThroughOptions()
      .allowUnknownOption(),
    {
      summary: 'run a project task; `stager NAME` does the same when NAME is no stager command',
      examples: ['stager run-task djshell', 'stager shell', 'stager psql -c "select 1"'],
    },
  ).action(
    handler(async (scope, name: string | undefined, args: string[]) => {
      if (name === undefined) {
        program.outputHelp();
        return undefined;
      }
      if (name.startsWith('-')) {
        const { UsageError } = await import('../../../errors.js');
        throw new UsageError(`unknown option '${name}'`, {
          hint: 'stager --help lists the options',
        });
      }
      const { UsageError } = await import('../../../errors.js');
      const { didYouMean } = await import('../../../config/semantics.js');
      const commands = program.commands.map((c) => c.name()).filter((n) => n !== 'run-task');
      let project;
      try {
        ({ project } = await scope.model({}));
      } catch (err) {
        // Outside a project a name can only have been meant as a command.
        if (/^no compose file found/.test((err as Error).message))
          throw new UsageError(`unknown command "${name}"${didYouMean(name, commands)}`, {
            hint: "stager --help lists the commands; tasks come from a project's x-stager.tasks",
          });
        throw err;
      }
      const { stagerSection } = await import('../../../config/tasks.js');
      const section = stagerSection(project);
      const task = section.tasks[name];
      if (!task) {
        const known = Object.keys(section.tasks);
        throw new UsageError(
          `"${name}" is neither a stager command nor a task of ${project.name}${didYouMean(name, [...known, ...commands])}`,
          {
            hint: known.length
              ? `tasks: ${known.join(', ')}`
              : 'define tasks under x-stager.tasks in the compose file',
          },
        );
      }
      const [{ runTask }, { localTerminal }] = await Promise.all([
        import('../../../ops/containers/tasks.js'),
        import('../../terminal.js'),
      ]);
      const ctx = await scope.context();
      const local = localTerminal(true, true);
      try {
        return { exitCode: await runTask(ctx, project, task, args, local.terminal, local.tty) };
      } finally {
        local.restore();
      }
    }),
  );
};
