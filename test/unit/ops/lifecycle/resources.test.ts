/** What up makes before containers, on the fake engine: networks, volumes, the stop policy. */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../src/errors.js';
import { ensureNetworks, ensureVolumes } from '../../../../src/ops/lifecycle/resources.js';
import { stopGracefully } from '../../../../src/ops/lifecycle/stop-policy.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

const STACK = `services:
  app:
    image: busybox:1.36
    networks: [front, outside]
    volumes: ["data:/data", "shared:/shared"]
networks:
  front:
  outside:
    external: true
    name: corp
volumes:
  data:
  shared:
    name: shared
`;

describe('networks and volumes up makes', () => {
  it('creates networks once, labelled as v2 labels them, and adopts its own on the next run', async () => {
    const ctx = context();
    await ctx.engine.createNetwork({ name: 'corp', labels: {} });
    const project = projectOf(STACK);
    expect(await ensureNetworks(ctx, project, ['front', 'outside'])).toEqual(['p_front']);
    const [front] = await ctx.engine.findNetworks('p_front');
    expect(front!.labels).toMatchObject({
      'com.docker.compose.project': 'p',
      'com.docker.compose.network': 'front',
    });
    expect(await ensureNetworks(ctx, project, ['front', 'outside'])).toEqual([]);
    expect(await ctx.engine.findNetworks('p_front')).toHaveLength(1);
  });

  it('refuses an external network that does not exist, naming it', async () => {
    const ctx = context();
    await expect(ensureNetworks(ctx, projectOf(STACK), ['outside'])).rejects.toThrow(NotFoundError);
    await expect(ensureNetworks(ctx, projectOf(STACK), ['outside'])).rejects.toThrow(/corp/);
  });

  it("uses a volume another project made, and warns in Compose v2's words", async () => {
    const ctx = context();
    await ctx.engine.createVolume({
      name: 'shared',
      labels: { 'com.docker.compose.project': 'other', 'com.docker.compose.volume': 'shared' },
    });
    expect(await ensureVolumes(ctx, projectOf(STACK), ['data', 'shared'])).toEqual(['p_data']);
    expect(ctx.events).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        message: expect.stringContaining(
          'volume "shared" already exists but was created for project "other" (expected "p")',
        ),
      }),
    );
  });
});

describe('the stop policy', () => {
  it('waits out no grace period for a container whose PID 1 drops the signal', async () => {
    const ctx = context();
    const asked: (number | undefined)[] = [];
    ctx.engine.stopContainer = async (_id, t) => void asked.push(t);
    ctx.engine.stopSignalIsDropped = async () => true;
    await stopGracefully(ctx, 'x', 10);
    ctx.engine.stopSignalIsDropped = async () => false;
    await stopGracefully(ctx, 'x', 10);
    await stopGracefully(ctx, 'x', undefined);
    expect(asked).toEqual([0, 10, undefined]);
  });
});
