import { STAGER_VERSION } from '../../../version.js';
import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

export const registerVersion: CommandRegistrar = (program, define) => {
  define(program.command('version'), {
    summary: 'show stager, engine and API versions and whether BuildKit is available',
    examples: ['stager version', 'stager version --json'],
  }).action(
    handler(async (scope) => {
      const [{ inspectVersions }, { renderVersion }] = await Promise.all([
        import('../../../ops/system/version.js'),
        import('../../../ui/render/system/version.js'),
      ]);
      const result = await inspectVersions(await scope.context(), STAGER_VERSION);
      return { result, render: renderVersion };
    }),
  );
};
