import { collect, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';
import type { Scope } from '../../scope.js';

interface Flags {
  helperImage?: string;
  force?: boolean;
  allowOutside?: string[];
  timeout?: string;
}

/**
 * The project, and what every data job of a snapshot takes from the flags; the archives are
 * handed to the host user, so that they are theirs to move.
 */
async function subject(scope: Scope, flags: Flags = {}, services: string[] = []) {
  const { hostUser, nodeHost } = await import('../../runtime.js');
  const { project } = await scope.model({ services });
  const { uid, gid } = hostUser(scope.rt.env) ?? { uid: 0, gid: 0 };
  const job = {
    helperImage: flags.helperImage,
    timeout: flags.timeout === undefined ? undefined : Number(flags.timeout),
    uid,
    gid,
  };
  return { project, job, host: nodeHost };
}

const stamp = (d: Date): string => d.toISOString().slice(0, 19).replace(/:/g, '-');

export const registerSnapshot: CommandRegistrar = (program, define) => {
  const snapshot = define(program.command('snapshot'), {
    summary: "save and restore the services' data (bind mounts and volumes) as archives",
    examples: [
      'stager snapshot save before-migration',
      'stager snapshot ls',
      'stager snapshot restore before-migration',
      'stager snapshot rm before-migration',
    ],
  });

  snapshot
    .command('save')
    .description('copy the data of the services (default: all) into .stager/snapshots/NAME')
    .argument('[name]', 'snapshot name (default: the date and time)')
    .option('-s, --service <service...>', 'only these services')
    .option('--helper-image <image>', 'image with tar and gzip (default: busybox)')
    .option('-t, --timeout <seconds>', 'seconds to wait for containers to stop')
    .action(
      handler(async (scope, name: string | undefined, flags: Flags & { service?: string[] }) => {
        const { project, job } = await subject(scope, flags, flags.service);
        const ctx = await scope.context();
        const [{ saveSnapshot }, { renderSaved }] = await Promise.all([
          import('../../../ops/data/snapshot.js'),
          import('../../../ui/render/data/snapshot.js'),
        ]);
        const manifest = await saveSnapshot(ctx, project, name ?? stamp(ctx.now()), {
          services: flags.service,
          ...job,
        });
        return { result: manifest, render: renderSaved };
      }),
    );

  snapshot
    .command('ls')
    .description("list the project's snapshots")
    .action(
      handler(async (scope) => {
        const { project, host } = await subject(scope);
        const [{ listSnapshots }, { renderSnapshots }] = await Promise.all([
          import('../../../ops/data/snapshot.js'),
          import('../../../ui/render/data/snapshot.js'),
        ]);
        const { snapshots, broken } = listSnapshots(host.fs, project);
        return { result: { project: project.name, snapshots, broken }, render: renderSnapshots };
      }),
    );

  snapshot
    .command('restore')
    .description('replace the data with a snapshot (the services using it stop meanwhile)')
    .argument('<name>', 'snapshot name')
    .option('--force', "restore even when the project's mounts changed since the snapshot")
    .option(
      '--allow-outside <path>',
      'a folder outside the project the snapshot may be restored into (repeatable)',
      collect,
    )
    .option('--helper-image <image>', 'image with tar and gzip (default: busybox)')
    .option('-t, --timeout <seconds>', 'seconds to wait for containers to stop')
    .action(
      handler(async (scope, name: string, flags: Flags) => {
        const { project, job } = await subject(scope, flags);
        await scope.lock(project.name);
        const [{ restoreSnapshot }, { renderRestored }] = await Promise.all([
          import('../../../ops/data/snapshot.js'),
          import('../../../ui/render/data/snapshot.js'),
        ]);
        const manifest = await restoreSnapshot(await scope.context(), project, name, {
          force: flags.force,
          allowOutside: flags.allowOutside,
          ...job,
        });
        return { result: manifest, render: renderRestored };
      }),
    );

  snapshot
    .command('rm')
    .description('delete a snapshot')
    .argument('<name>', 'snapshot name')
    .action(
      handler(async (scope, name: string) => {
        const { project, host } = await subject(scope);
        const [{ removeSnapshot }, { renderRemoved }] = await Promise.all([
          import('../../../ops/data/snapshot.js'),
          import('../../../ui/render/data/snapshot.js'),
        ]);
        removeSnapshot(host.fs, project, name);
        return { result: { removed: name }, render: renderRemoved };
      }),
    );
};
