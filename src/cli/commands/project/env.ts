import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';
import type { Runtime } from '../../runtime.js';

/** The project folder when there is a project, else where stager runs (a fresh checkout). */
async function projectFolder(rt: Runtime): Promise<{ dir: string; composeFiles: string[] }> {
  const { locate } = await import('../../runtime.js');
  try {
    const location = await locate(rt, { interpolate: false });
    return { dir: location.workingDir, composeFiles: location.configFiles };
  } catch {
    const path = await import('node:path');
    return { dir: path.resolve(rt.cwd, rt.globals.projectDirectory ?? '.'), composeFiles: [] };
  }
}

export const registerEnv: CommandRegistrar = (program, define) => {
  const env = program
    .command('env')
    .description("create and check the project's .env against its sample");

  define(env.command('init'), {
    summary: 'create .env from sample.env (never overwrites an existing .env)',
    examples: [
      'stager env init',
      'stager env init --generate-secrets',
      'stager env init --from deploy/dev.env',
    ],
  })
    .option('--from <file>', 'the sample to copy (default: sample.env, .env.example, .env.sample)')
    .option(
      '--generate-secrets',
      'fill empty *_PASSWORD, *_SECRET, *_KEY, *_TOKEN values with random ones',
    )
    .action(
      handler(async (scope, flags: { from?: string; generateSecrets?: boolean }) => {
        const { nodeHost } = await import('../../runtime.js');
        const { rt } = scope;
        const [{ findSample, initEnv }, { renderEnvInit }] = await Promise.all([
          import('../../../ops/project/env-file.js'),
          import('../../../ui/render/project/env.js'),
        ]);
        const { dir } = await projectFolder(rt);
        const result = initEnv(nodeHost.fs, {
          dir,
          sample: findSample(nodeHost.fs, dir, flags.from, rt.cwd),
          generateSecrets: flags.generateSecrets ?? false,
        });
        return { result, render: renderEnvInit };
      }),
    );

  define(env.command('check'), {
    summary:
      'list keys of the sample missing from .env, unknown keys, and required keys left empty',
    examples: ['stager env check', 'stager env check --json', 'stager env check --show-secrets'],
  })
    .option('--from <file>', 'the sample to compare with')
    .option('--show-secrets', 'show secret values instead of ****')
    .action(
      handler(async (scope, flags: { from?: string; showSecrets?: boolean }) => {
        const { nodeHost } = await import('../../runtime.js');
        const { rt } = scope;
        const [{ findSample, checkEnvFile }, { renderEnvCheck }] = await Promise.all([
          import('../../../ops/project/env-file.js'),
          import('../../../ui/render/project/env.js'),
        ]);
        const { dir, composeFiles } = await projectFolder(rt);
        const result = checkEnvFile(nodeHost.fs, {
          dir,
          sample: findSample(nodeHost.fs, dir, flags.from, rt.cwd),
          composeFiles,
          showSecrets: flags.showSecrets ?? false,
        });
        return { result, render: renderEnvCheck, exitCode: result.ok ? 0 : 1 };
      }),
    );
};
