import { collect, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface ResetFlags {
  bindMounts?: boolean;
  volumes?: boolean;
  restart?: boolean;
  helperImage?: string;
  allowOutside?: string[];
  includeSource?: string[];
  dryRun?: boolean;
  yes?: boolean;
  timeout?: string;
}

export const registerReset: CommandRegistrar = (program, define) => {
  define(program.command('reset').argument('[services...]', 'only the data of these services'), {
    summary: "empty the services' bind-mounted data folders (and volumes), safely, without sudo",
    examples: [
      'stager reset --bind-mounts --dry-run',
      'stager reset --bind-mounts db minio',
      'stager reset --bind-mounts --volumes --yes',
      'stager reset --bind-mounts --allow-outside /srv/shop-data',
    ],
  })
    .option('--bind-mounts', 'empty the host folders the services bind-mount')
    .option('--volumes', "also remove the services' named volumes")
    .option('--restart', 'start the services afterwards (default: those that were running)')
    .option('--no-restart', 'leave the services stopped')
    .option(
      '--helper-image <image>',
      'image for deleting root-owned files (default: the service image)',
    )
    .option(
      '--allow-outside <path>',
      'a bind mount outside the project that may be emptied (repeatable)',
      collect,
    )
    .option(
      '--include-source <path>',
      'a mounted folder to empty although it holds source: a build context, tracked files (repeatable)',
      collect,
    )
    .option('--dry-run', 'list the folders with their size and file count, and delete nothing')
    .option('-y, --yes', 'do not ask (needed when not in a terminal)')
    .option('-t, --timeout <seconds>', 'seconds to wait for containers to stop')
    .action(
      handler(async (scope, services: string[], flags: ResetFlags) => {
        // Its own --dry-run, or the global one before the command name.
        const dryRun = flags.dryRun === true || scope.rt.globals.dryRun;
        const { UsageError } = await import('../../../errors.js');
        if (!flags.bindMounts && !flags.volumes)
          throw new UsageError('say what to reset: --bind-mounts, --volumes, or both');
        const { project } = await scope.model({ services });
        if (!dryRun) await scope.lock(project.name);
        const ctx = await scope.context();
        const [{ planReset, applyReset }, render] = await Promise.all([
          import('../../../ops/data/reset.js'),
          import('../../../ui/render/data/reset.js'),
        ]);
        const options = {
          services,
          volumes: flags.volumes,
          restart: flags.restart,
          helperImage: flags.helperImage,
          allowOutside: flags.allowOutside,
          includeSource: flags.includeSource,
          timeout: flags.timeout === undefined ? undefined : Number(flags.timeout),
        };
        const planned = await planReset(ctx, project, options);
        const plan = flags.bindMounts ? planned : { ...planned, folders: [] };
        const renderPlan = render.renderResetPlan(project.workingDir);
        const asPlan = { ...plan, emptied: [], volumesRemoved: [], restarted: [], dryRun: true };
        if (!plan.folders.length && !plan.volumes.length) {
          if (plan.refused.length) {
            const reasons = plan.refused
              .map((f) => `${render.shortPath(f.path, project.workingDir)} (${f.refused})`)
              .join(', ');
            throw new UsageError(`nothing to reset: ${reasons}`, {
              hint: 'stager only empties writable data folders inside the project; --allow-outside PATH names one outside it, --include-source PATH one that holds source',
            });
          }
          return { result: asPlan, render: renderPlan };
        }
        if (dryRun) return { result: asPlan, render: renderPlan };
        const { confirmDeletion } = await import('../../confirm.js');
        await confirmDeletion(scope.rt, {
          yes: flags.yes,
          command: 'reset',
          verb: 'delete',
          summary: render.resetSummary(plan),
          details: (style) => renderPlan(asPlan, style),
        });
        const result = await applyReset(ctx, project, plan, options);
        await (await scope.hooks(project)).run(ctx, 'post-reset');
        return { result, render: renderPlan };
      }),
    );
};
