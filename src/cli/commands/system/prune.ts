import { collect, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface PruneFlags {
  allProjects?: boolean;
  volumes?: boolean;
  all?: boolean;
  builder?: boolean;
  keepStorage?: string;
  filter?: string[];
  dryRun?: boolean;
  yes?: boolean;
}

export const registerPrune: CommandRegistrar = (program, define) => {
  define(program.command('prune'), {
    summary:
      "remove this project's leftovers (stopped containers, dangling images, unused networks), or engine-wide ones",
    examples: [
      'stager prune --dry-run',
      'stager prune --volumes --yes',
      'stager prune --all-projects --builder --keep-storage 5GB --filter until=24h',
      'stager prune --all-projects -a --yes',
    ],
  })
    .option('--all-projects', 'engine-wide: dangling images, unused networks (and more below)')
    .option('--volumes', 'also unused volumes: their data is lost')
    .option('-a, --all', 'with --all-projects: every unused image, not only dangling ones')
    .option('--builder', 'with --all-projects: the build cache')
    .option('--keep-storage <size>', 'build cache to keep, e.g. 5GB')
    .option('--filter <until=duration>', 'only what is older, e.g. until=24h (repeatable)', collect)
    .option('--dry-run', 'list what would be removed, with sizes, and remove nothing')
    .option('-y, --yes', 'do not ask (needed when not in a terminal)')
    .action(
      handler(async (scope, flags: PruneFlags) => {
        const dryRun = flags.dryRun === true || scope.rt.globals.dryRun;
        const { UsageError } = await import('../../../errors.js');
        const { parseDurationNs, parseSizeBytes } = await import('../../../config/units.js');
        if ((flags.all || flags.builder) && !flags.allProjects)
          throw new UsageError('-a/--all and --builder prune engine-wide: add --all-projects');
        let untilMs: number | undefined;
        for (const f of flags.filter ?? []) {
          const m = /^until=(.+)$/.exec(f);
          if (!m)
            throw new UsageError(`--filter ${f}: only until=DURATION (e.g. until=24h) is known`);
          try {
            untilMs = parseDurationNs(m[1]!) / 1e6;
          } catch {
            throw new UsageError(`--filter ${f}: "${m[1]}" is not a duration (e.g. 24h, 90m)`);
          }
        }
        let keepStorageBytes: number | undefined;
        if (flags.keepStorage !== undefined) {
          try {
            keepStorageBytes = parseSizeBytes(flags.keepStorage);
          } catch {
            throw new UsageError(
              `--keep-storage ${flags.keepStorage}: not a size (e.g. 5GB, 512MB)`,
            );
          }
        }
        const project = flags.allProjects
          ? undefined
          : (await scope.location({ filesOptional: true })).name;
        const ctx = await scope.context();
        const [{ planPrune, applyPrune }, render] = await Promise.all([
          import('../../../ops/system/prune.js'),
          import('../../../ui/render/system/prune.js'),
        ]);
        const plan = await planPrune(ctx, {
          project,
          allProjects: flags.allProjects,
          volumes: flags.volumes,
          allImages: flags.all,
          builder: flags.builder,
          keepStorageBytes,
          untilMs,
        });
        const asPlan = { ...plan, removed: [], failed: [], dryRun: true };
        if (dryRun || plan.items.length === 0)
          return { result: asPlan, render: render.renderPrunePlan };
        const { confirmDeletion } = await import('../../confirm.js');
        await confirmDeletion(scope.rt, {
          yes: flags.yes,
          command: 'prune',
          verb: 'remove',
          summary: render.planSummary(plan),
          details: (style) => render.renderPrunePlan(asPlan, style),
        });
        return { result: await applyPrune(ctx, plan), render: render.renderPruneResult };
      }),
    );
};
