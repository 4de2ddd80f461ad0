/**
 * What stager relies on from an engine, as one suite: run on the fake engine with the unit
 * tests, and on both real engines with the integration tests. A behaviour the fake gets wrong
 * fails here before any op test is misled by it.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, PortInUseError } from '../../src/errors.js';
import type { ContainerSpec, Engine, EngineEvent } from '../../src/engine/engine.js';

export interface ContractTarget {
  engine: Engine;
  /** An image every engine under test has. */
  image: string;
  /** Engines before 25 accept two networks of one name. */
  duplicateNetworkNames: boolean;
}

const LABEL = 'dev.stager.contract';

export function engineContract(name: string, target: () => Promise<ContractTarget>): void {
  describe(`the Engine port: ${name}`, () => {
    const run = randomBytes(4).toString('hex');
    const cleanups: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    });
    let counter = 0;
    const unique = (what: string) => `stager-contract-${run}-${what}-${++counter}`;

    const spec = (t: ContractTarget, over: Partial<ContainerSpec> = {}): ContainerSpec => ({
      name: unique('c'),
      image: t.image,
      command: ['sleep', '600'],
      init: true,
      env: [],
      labels: { [LABEL]: run },
      exposedPorts: [],
      portBindings: {},
      mounts: [],
      endpoints: [],
      networkMode: 'none',
      ...over,
    });
    const created = async (t: ContractTarget, over: Partial<ContainerSpec> = {}) => {
      const s = spec(t, over);
      const id = await t.engine.createContainer(s);
      cleanups.push(() => t.engine.removeContainer(id, { force: true }));
      return { id, spec: s };
    };

    it('creates, starts, stops and removes a container; each again is done, not an error', async () => {
      const t = await target();
      const { id, spec: s } = await created(t);
      const fresh = await t.engine.inspectContainer(id);
      expect(fresh).toMatchObject({ id, name: s.name, state: 'created', running: false });
      expect(fresh.labels[LABEL]).toBe(run);
      const listed = async (all: boolean) =>
        (await t.engine.listContainers({ labels: [`${LABEL}=${run}`], all })).map((c) => c.id);
      expect(await listed(true)).toContain(id);
      expect(await listed(false)).not.toContain(id);

      await t.engine.startContainer(id);
      await t.engine.startContainer(id);
      expect(await t.engine.inspectContainer(id)).toMatchObject({
        state: 'running',
        running: true,
      });
      expect(await listed(false)).toContain(id);

      await t.engine.stopContainer(id, 1);
      await t.engine.stopContainer(id, 1);
      expect((await t.engine.inspectContainer(id)).state).toBe('exited');

      await t.engine.removeContainer(id);
      await t.engine.removeContainer(id);
      await expect(t.engine.inspectContainer(id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a second container of one name, and removing a running one without force', async () => {
      const t = await target();
      const { id, spec: s } = await created(t);
      await expect(t.engine.createContainer({ ...s })).rejects.toBeInstanceOf(ConflictError);
      await t.engine.startContainer(id);
      await expect(t.engine.removeContainer(id)).rejects.toBeInstanceOf(ConflictError);
      await t.engine.removeContainer(id, { force: true });
      await expect(t.engine.inspectContainer(id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('reports an exit code through wait, inspect and a die event', async () => {
      const t = await target();
      const events: EngineEvent[] = [];
      const stream = await t.engine.streamEvents(
        { type: ['container'], event: ['start', 'die'], label: [`${LABEL}=${run}`] },
        (e) => events.push(e),
      );
      cleanups.push(async () => stream.close());
      const { id } = await created(t, { command: ['sh', '-c', 'exit 3'], init: false });
      const exited = t.engine.waitContainer(id, { nextExit: true });
      await t.engine.startContainer(id);
      expect(await exited).toBe(3);
      expect(await t.engine.inspectContainer(id)).toMatchObject({ state: 'exited', exitCode: 3 });
      await expect
        .poll(() => events.filter((e) => e.id === id).map((e) => e.action))
        .toEqual(['start', 'die']);
    });

    it('turns a container healthy and says so in a health_status event', async () => {
      const t = await target();
      const events: string[] = [];
      const stream = await t.engine.streamEvents(
        { type: ['container'], event: ['health_status'], label: [`${LABEL}=${run}`] },
        (e) => events.push(e.action),
      );
      cleanups.push(async () => stream.close());
      const { id } = await created(t, {
        healthcheck: { test: ['CMD', 'true'], intervalNs: 100e6, retries: 3 },
      });
      await t.engine.startContainer(id);
      expect((await t.engine.inspectContainer(id)).health).toMatch(/starting|healthy/);
      await expect
        .poll(() => events, { timeout: 10_000 })
        .toContainEqual(expect.stringMatching(/^health_status: ?healthy$/));
      expect((await t.engine.inspectContainer(id)).health).toBe('healthy');
    });

    it('refuses a host port another container holds, as PortInUseError', async () => {
      const t = await target();
      const port = String(20000 + Math.floor(Math.random() * 20000));
      const binding = {
        exposedPorts: ['80/tcp'],
        portBindings: { '80/tcp': [{ hostIp: '127.0.0.1', hostPort: port }] },
        networkMode: undefined,
      };
      const first = await created(t, binding);
      await t.engine.startContainer(first.id);
      const second = await created(t, binding);
      const refused = await t.engine.startContainer(second.id).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PortInUseError);
      expect((refused as PortInUseError).port).toBe(Number(port));
    });

    it('finds networks by exact name, refuses to remove one in use, removes a missing one quietly', async () => {
      const t = await target();
      const name = unique('net');
      const id = await t.engine.createNetwork({ name, labels: { [LABEL]: run } });
      cleanups.push(() => t.engine.removeNetwork(id));
      const found = await t.engine.findNetworks(name);
      expect(found.map((n) => n.id)).toEqual([id]);
      expect(found[0]!.labels[LABEL]).toBe(run);
      expect(await t.engine.findNetworks(name.slice(0, -1))).toEqual([]);
      expect((await t.engine.listNetworks([`${LABEL}=${run}`])).map((n) => n.id)).toEqual([id]);

      const again = await t.engine
        .createNetwork({ name, labels: {} })
        .then((second) => {
          cleanups.push(() => t.engine.removeNetwork(second));
          return 'created';
        })
        .catch((e: unknown) => e);
      if (t.duplicateNetworkNames) expect(again).toBe('created');
      else expect(again).toBeInstanceOf(ConflictError);

      const { id: c } = await created(t, {
        networkMode: undefined,
        endpoints: [{ network: id, aliases: ['db'] }],
      });
      await t.engine.startContainer(c);
      expect((await t.engine.inspectNetwork(id))!.containers).toContain(c);
      await expect(t.engine.removeNetwork(id)).rejects.toBeInstanceOf(ConflictError);
      await t.engine.removeContainer(c, { force: true });
      await t.engine.removeNetwork(id);
      expect(await t.engine.inspectNetwork(id)).toBeUndefined();
      await t.engine.removeNetwork(id);
    });

    it('creates a volume once, keeps one a container refers to, removes a missing one quietly', async () => {
      const t = await target();
      const name = unique('vol');
      await t.engine.createVolume({ name, labels: { [LABEL]: run } });
      cleanups.push(() => t.engine.removeVolume(name));
      await t.engine.createVolume({ name, labels: { [LABEL]: run } });
      expect((await t.engine.inspectVolume(name))!.labels[LABEL]).toBe(run);
      expect((await t.engine.listVolumes([`${LABEL}=${run}`])).map((v) => v.name)).toEqual([name]);
      const { id } = await created(t, {
        mounts: [{ type: 'volume', source: name, target: '/data' }],
      });
      await expect(t.engine.removeVolume(name)).rejects.toBeInstanceOf(ConflictError);
      await t.engine.removeContainer(id, { force: true });
      await t.engine.removeVolume(name);
      expect(await t.engine.inspectVolume(name)).toBeUndefined();
      await t.engine.removeVolume(name);
    });

    it('knows the images it has and not the others', async () => {
      const t = await target();
      expect((await t.engine.inspectImage(t.image))!.id).toMatch(/^sha256:/);
      expect(await t.engine.inspectImage(`stager-contract-absent:${run}`)).toBeUndefined();
      await expect(
        t.engine.createContainer(spec(t, { image: `stager-contract-absent:${run}` })),
      ).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
