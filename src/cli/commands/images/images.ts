import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface PullFlags {
  ignorePullFailures?: boolean;
  policy?: string;
}

interface PushFlags {
  ignorePushFailures?: boolean;
}

export const registerImages: CommandRegistrar = (program, define) => {
  define(program.command('images').argument('[services...]', 'only these services'), {
    summary: "list the images the project's containers use, as docker compose images",
    examples: ['stager images', 'stager images --format json web', 'stager images -q'],
  })
    .option('--format <format>', 'table or json')
    .option('-q, --quiet', 'print image ids only')
    .action(
      handler(async (scope, services: string[], flags: { format?: string; quiet?: boolean }) => {
        const { UsageError } = await import('../../../errors.js');
        if (flags.format !== undefined && flags.format !== 'table' && flags.format !== 'json')
          throw new UsageError(`--format ${flags.format}: use table or json`);
        const project = await scope.projectName(services);
        const [{ projectImages }, render] = await Promise.all([
          import('../../../ops/images/project-images.js'),
          import('../../../ui/render/images/project-images.js'),
        ]);
        const result = await projectImages(await scope.context(), project, services);
        if (flags.quiet) return { result, render: render.renderImageIds };
        if (flags.format === 'json') return { result, render: render.renderImagesJson };
        return { result, render: render.renderImages };
      }),
    );

  define(program.command('pull').argument('[services...]', 'only these services'), {
    summary: "pull the services' images, in parallel, one progress bar per image",
    examples: [
      'stager pull',
      'stager pull db minio',
      'stager pull --policy missing',
      'stager pull --ignore-pull-failures',
    ],
  })
    .option('--policy <policy>', 'always (default: ask for newer images) or missing')
    .option('--ignore-pull-failures', 'warn about images that fail and go on')
    .action(
      handler(async (scope, services: string[], flags: PullFlags) => {
        const { UsageError } = await import('../../../errors.js');
        if (flags.policy !== undefined && flags.policy !== 'always' && flags.policy !== 'missing')
          throw new UsageError(`--policy ${flags.policy}: use always or missing`);
        const { project } = await scope.model({ services });
        const [{ pullImages }, { renderPull }] = await Promise.all([
          import('../../../ops/images/pull.js'),
          import('../../../ui/render/images/images.js'),
        ]);
        const result = await pullImages(await scope.context(), project, {
          services,
          policy: flags.policy as 'always' | 'missing' | undefined,
          ignoreFailures: flags.ignorePullFailures,
        });
        return { result, render: renderPull };
      }),
    );

  define(program.command('push').argument('[services...]', 'only these services'), {
    summary: 'push the images the project builds to the registries their image: names',
    examples: ['stager push', 'stager push web', 'stager push --ignore-push-failures'],
  })
    .option('--ignore-push-failures', 'warn about images that fail and go on')
    .action(
      handler(async (scope, services: string[], flags: PushFlags) => {
        const { project } = await scope.model({ services });
        const [{ pushImages }, { renderPush }] = await Promise.all([
          import('../../../ops/images/push.js'),
          import('../../../ui/render/images/images.js'),
        ]);
        const result = await pushImages(await scope.context(), project, {
          services,
          ignoreFailures: flags.ignorePushFailures,
        });
        return { result, render: renderPush };
      }),
    );
};
