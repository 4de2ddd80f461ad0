import type { Command } from 'commander';
import type { CommandRegistrar } from '../../command.js';

export const registerVolumes: CommandRegistrar = (program, define) => {
  define(program.command('volumes').argument('[services...]', 'only these services'), {
    summary: "the project's named volumes and bind-mounted folders, with sizes and services",
    examples: ['stager volumes', 'stager volumes db', 'stager --json volumes'],
  }).action(async (services: string[], _flags: unknown, cmd: Command) => {
    const { createRuntime, connect, loadModelCached, opContext } = await import('../../runtime.js');
    const rt = await createRuntime(cmd);
    const { project } = await loadModelCached(rt, { services });
    const ctx = opContext(rt, await connect(rt));
    const [{ listVolumes }, { renderVolumes }] = await Promise.all([
      import('../../../ops/data/volumes.js'),
      import('../../../ui/render/data/volumes.js'),
    ]);
    rt.output.result(await listVolumes(ctx, project, services), renderVolumes(project.workingDir));
  });
};
