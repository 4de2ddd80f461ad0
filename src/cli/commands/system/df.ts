import type { Command } from 'commander';
import type { CommandRegistrar } from '../../command.js';

export const registerDf: CommandRegistrar = (program, define) => {
  define(program.command('df'), {
    summary: "disk used by images, containers, volumes and build cache; this project's share first",
    examples: ['stager df', 'stager --json df'],
  }).action(async (_flags: unknown, cmd: Command) => {
    const { createRuntime, connect, locateCached, opContext } = await import('../../runtime.js');
    const rt = await createRuntime(cmd);
    const location = await locateCached(rt, { filesOptional: true });
    const ctx = opContext(rt, await connect(rt));
    const [{ diskUsage }, { renderDf }] = await Promise.all([
      import('../../../ops/system/df.js'),
      import('../../../ui/render/system/df.js'),
    ]);
    rt.output.result(await diskUsage(ctx, location.name), renderDf);
  });
};
