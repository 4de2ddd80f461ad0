/**
 * `up` on the fake engine: order, idempotence, rollback, waits, timeouts and interrupts, in
 * milliseconds. The e2e suite proves the same on the real engines.
 */
import { describe, expect, it } from 'vitest';
import { UserAbortError } from '../../../../src/errors.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectOf, type TestContext } from '../../../support/op-context.js';

const context = fakeContexts();

/** Every container event, as `service action`, in the order the engine emitted them. */
async function timeline(ctx: TestContext): Promise<string[]> {
  const seen: string[] = [];
  await ctx.engine.streamEvents({ type: ['container'] }, (e) =>
    seen.push(`${e.attributes['com.docker.compose.service']} ${e.action}`),
  );
  return seen;
}

const states = (ctx: TestContext) =>
  [...ctx.engine.containers.values()].map((c) => `${c.spec.name} ${c.state}`).sort();

const STACK = `services:
  db:
    image: busybox:1.36
    healthcheck: { test: ["CMD", "true"], interval: 20ms }
  migrate:
    image: busybox:1.36
    command: ["sh", "-c", "exit 0"]
    depends_on: { db: { condition: service_healthy } }
  web:
    image: busybox:1.36
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
`;

describe('up on the fake engine', () => {
  it('starts each service once its conditions hold, and a second up changes nothing', async () => {
    const ctx = context();
    const seen = await timeline(ctx);
    const result = await up(ctx, projectOf(STACK), {});
    expect(result.networksCreated).toEqual(['p_default']);
    const at = (entry: string) => seen.indexOf(entry);
    expect(at('db health_status: healthy')).toBeLessThan(at('migrate start'));
    expect(at('migrate die')).toBeLessThan(at('web start'));
    expect(states(ctx)).toEqual(['p-db-1 running', 'p-migrate-1 exited', 'p-web-1 running']);

    ctx.engine.calls.length = 0;
    const again = await up(ctx, projectOf(STACK), {});
    expect(again.services.flatMap((s) => s.containers.map((c) => c.action))).not.toContain(
      'create',
    );
    expect(ctx.engine.calls.filter((c) => /create|start|remove|stop/.test(c))).toEqual([]);
  });

  it('recreates only the service whose configuration changed', async () => {
    const ctx = context();
    await up(ctx, projectOf(STACK), {});
    const changed = STACK.replace(
      '  web:\n    image: busybox:1.36\n',
      '  web:\n    image: busybox:1.36\n    environment: { MODE: dev }\n',
    );
    const result = await up(ctx, projectOf(changed), {});
    const actions = Object.fromEntries(
      result.services.map((s) => [s.service, s.containers.map((c) => c.action).join()]),
    );
    expect(actions).toEqual({ db: 'keep', migrate: 'keep', web: 'recreate' });
  });

  it('fails on a dependency that exits non-zero, and leaves no container created but not started', async () => {
    const ctx = context();
    const failing = STACK.replace('exit 0', 'exit 3');
    await expect(up(ctx, projectOf(failing), {})).rejects.toThrow(
      `service "migrate" didn't complete successfully: exit 3`,
    );
    expect(states(ctx)).toEqual(['p-db-1 running', 'p-migrate-1 exited']);
  });

  it('bounds the whole up with --wait-timeout, waits for dependencies included', async () => {
    const ctx = context();
    const slow = STACK.replace('interval: 20ms', 'interval: 10s');
    const started = Date.now();
    await expect(up(ctx, projectOf(slow), { wait: true, waitTimeoutSeconds: 0.2 })).rejects.toThrow(
      /application not healthy after 0.2s: container p-db-1 is not ready/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(states(ctx)).toEqual(['p-db-1 running']);
  });

  it('stops at the next step when interrupted, and removes what it created and had not started', async () => {
    const abort = new AbortController();
    const ctx = context({ signal: abort.signal });
    const slow = STACK.replace('interval: 20ms', 'interval: 10s');
    const running = up(ctx, projectOf(slow), { wait: true });
    await new Promise((r) => setTimeout(r, 30));
    abort.abort();
    await expect(running).rejects.toBeInstanceOf(UserAbortError);
    expect(states(ctx)).toEqual(['p-db-1 running']);
    // The next up carries on from there.
    await up({ ...ctx, signal: undefined }, projectOf(STACK), {});
    expect(states(ctx)).toEqual(['p-db-1 running', 'p-migrate-1 exited', 'p-web-1 running']);
  });

  it('names the host port another container holds', async () => {
    const ctx = context();
    const ports = `services:
  a:
    image: busybox:1.36
    ports: ["127.0.0.1:8080:80"]
  b:
    image: busybox:1.36
    ports: ["127.0.0.1:8080:80"]
    depends_on: [a]
`;
    await expect(up(ctx, projectOf(ports), {})).rejects.toThrow(
      'service b: host port 8080 is already in use',
    );
    expect(states(ctx)).toEqual(['p-a-1 running']);
  });

  it('refuses an image no registry has, in one line naming it', async () => {
    const ctx = context();
    await expect(
      up(ctx, projectOf('services:\n  app:\n    image: nowhere/absent:1\n'), {}),
    ).rejects.toThrow(/nowhere\/absent:1/);
    expect(states(ctx)).toEqual([]);
  });

  it('pulls without progress rows with --quiet-pull', async () => {
    const steps = async (quietPull: boolean) => {
      const ctx = context({ registry: ['alpine:3'] });
      await up(ctx, projectOf('services:\n  app:\n    image: alpine:3\n'), { quietPull });
      return ctx.events.filter((e) => e.type === 'step' && e.id.startsWith('image:')).length;
    };
    expect(await steps(false)).toBeGreaterThan(0);
    expect(await steps(true)).toBe(0);
  });

  it('keeps anonymous volumes across a recreate, unless told to renew them', async () => {
    const ctx = context();
    const project = projectOf(
      'services:\n  db:\n    image: busybox:1.36\n    volumes: ["/data"]\n',
    );
    const volumeOf = async () => {
      const [c] = await ctx.engine.listContainers({ labels: [], all: true });
      return (await ctx.engine.inspectContainer(c!.id)).mounts.find(
        (m) => m.destination === '/data',
      )?.name;
    };
    await up(ctx, project, {});
    const first = await volumeOf();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    await up(ctx, project, { forceRecreate: true });
    expect(await volumeOf()).toBe(first);
    await up(ctx, project, { forceRecreate: true, renewAnonVolumes: true });
    expect(await volumeOf()).not.toBe(first);
  });

  it('creates without starting anything, whatever the dependencies wait for', async () => {
    const ctx = context();
    const project = projectOf(`services:
  db:
    image: busybox:1.36
    healthcheck: { test: ["CMD", "false"], interval: 1s }
  web:
    image: busybox:1.36
    depends_on: { db: { condition: service_healthy } }
    network_mode: "service:db"
`);
    const result = await up(ctx, project, { noStart: true });
    expect(result.services.map((s) => s.containers.map((c) => c.action))).toEqual([
      ['create'],
      ['create'],
    ]);
    expect([...ctx.engine.containers.values()].map((c) => c.state)).toEqual(['created', 'created']);
    expect(ctx.engine.calls).not.toContain('startContainer');
  });

  it('fails with one line when a volumes_from source has no container (--no-deps)', async () => {
    const ctx = context();
    const shared = `services:
  db: { image: busybox:1.36 }
  app: { image: busybox:1.36, volumes_from: [db] }
`;
    await expect(up(ctx, projectOf(shared), { services: ['app'], noDeps: true })).rejects.toThrow(
      'service app: volumes_from needs service db, which has no container',
    );
    await up(ctx, projectOf(shared), { services: ['app'] });
    expect(states(ctx)).toEqual(['p-app-1 running', 'p-db-1 running']);
  });

  it('refuses two acted-on services with one container_name, and starts a third alone', async () => {
    const ctx = context();
    const clash = `services:
  a: { image: busybox:1.36, container_name: same }
  b: { image: busybox:1.36, container_name: same }
  c: { image: busybox:1.36 }
`;
    await expect(up(ctx, projectOf(clash), {})).rejects.toThrow(
      'services.b.container_name: container name "same" is also used by service "a"',
    );
    expect(ctx.engine.calls).not.toContain('createContainer');
    await up(ctx, projectOf(clash), { services: ['c'] });
    await up(ctx, projectOf(clash), { services: ['a'] });
    expect(states(ctx)).toEqual(['p-c-1 running', 'same running']);
  });

  it('leaves no container created and never started when stopped while a create is in flight', async () => {
    const stop = new AbortController();
    const ctx = context({ signal: stop.signal });
    // web's create overlaps with waiting for db, and is slow: the stop comes while it runs.
    const create = ctx.engine.createContainer.bind(ctx.engine);
    ctx.engine.createContainer = async (spec) => {
      if (spec.name === 'p-web-1') await new Promise((r) => setTimeout(r, 150));
      return create(spec);
    };
    const slowDb = STACK.replace('interval: 20ms', 'interval: 10s');
    setTimeout(() => stop.abort(), 40);
    await expect(up(ctx, projectOf(slowDb), {})).rejects.toThrow(UserAbortError);
    // Whatever was still on its way to the engine has arrived by now.
    await new Promise((r) => setTimeout(r, 200));
    expect(states(ctx).filter((s) => s.endsWith(' created'))).toEqual([]);
  });
});
