import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

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
    .action(
      handler(async (scope, dockerfiles: string[], flags: LintFlags) => {
        const { UsageError, StagerError } = await import('../../../errors.js');
        const format = flags.format ?? 'text';
        if (!['text', 'json', 'sarif'].includes(format))
          throw new UsageError(`--format ${format}: use text, json or sarif`);
        const { nodeHost } = await import('../../runtime.js');
        const { cwd } = scope.rt;
        const lint = await import('../../../ops/images/lint.js');
        const sources = dockerfiles.length
          ? lint.sourcesFromPaths(nodeHost.fs, dockerfiles, cwd)
          : lint.sourcesFromProject(nodeHost.fs, (await scope.model({})).project, cwd);
        const result = lint.lintSources(nodeHost.fs, sources, { fix: flags.fix });
        const [render, { renderJson }] = await Promise.all([
          import('../../../ui/render/images/lint.js'),
          import('../../../ui/render/json.js'),
        ]);
        const failure = result.warnings
          ? new StagerError(
              `${result.warnings} ${result.warnings === 1 ? 'warning' : 'warnings'} in ${sources.length === 1 ? sources[0]!.name : `${sources.length} Dockerfiles`}`,
              { hint: flags.fix ? undefined : 'stager lint --fix adds the cache mounts' },
            )
          : undefined;
        if (format === 'sarif')
          return { text: `${JSON.stringify(render.toSarif(result), null, 2)}\n`, failure };
        return { result, render: format === 'json' ? renderJson : render.renderLint, failure };
      }),
    );
};
