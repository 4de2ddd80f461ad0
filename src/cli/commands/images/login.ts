import type { Command } from 'commander';
import type { CommandRegistrar } from '../../command.js';

interface LoginFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export const registerLogin: CommandRegistrar = (program, define) => {
  define(program.command('login').argument('[server]', 'registry host (default: Docker Hub)'), {
    summary: 'log in to a registry; credentials go where the docker CLI keeps them',
    examples: [
      'echo "$TOKEN" | stager login ghcr.io -u me --password-stdin',
      'stager login 127.0.0.1:5000 -u dev -p dev',
    ],
  })
    .option('-u, --username <name>', 'user name')
    .option('-p, --password <secret>', 'password or token (prefer --password-stdin)')
    .option('--password-stdin', 'read the password or token from standard input')
    .action(async (server: string | undefined, flags: LoginFlags, cmd: Command) => {
      const { UsageError } = await import('../../../errors.js');
      const { createRuntime, connect, credentialStore } = await import('../../runtime.js');
      const { normalizeHost, credentialKey, DOCKER_HUB } =
        await import('../../../registry/reference.js');
      if (!flags.username) throw new UsageError('login needs -u/--username');
      if (flags.password !== undefined && flags.passwordStdin)
        throw new UsageError('--password and --password-stdin cannot be used together');
      if (flags.password === undefined && !flags.passwordStdin)
        throw new UsageError('login needs --password-stdin (or -p)');
      const secret = flags.passwordStdin ? await readStdin() : flags.password!;
      const rt = await createRuntime(cmd);
      const host = server ? normalizeHost(server) : DOCKER_HUB;
      const engine = await connect(rt);
      const answer = await engine.checkAuth({
        username: flags.username,
        password: secret,
        serveraddress: credentialKey(host),
      });
      const store = await credentialStore(rt);
      const where = answer.identityToken
        ? await store.store(host, '<token>', answer.identityToken)
        : await store.store(host, flags.username, secret);
      rt.output.result(
        { server: host, username: flags.username, stored: where, file: store.file },
        (r) =>
          `logged in to ${r.server} as ${r.username}; credentials stored ${r.stored === 'helper' ? 'by the credential helper' : `in ${r.file}`}\n`,
      );
    });

  define(program.command('logout').argument('[server]', 'registry host (default: Docker Hub)'), {
    summary: "forget a registry's credentials",
    examples: ['stager logout ghcr.io'],
  }).action(async (server: string | undefined, _flags: unknown, cmd: Command) => {
    const { createRuntime, credentialStore } = await import('../../runtime.js');
    const { normalizeHost, DOCKER_HUB } = await import('../../../registry/reference.js');
    const rt = await createRuntime(cmd);
    const host = server ? normalizeHost(server) : DOCKER_HUB;
    const removed = await (await credentialStore(rt)).erase(host);
    rt.output.result({ server: host, removed }, (r) =>
      r.removed ? `logged out of ${r.server}\n` : `no credentials for ${r.server} were stored\n`,
    );
  });
};
