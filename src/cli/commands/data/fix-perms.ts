import type { Command } from 'commander';
import type { CommandRegistrar } from '../../command.js';

interface Flags {
  user?: string;
  helperImage?: string;
}

export const registerFixPerms: CommandRegistrar = (program, define) => {
  define(
    program.command('fix-perms').argument('[services...]', 'only the folders of these services'),
    {
      summary: "give the project's bind-mounted folders back to the host user (no sudo)",
      examples: ['stager fix-perms', 'stager fix-perms db', 'stager fix-perms --user 1000:1000'],
    },
  )
    .option('--user <uid:gid>', 'owner to give (default: HOST_UID:HOST_GID, else the current user)')
    .option('--helper-image <image>', 'image that runs chown (default: the service image)')
    .action(async (services: string[], flags: Flags, cmd: Command) => {
      const { UsageError } = await import('../../../errors.js');
      const { createRuntime, connect, hostUser, loadModelCached, opContext } =
        await import('../../runtime.js');
      const rt = await createRuntime(cmd);
      const host = hostUser(rt.env);
      const owner = flags.user ?? (host ? `${host.uid}:${host.gid}` : '');
      const m = /^(\d+):(\d+)$/.exec(owner);
      if (!m) throw new UsageError(`--user ${owner}: give numeric UID:GID, e.g. 1000:1000`);
      const { project } = await loadModelCached(rt, { services });
      const ctx = opContext(rt, await connect(rt));
      const [{ fixPermissions }, { shortPath }] = await Promise.all([
        import('../../../ops/data/fix-perms.js'),
        import('../../../ui/render/data/reset.js'),
      ]);
      const result = await fixPermissions(ctx, project, {
        services,
        uid: Number(m[1]),
        gid: Number(m[2]),
        helperImage: flags.helperImage,
      });
      rt.output.result(result, (r) =>
        r.folders.length
          ? `${r.folders.map((f) => shortPath(f, project.workingDir)).join(', ')} now owned by ${r.owner}\n`
          : 'no bind-mounted folders to give back\n',
      );
    });
};
