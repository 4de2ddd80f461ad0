import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

export const registerVolumes: CommandRegistrar = (program, define) => {
  define(program.command('volumes').argument('[services...]', 'only these services'), {
    summary: "the project's named volumes and bind-mounted folders, with sizes and services",
    examples: ['stager volumes', 'stager volumes db', 'stager --json volumes'],
  }).action(
    handler(async (scope, services: string[]) => {
      const { project } = await scope.model({ services });
      const [{ listVolumes }, { renderVolumes }] = await Promise.all([
        import('../../../ops/data/volumes.js'),
        import('../../../ui/render/data/volumes.js'),
      ]);
      const result = await listVolumes(await scope.context(), project, services);
      return { result, render: renderVolumes(project.workingDir) };
    }),
  );
};
