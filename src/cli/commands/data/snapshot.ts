import type { Command } from 'commander';
import { collect, type CommandRegistrar } from '../../command.js';

interface Flags {
  helperImage?: string;
  force?: boolean;
  allowOutside?: string[];
  timeout?: string;
}

async function context(cmd: Command, services: string[] = []) {
  const { createRuntime, connect, hostUser, loadModelCached, nodeHost, opContext } =
    await import('../../runtime.js');
  const rt = await createRuntime(cmd);
  const { project } = await loadModelCached(rt, { services });
  // The archives are handed to the host user.
  const { uid, gid } = hostUser(rt.env) ?? { uid: 0, gid: 0 };
  return {
    rt,
    project,
    owner: { uid, gid },
    host: nodeHost,
    connect: async () => opContext(rt, await connect(rt)),
  };
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
      async (name: string | undefined, flags: Flags & { service?: string[] }, cmd: Command) => {
        const { rt, project, owner, connect } = await context(cmd, flags.service);
        const ctx = await connect();
        const { saveSnapshot } = await import('../../../ops/data/snapshot.js');
        const manifest = await saveSnapshot(ctx, project, name ?? stamp(ctx.now()), {
          services: flags.service,
          helperImage: flags.helperImage,
          timeout: flags.timeout === undefined ? undefined : Number(flags.timeout),
          ...owner,
        });
        const { formatBytes } = await import('../../../format.js');
        rt.output.result(
          manifest,
          (m) =>
            `saved snapshot ${m.name}: ${m.mounts.length} ${m.mounts.length === 1 ? 'mount' : 'mounts'}, ${formatBytes(m.mounts.reduce((n, x) => n + x.archiveBytes, 0))} compressed\n`,
        );
      },
    );

  snapshot
    .command('ls')
    .description("list the project's snapshots")
    .action(async (_flags: unknown, cmd: Command) => {
      const { rt, project, host } = await context(cmd);
      const [{ listSnapshots }, { formatBytes }, { renderTable }] = await Promise.all([
        import('../../../ops/data/snapshot.js'),
        import('../../../format.js'),
        import('../../../ui/table.js'),
      ]);
      const { snapshots, broken } = listSnapshots(host.fs, project);
      rt.output.result({ project: project.name, snapshots, broken }, (r, style) => {
        const rows = [
          ...r.snapshots.map((s) => [
            s.name,
            s.createdAt.replace('T', ' ').slice(0, 19),
            s.services.join(', '),
            String(s.mounts.length),
            formatBytes(s.mounts.reduce((n, m) => n + m.archiveBytes, 0)),
          ]),
          ...r.broken.map((b) => [b.name, 'BROKEN', b.problem, '', '']),
        ];
        return rows.length
          ? renderTable(['NAME', 'CREATED', 'SERVICES', 'MOUNTS', 'SIZE'], rows, style)
          : `no snapshots in ${project.name}\n`;
      });
    });

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
    .action(async (name: string, flags: Flags, cmd: Command) => {
      const { rt, project, owner, connect } = await context(cmd);
      const { lockProject } = await import('../../runtime.js');
      await lockProject(rt, project.name);
      const ctx = await connect();
      const { restoreSnapshot } = await import('../../../ops/data/snapshot.js');
      const manifest = await restoreSnapshot(ctx, project, name, {
        force: flags.force,
        allowOutside: flags.allowOutside,
        helperImage: flags.helperImage,
        timeout: flags.timeout === undefined ? undefined : Number(flags.timeout),
        ...owner,
      });
      rt.output.result(manifest, (m) => `restored snapshot ${m.name} (${m.createdAt})\n`);
    });

  snapshot
    .command('rm')
    .description('delete a snapshot')
    .argument('<name>', 'snapshot name')
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      const { rt, project, host } = await context(cmd);
      const { removeSnapshot } = await import('../../../ops/data/snapshot.js');
      removeSnapshot(host.fs, project, name);
      rt.output.result({ removed: name }, (r) => `removed snapshot ${r.removed}\n`);
    });
};
