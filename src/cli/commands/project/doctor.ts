import type { Command } from 'commander';
import type { CommandRegistrar } from '../../command.js';

export const registerDoctor: CommandRegistrar = (program, define) => {
  define(program.command('doctor'), {
    summary: 'check the engine, the project, .env, ports, folders and images; say how to fix each',
    examples: ['stager doctor', 'stager --json doctor'],
  }).action(async (_flags: unknown, cmd: Command) => {
    const { createRuntime, connect, loadModel, nodeHost } = await import('../../runtime.js');
    const rt = await createRuntime(cmd);
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
      engine: () => connect(rt),
      project,
      composeFiles: project instanceof Error ? [] : project.configFiles,
      projectDir: project instanceof Error ? rt.cwd : project.workingDir,
      uid: process.getuid?.(),
      host: nodeHost,
    });
    rt.output.result(result, renderDoctor);
    if (!result.ok) process.exitCode = 1;
  });
};
