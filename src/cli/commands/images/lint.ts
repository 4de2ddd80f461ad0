import type { Command } from 'commander';
import type { CommandRegistrar } from '../../command.js';

interface LintFlags {
  fix?: boolean;
  format?: string;
}

export const registerLint: CommandRegistrar = (program, define) => {
  define(
    program
      .command('lint')
      .argument('[dockerfiles...]', 'Dockerfiles to check (default: every one the project builds)'),
    {
      summary:
        'check Dockerfiles for slow rebuilds and unsafe images: cache mounts, order, tags, user',
      examples: [
        'stager lint',
        'stager lint --fix',
        'stager lint docker/web.Dockerfile --format sarif > lint.sarif',
      ],
    },
  )
    .option('--fix', 'add the missing cache mounts (and apt settings) in place')
    .option('--format <format>', 'text (default), json or sarif')
    .action(async (dockerfiles: string[], flags: LintFlags, cmd: Command) => {
      const { UsageError, StagerError } = await import('../../../errors.js');
      const format = flags.format ?? 'text';
      if (!['text', 'json', 'sarif'].includes(format))
        throw new UsageError(`--format ${format}: use text, json or sarif`);
      const { createRuntime, loadModelCached, nodeHost } = await import('../../runtime.js');
      const rt = await createRuntime(cmd);
      const lint = await import('../../../ops/images/lint.js');
      const sources = dockerfiles.length
        ? lint.sourcesFromPaths(nodeHost.fs, dockerfiles, rt.cwd)
        : lint.sourcesFromProject(nodeHost.fs, (await loadModelCached(rt, {})).project, rt.cwd);
      const result = lint.lintSources(nodeHost.fs, sources, { fix: flags.fix });
      const render = await import('../../../ui/render/images/lint.js');
      if (format === 'sarif')
        rt.output.print(`${JSON.stringify(render.toSarif(result), null, 2)}\n`);
      else if (format === 'json' && !rt.globals.json)
        rt.output.print(`${JSON.stringify(result, null, 2)}\n`);
      else rt.output.result(result, render.renderLint);
      if (result.warnings) {
        const error = new StagerError(
          `${result.warnings} ${result.warnings === 1 ? 'warning' : 'warnings'} in ${sources.length === 1 ? sources[0]!.name : `${sources.length} Dockerfiles`}`,
          { hint: flags.fix ? undefined : 'stager lint --fix adds the cache mounts' },
        );
        throw error;
      }
    });
};
