import { replicaIndex, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface Flags {
  archive?: boolean;
  followLink?: boolean;
  index?: string;
  all?: boolean;
}

export const registerCp: CommandRegistrar = (program, define) => {
  define(
    program
      .command('cp')
      .argument('<source>', 'SERVICE:PATH, a host path, or - (a tar on standard input)')
      .argument('<destination>', 'a host path, SERVICE:PATH, or - (a tar on standard output)'),
    {
      summary: "copy files between the host and a service's containers",
      examples: [
        'stager cp web:/app/logs ./logs          # from the first container of web',
        'stager cp ./fixtures/. db:/docker-entrypoint-initdb.d/   # to every container of db',
        'stager cp -a --index 2 ./conf worker:/etc/worker',
        'stager cp web:/etc/hostname - | tar -xO',
      ],
    },
  )
    .option('-a, --archive', 'keep the owners (uid and gid) of what is copied in')
    .option('-L, --follow-link', 'copy what a symbolic link in the source points to')
    .option('--index <n>', 'only this replica')
    .option('--all', 'include one-off containers (`run`, tasks)')
    .action(
      handler(async (scope, source: string, destination: string, flags: Flags) => {
        const index = replicaIndex(flags.index);
        const { copyFiles, splitCopyArg } = await import('../../../ops/containers/copy.js');
        const service = splitCopyArg(source).service ?? splitCopyArg(destination).service;
        const { project } = await scope.select(service ? [service] : []);
        const result = await copyFiles(await scope.context(), {
          project,
          source,
          destination,
          index,
          all: flags.all,
          archive: flags.archive,
          followLink: flags.followLink,
          stdout: process.stdout,
          stdin: process.stdin,
        });
        return { result, render: () => '' };
      }),
    );
};
