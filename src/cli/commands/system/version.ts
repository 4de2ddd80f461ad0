import type { Command } from 'commander';
import { STAGER_VERSION } from '../../../version.js';
import type { CommandRegistrar } from '../../command.js';

export const registerVersion: CommandRegistrar = (program, define) => {
  define(program.command('version'), {
    summary: 'show stager, engine and API versions and whether BuildKit is available',
    examples: ['stager version', 'stager version --json'],
  }).action(async (_opts: unknown, cmd: Command) => {
    const { createRuntime, connect, opContext } = await import('../../runtime.js');
    const rt = await createRuntime(cmd);
    const [{ inspectVersions }, { renderVersion }] = await Promise.all([
      import('../../../ops/system/version.js'),
      import('../../../ui/render/system/version.js'),
    ]);
    const engine = await connect(rt);
    const result = await inspectVersions(opContext(rt, engine), STAGER_VERSION);
    rt.output.result(result, renderVersion);
  });
};
