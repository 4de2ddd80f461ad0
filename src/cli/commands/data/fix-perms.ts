import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

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
    .action(
      handler(async (scope, services: string[], flags: Flags) => {
        const { UsageError } = await import('../../../errors.js');
        const { hostUser } = await import('../../runtime.js');
        const host = hostUser(scope.rt.env);
        const owner = flags.user ?? (host ? `${host.uid}:${host.gid}` : '');
        const m = /^(\d+):(\d+)$/.exec(owner);
        if (!m) throw new UsageError(`--user ${owner}: give numeric UID:GID, e.g. 1000:1000`);
        const { project } = await scope.model({ services });
        const [{ fixPermissions }, { renderFixPerms }] = await Promise.all([
          import('../../../ops/data/fix-perms.js'),
          import('../../../ui/render/data/fix-perms.js'),
        ]);
        const result = await fixPermissions(await scope.context(), project, {
          services,
          uid: Number(m[1]),
          gid: Number(m[2]),
          helperImage: flags.helperImage,
        });
        return { result, render: renderFixPerms(project.workingDir) };
      }),
    );
};
