/** prune on the fake engine: the project's leftovers, only those, and exactly the plan. */
import { describe, expect, it } from 'vitest';
import { kill } from '../../../../src/ops/lifecycle/lifecycle.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { applyPrune, planPrune } from '../../../../src/ops/system/prune.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

const STACK = `services:
  db:
    image: busybox:1.36
    volumes: ["data:/data"]
  worker:
    image: busybox:1.36
volumes:
  data:
  cache:
`;

describe('prune on the fake engine', () => {
  it("plans the project's stopped containers and unused volumes, never what runs, and removes exactly that", async () => {
    const ctx = context();
    const model = projectOf(STACK);
    await up(ctx, model, {});
    await ctx.engine.createVolume({
      name: 'p_cache',
      labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.volume': 'cache' },
    });
    await ctx.engine.createVolume({
      name: 'other_cache',
      labels: { 'com.docker.compose.project': 'other' },
    });
    await kill(ctx, { project: 'p', model, services: ['worker'] });

    const withoutVolumes = await planPrune(ctx, { project: 'p' });
    expect(withoutVolumes.items.map((i) => `${i.kind} ${i.name}`)).toEqual([
      'container p-worker-1',
    ]);
    const plan = await planPrune(ctx, { project: 'p', volumes: true });
    expect(plan.items.map((i) => `${i.kind} ${i.name}`).sort()).toEqual([
      'container p-worker-1',
      'volume p_cache',
    ]);
    const result = await applyPrune(ctx, plan);
    expect(result.failed).toEqual([]);
    expect([...ctx.engine.containers.values()].map((c) => c.spec.name)).toEqual(['p-db-1']);
    expect([...ctx.engine.volumes.keys()].sort()).toEqual(['other_cache', 'p_data']);
    expect(await ctx.engine.findNetworks('p_default')).toHaveLength(1);
  });
});
