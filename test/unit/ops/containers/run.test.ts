/** run and exec on the fake engine: one-off identity, dependencies first, exit codes, --rm. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  attachService,
  execInService,
  runOneOff,
  type Terminal,
} from '../../../../src/ops/containers/exec.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

const terminal = (): Terminal => ({ io: { stdout: new PassThrough(), stderr: new PassThrough() } });

const STACK = `services:
  db:
    image: busybox:1.36
  app:
    image: busybox:1.36
    depends_on: [db]
`;

describe('run and exec on the fake engine', () => {
  it('starts the dependencies, runs a one-off with its slug, gives its exit code and removes it', async () => {
    const ctx = context();
    const result = await runOneOff(
      ctx,
      projectOf(STACK),
      { service: 'app', command: ['sh', '-c', 'exit 7'], rm: true, tty: false, stdin: false },
      terminal(),
    );
    expect(result.exitCode).toBe(7);
    expect(result.container).toMatch(/^p-app-run-[0-9a-f]{12}$/);
    const left = [...ctx.engine.containers.values()].map((c) => `${c.spec.name} ${c.state}`);
    expect(left).toEqual(['p-db-1 running']);
  });

  it('labels a detached one-off as Compose v2 does, and leaves it running', async () => {
    const ctx = context();
    const result = await runOneOff(
      ctx,
      projectOf(STACK),
      { service: 'app', detach: true, noDeps: true, tty: false, stdin: false },
      terminal(),
    );
    const c = [...ctx.engine.containers.values()].find((x) => x.spec.name === result.container)!;
    expect(c.state).toBe('running');
    expect(c.spec.labels).toMatchObject({
      'com.docker.compose.oneoff': 'True',
      'com.docker.compose.service': 'app',
    });
    expect(c.spec.labels['com.docker.compose.slug']).toMatch(/^[0-9a-f]{64}$/);
    expect(c.spec.endpoints.every((e) => e.aliases.length === 0)).toBe(true);
    expect(ctx.engine.containers.size).toBe(1);
  });

  it('publishes, labels, adds capabilities and keeps the aliases when asked', async () => {
    const ctx = context();
    const result = await runOneOff(
      ctx,
      projectOf(STACK),
      {
        service: 'app',
        detach: true,
        noDeps: true,
        tty: false,
        stdin: false,
        publish: ['127.0.0.1:8081:80', '53/udp'],
        labels: ['team=shop', 'note=a=b'],
        capAdd: ['NET_ADMIN'],
        capDrop: ['MKNOD'],
        useAliases: true,
      },
      terminal(),
    );
    const c = [...ctx.engine.containers.values()].find((x) => x.spec.name === result.container)!;
    expect(c.spec.portBindings).toEqual({
      '80/tcp': [{ hostIp: '127.0.0.1', hostPort: '8081' }],
      '53/udp': [{}],
    });
    expect(c.spec.labels).toMatchObject({ team: 'shop', note: 'a=b' });
    expect([c.spec.capAdd, c.spec.capDrop]).toEqual([['CAP_NET_ADMIN'], ['CAP_MKNOD']]);
    expect(c.spec.endpoints[0]!.aliases).toContain('app');
  });

  it('execs in the running container of a service, and names a service that is not running', async () => {
    const ctx = context();
    const model = projectOf(STACK);
    await up(ctx, model, { services: ['db'] });
    const options = { project: 'p', command: ['true'], tty: false, stdin: false };
    await expect(execInService(ctx, { ...options, service: 'db' }, terminal())).resolves.toBe(0);
    await expect(execInService(ctx, { ...options, service: 'app' }, terminal())).rejects.toThrow(
      /app/,
    );
  });

  it('attach waits for the container, and Ctrl-C is sent on to it or detaches', async () => {
    const ctx = context();
    await up(ctx, projectOf('services:\n  web: {image: busybox:1.36}\n'), {});
    for (const sigProxy of [true, false]) {
      const stop = new AbortController();
      const attached = attachService(
        { ...ctx, signal: stop.signal },
        { project: 'p', service: 'web', stdin: false, sigProxy },
        terminal(),
      );
      await new Promise((r) => setTimeout(r, 20));
      stop.abort();
      // Sent on, the container ends and attach says it was interrupted; else stager lets go.
      expect(await attached).toBe(sigProxy ? 130 : undefined);
      if (sigProxy) await up(ctx, projectOf('services:\n  web: {image: busybox:1.36}\n'), {});
    }
    await expect(
      attachService(ctx, { project: 'p', service: 'db', stdin: false, sigProxy: true }, terminal()),
    ).rejects.toThrow('service db is not running');
  });
});
