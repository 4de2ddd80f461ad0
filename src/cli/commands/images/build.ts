import type { ProgressMode } from '../../../ui/output.js';
import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface Flags {
  noCache?: boolean;
  cache?: boolean;
  pull?: boolean;
  progress?: string;
  builder?: string;
}

const PROGRESS = ['auto', 'tty', 'plain', 'json', 'quiet'];
const BUILDERS = ['auto', 'buildkit', 'classic'];

/** How the live progress is drawn; a wrong value is refused by the handler. */
function progressOf(flags: Flags): ProgressMode | undefined {
  // Unset, the global --progress (or --ansi) decides.
  const progress = flags.progress;
  return progress && PROGRESS.includes(progress) ? (progress as ProgressMode) : undefined;
}

export const registerBuild: CommandRegistrar = (program, define) => {
  define(program.command('build').argument('[services...]', 'only these services'), {
    summary: 'build the images of services with a build: section (BuildKit, in parallel)',
    examples: [
      'stager build',
      'stager build --pull web',
      'stager build --no-cache --progress plain worker',
      'stager --json build',
    ],
  })
    .option('--no-cache', 'do not reuse cached steps')
    .option('--pull', 'pull newer versions of the base images')
    .option(
      '--progress <mode>',
      'auto (live in a terminal), tty, plain (every step and its output) or json (one event per line)',
      'auto',
    )
    .option(
      '--builder <builder>',
      'auto (BuildKit when the engine has it), buildkit or classic',
      'auto',
    )
    .action(
      handler(
        async (scope, services: string[], flags: Flags) => {
          const { UsageError } = await import('../../../errors.js');
          const progress = flags.progress ?? 'auto';
          if (!PROGRESS.includes(progress))
            throw new UsageError(`--progress ${progress}: use auto, tty, plain, json or quiet`);
          const builder = flags.builder ?? 'auto';
          if (!BUILDERS.includes(builder))
            throw new UsageError(`--builder ${builder}: use auto, buildkit or classic`);
          const { project } = await scope.model({ services });
          const [{ buildImages }, { renderBuild }] = await Promise.all([
            import('../../../ops/images/build.js'),
            import('../../../ui/render/images/build.js'),
          ]);
          const result = await buildImages(await scope.context(), project, {
            services,
            noCache: flags.cache === false,
            pull: flags.pull,
            builder: builder as 'auto',
            showOutput: progress === 'plain',
          });
          return { result, render: renderBuild };
        },
        { progress: progressOf },
      ),
    );
};
