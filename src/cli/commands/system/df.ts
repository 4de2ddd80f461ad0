import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

export const registerDf: CommandRegistrar = (program, define) => {
  define(program.command('df'), {
    summary: "disk used by images, containers, volumes and build cache; this project's share first",
    examples: ['stager df', 'stager --json df'],
  }).action(
    handler(async (scope) => {
      const location = await scope.location({ filesOptional: true });
      const [{ diskUsage }, { renderDf }] = await Promise.all([
        import('../../../ops/system/df.js'),
        import('../../../ui/render/system/df.js'),
      ]);
      return { result: await diskUsage(await scope.context(), location.name), render: renderDf };
    }),
  );
};
