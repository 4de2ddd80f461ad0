/** stop, start, restart, kill, rm and down on the fake engine, in dependency order. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  down,
  kill,
  pause,
  remove,
  restart,
  start,
  stop,
} from '../../../../src/ops/lifecycle/lifecycle.js';
import { runOneOff } from '../../../../src/ops/containers/exec.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectOf, type TestContext } from '../../../support/op-context.js';

const context = fakeContexts();

const STACK = `services:
  db:
    image: busybox:1.36
  web:
    image: busybox:1.36
    depends_on:
      db: { condition: service_started, restart: true }
  worker:
    image: busybox:1.36
    depends_on: [web]
volumes:
  data:
`;

async function running(): Promise<{ ctx: TestContext; sel: Parameters<typeof stop>[1] }> {
  const ctx = context();
  const model = projectOf(STACK);
  await up(ctx, model, {});
  return { ctx, sel: { project: 'p', model } };
}

const states = (ctx: TestContext) =>
  Object.fromEntries([...ctx.engine.containers.values()].map((c) => [c.spec.name, c.state]));

async function timeline(ctx: TestContext, action: string): Promise<string[]> {
  const seen: string[] = [];
  await ctx.engine.streamEvents({ type: ['container'], event: [action] }, (e) =>
    seen.push(e.attributes['com.docker.compose.service'] ?? ''),
  );
  return seen;
}

describe('lifecycle verbs on the fake engine', () => {
  it('stop stops dependents first; a second stop is done too; start starts dependencies first', async () => {
    const { ctx, sel } = await running();
    const stopped = await timeline(ctx, 'stop');
    await stop(ctx, sel);
    expect(stopped).toEqual(['worker', 'web', 'db']);
    const again = await stop(ctx, sel, undefined, { stopped: true });
    expect(again.containers.map((c) => c.action)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(stopped).toHaveLength(3);
    const started = await timeline(ctx, 'start');
    await start(ctx, sel);
    expect(started).toEqual(['db', 'web', 'worker']);
    expect(Object.values(states(ctx))).toEqual(['running', 'running', 'running']);
  });

  it('start of one service starts what it depends on first', async () => {
    const { ctx, sel } = await running();
    await stop(ctx, sel);
    const started = await timeline(ctx, 'start');
    await start(ctx, { ...sel, services: ['worker'] });
    expect(started).toEqual(['db', 'web', 'worker']);
  });

  it("stop with another file's model leaves the services that file does not define alone", async () => {
    const { ctx } = await running();
    const onlyWorker = projectOf('services:\n  worker:\n    image: busybox:1.36\n');
    await stop(ctx, { project: 'p', model: onlyWorker });
    expect(states(ctx)).toEqual({
      'p-db-1': 'running',
      'p-web-1': 'running',
      'p-worker-1': 'exited',
    });
  });

  it('restart of db restarts web, which asked for it, and leaves nothing stopped', async () => {
    const { ctx, sel } = await running();
    const started = await timeline(ctx, 'start');
    await restart(ctx, { ...sel, services: ['db'] });
    expect([...started].sort()).toEqual(['db', 'web']);
    expect(Object.values(states(ctx))).toEqual(['running', 'running', 'running']);
  });

  it('stop, rm and pause leave one-off containers alone; the data ops stop them too', async () => {
    const { ctx, sel } = await running();
    await runOneOff(
      ctx,
      sel.model!,
      { service: 'db', command: ['sleep', '60'], detach: true, tty: false, stdin: false },
      { io: { stdout: new PassThrough(), stderr: new PassThrough() } },
    );
    const oneOff = () =>
      [...ctx.engine.containers.values()].find((c) => c.spec.name.startsWith('p-db-run-'))!;
    await stop(ctx, sel);
    await remove(ctx, sel, { stop: true });
    expect(oneOff().state).toBe('running');
    await stop(ctx, sel, undefined, { oneOffs: true });
    expect(oneOff().state).toBe('exited');
  });

  it("pause of a paused service fails with the engine's reason, as in Compose v2", async () => {
    const { ctx, sel } = await running();
    await pause(ctx, { ...sel, services: ['db'] }, false);
    await expect(pause(ctx, { ...sel, services: ['db'] }, false)).rejects.toThrow('is not running');
    await expect(pause(ctx, { ...sel, services: ['web'] }, true)).rejects.toThrow('is not paused');
  });

  it('kill ends the named service only; rm --stop removes it', async () => {
    const { ctx, sel } = await running();
    await kill(ctx, { ...sel, services: ['worker'] });
    expect(states(ctx)).toEqual({
      'p-db-1': 'running',
      'p-web-1': 'running',
      'p-worker-1': 'exited',
    });
    await remove(ctx, { ...sel, services: ['web'] }, { stop: true });
    expect(Object.keys(states(ctx)).sort()).toEqual(['p-db-1', 'p-worker-1']);
  });

  it('down removes containers and the network, volumes only with -v', async () => {
    const { ctx, sel } = await running();
    await ctx.engine.createVolume({
      name: 'p_data',
      labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.volume': 'data' },
    });
    const result = await down(ctx, sel);
    expect(result.containers.sort()).toEqual(['p-db-1', 'p-web-1', 'p-worker-1']);
    expect(result.networks).toEqual(['p_default']);
    expect(result.volumes).toEqual([]);
    expect(ctx.engine.containers.size).toBe(0);
    expect(await ctx.engine.inspectVolume('p_data')).toBeDefined();
    expect((await down(ctx, sel, { volumes: true })).volumes).toEqual(['p_data']);
  });

  it('down SERVICE removes only its containers, and only what nothing else still uses', async () => {
    const ctx = context();
    const model = projectOf(`services:
  db: { image: busybox:1.36, volumes: ["dbdata:/data"] }
  web: { image: busybox:1.36, depends_on: [db], volumes: ["webdata:/data"] }
volumes:
  dbdata:
  webdata:
`);
    await up(ctx, model, {});
    const sel = { project: 'p', model };
    const web = await down(ctx, { ...sel, services: ['web'] }, { volumes: true });
    expect(web).toMatchObject({ containers: ['p-web-1'], networks: [], volumes: ['p_webdata'] });
    expect(states(ctx)).toEqual({ 'p-db-1': 'running' });
    expect([...ctx.engine.volumes.keys()]).toEqual(['p_dbdata']);
    const db = await down(ctx, { ...sel, services: ['db'] }, { volumes: true });
    expect(db).toMatchObject({ networks: ['p_default'], volumes: ['p_dbdata'] });
    await expect(down(ctx, { ...sel, services: ['wbe'] })).rejects.toThrow(
      'no such service: wbe (did you mean "web"?)',
    );
  });

  it('down leaves orphans and the network they use, and says so', async () => {
    const { ctx } = await running();
    const smaller = projectOf(STACK.replace(/ {2}worker:\n(?: {4}.*\n)+/, ''));
    const result = await down(ctx, { project: 'p', model: smaller });
    expect(result.containers.sort()).toEqual(['p-db-1', 'p-web-1']);
    expect(result.networks).toEqual([]);
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ type: 'warning', message: expect.stringMatching(/p-worker-1/) }),
    );
    await down(ctx, { project: 'p', model: smaller }, { removeOrphans: true });
    expect(ctx.engine.containers.size).toBe(0);
  });
});
