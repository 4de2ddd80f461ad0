import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

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
    .action(
      handler(async (scope, server: string | undefined, flags: LoginFlags) => {
        const { UsageError } = await import('../../../errors.js');
        const { credentialStore } = await import('../../runtime.js');
        const { normalizeHost, credentialKey, DOCKER_HUB } =
          await import('../../../registry/reference.js');
        if (!flags.username) throw new UsageError('login needs -u/--username');
        if (flags.password !== undefined && flags.passwordStdin)
          throw new UsageError('--password and --password-stdin cannot be used together');
        if (flags.password === undefined && !flags.passwordStdin)
          throw new UsageError('login needs --password-stdin (or -p)');
        if (flags.password !== undefined)
          scope.rt.output.reporter.report({
            type: 'warning',
            message: 'a password on the command line is insecure (shell history, process list)',
            hint: 'use --password-stdin',
          });
        const secret = flags.passwordStdin ? await readStdin() : flags.password!;
        // As the docker CLI: an empty password is refused, never stored as `user:`.
        if (!secret) throw new UsageError('the password is empty: give one on standard input');
        const host = server ? normalizeHost(server) : DOCKER_HUB;
        const engine = await scope.engine();
        const answer = await engine.checkAuth({
          username: flags.username,
          password: secret,
          serveraddress: credentialKey(host),
        });
        const store = await credentialStore(scope.rt);
        const where = answer.identityToken
          ? await store.store(host, '<token>', answer.identityToken)
          : await store.store(host, flags.username, secret);
        const { renderLogin } = await import('../../../ui/render/images/login.js');
        return {
          result: { server: host, username: flags.username, stored: where, file: store.file },
          render: renderLogin,
        };
      }),
    );

  define(program.command('logout').argument('[server]', 'registry host (default: Docker Hub)'), {
    summary: "forget a registry's credentials",
    examples: ['stager logout ghcr.io'],
  }).action(
    handler(async (scope, server: string | undefined) => {
      const { credentialStore } = await import('../../runtime.js');
      const { normalizeHost, DOCKER_HUB } = await import('../../../registry/reference.js');
      const { renderLogout } = await import('../../../ui/render/images/login.js');
      const host = server ? normalizeHost(server) : DOCKER_HUB;
      const removed = await (await credentialStore(scope.rt)).erase(host);
      return { result: { server: host, removed }, render: renderLogout };
    }),
  );
};
