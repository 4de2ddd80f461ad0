import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

export const registerDoctor: CommandRegistrar = (program, define) => {
  define(program.command('doctor'), {
    summary: 'check the engine, the project, .env, ports, folders and images; say how to fix each',
    examples: ['stager doctor', 'stager --json doctor'],
  }).action(
    handler(async (scope) => {
      const { loadModel, nodeHost } = await import('../../runtime.js');
      const { rt } = scope;
      const [{ doctor }, { renderDoctor }] = await Promise.all([
        import('../../../ops/project/doctor.js'),
        import('../../../ui/render/project/doctor.js'),
      ]);
      let loaded: Awaited<ReturnType<typeof loadModel>> | Error;
      try {
        loaded = await loadModel(rt, {});
      } catch (err) {
        loaded = err as Error;
      }
      const project = loaded instanceof Error ? loaded : loaded.project;
      const result = await doctor({
        engine: () => scope.engine(),
        project,
        composeFiles: project instanceof Error ? [] : project.configFiles,
        projectDir: project instanceof Error ? rt.cwd : project.workingDir,
        uid: process.getuid?.(),
        host: nodeHost,
      });
      return { result, render: renderDoctor, exitCode: result.ok ? 0 : 1 };
    }),
  );
};
