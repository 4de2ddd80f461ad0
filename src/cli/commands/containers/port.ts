import { replicaIndex, type CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface Flags {
  protocol?: string;
  index?: string;
}

export const registerPort: CommandRegistrar = (program, define) => {
  define(program.command('port').argument('<service>').argument('<private-port>'), {
    summary: "print where a service's container port is published on the host (IP:PORT)",
    examples: [
      'stager port web 80',
      'stager port --protocol udp dns 53',
      'stager port --index 2 web 80',
    ],
  })
    .option('--protocol <protocol>', 'tcp (default) or udp')
    .option('--index <n>', 'which replica (default: the first)')
    .action(
      handler(async (scope, service: string, privatePort: string, flags: Flags) => {
        const { UsageError } = await import('../../../errors.js');
        const port = Number(privatePort);
        if (!/^\d+$/.test(privatePort) || port > 65535)
          throw new UsageError(`${privatePort}: the private port is a number from 0 to 65535`);
        const index = replicaIndex(flags.index);
        const selected = await scope.select([service]);
        const [{ publishedPort }, { renderPort }] = await Promise.all([
          import('../../../ops/containers/port.js'),
          import('../../../ui/render/containers/port.js'),
        ]);
        const result = await publishedPort(await scope.context(), selected.project, {
          service,
          port,
          protocol: flags.protocol,
          index,
        });
        return { result, render: renderPort };
      }),
    );
};
