import { STAGER_VERSION } from '../../../version.js';
import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

export const registerVersion: CommandRegistrar = (program, define) => {
  define(program.command('version'), {
    summary: 'show stager, engine and API versions and whether BuildKit is available',
    examples: ['stager version', 'stager version --short', 'stager version --format json'],
  })
    .option('--short', "print stager's version number only (no engine needed)")
    .option('--format <format>', 'pretty, or json: stager\'s version as {"version": ...}')
    .action(
      handler(async (scope, flags: { short?: boolean; format?: string }) => {
        const { UsageError } = await import('../../../errors.js');
        if (flags.format !== undefined && flags.format !== 'pretty' && flags.format !== 'json')
          throw new UsageError(`--format ${flags.format}: use pretty or json`);
        // As `docker compose version`: the short forms speak of the tool alone.
        if (flags.short) return { text: `${STAGER_VERSION}\n` };
        if (flags.format === 'json')
          return { text: `${JSON.stringify({ version: STAGER_VERSION })}\n` };
        const [{ inspectVersions }, { renderVersion }] = await Promise.all([
          import('../../../ops/system/version.js'),
          import('../../../ui/render/system/version.js'),
        ]);
        const result = await inspectVersions(await scope.context(), STAGER_VERSION);
        return { result, render: renderVersion };
      }),
    );
};
