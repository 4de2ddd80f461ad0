import { collect, replicaIndex, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface CommitFlags {
  author?: string;
  change?: string[];
  message?: string;
  pause?: boolean;
  index?: string;
}

export const registerCommit: CommandRegistrar = (program, define) => {
  define(
    program
      .command('commit')
      .argument('<service>')
      .argument('[repository[:tag]]', 'name the image'),
    {
      summary: "make an image of a service's container, its changes included",
      examples: [
        'stager commit db shop-db:seeded',
        "stager commit -m 'after migrations' -c 'ENV SEEDED=1' --index 2 worker",
      ],
    },
  )
    .option('-a, --author <name>', 'author of the image')
    .option('-c, --change <instruction>', 'a Dockerfile instruction to apply (repeatable)', collect)
    .option('-m, --message <text>', 'commit message')
    .option('--no-pause', 'do not pause the container while committing')
    .option('--index <n>', 'which replica (default: the first)')
    .action(
      handler(async (scope, service: string, reference: string | undefined, flags: CommitFlags) => {
        const index = replicaIndex(flags.index);
        const { project } = await scope.select([service]);
        const { commitService } = await import('../../../ops/containers/snapshot-image.js');
        // A colon after the last slash separates the tag (registry:5000/app:dev).
        const colon = reference ? reference.lastIndexOf(':') : -1;
        const tagged = reference !== undefined && colon > reference.lastIndexOf('/');
        const result = await commitService(
          await scope.context(),
          { project, service, index },
          {
            repository: tagged ? reference.slice(0, colon) : reference,
            tag: tagged ? reference.slice(colon + 1) : undefined,
            author: flags.author,
            comment: flags.message,
            pause: flags.pause !== false,
            changes: flags.change,
          },
        );
        return { result, render: (r: typeof result) => `${r.image}\n` };
      }),
    );
};

export const registerExport: CommandRegistrar = (program, define) => {
  define(program.command('export').argument('<service>'), {
    summary: "write a service's container's files as a tar",
    examples: ['stager export -o web.tar web', 'stager export --index 2 worker | tar -t'],
  })
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--index <n>', 'which replica (default: the first)')
    .action(
      handler(async (scope, service: string, flags: { output?: string; index?: string }) => {
        const index = replicaIndex(flags.index);
        const { UsageError } = await import('../../../errors.js');
        if (!flags.output && process.stdout.isTTY)
          throw new UsageError('refusing to write a tar to the terminal: use -o FILE or a pipe');
        const { project } = await scope.select([service]);
        const { exportService } = await import('../../../ops/containers/snapshot-image.js');
        const result = await exportService(
          await scope.context(),
          { project, service, index },
          { output: flags.output, stdout: process.stdout },
        );
        return { result, render: () => '' };
      }),
    );
};
