/** pull and push on the fake engine: which images, what a failure does, what each reports. */
import { describe, expect, it } from 'vitest';
import { pullImages } from '../../../../src/ops/images/pull.js';
import { pushImages } from '../../../../src/ops/images/push.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

const STACK = `services:
  db:
    image: postgres:16
  cache:
    image: redis:7
  web:
    build: .
    image: registry.example/shop/web:1
  tool:
    build: .
`;

describe('pull and push on the fake engine', () => {
  it('pulls the images the services name; one a service also builds may be missing', async () => {
    const ctx = context({ registry: ['postgres:16', 'redis:7'] });
    const result = await pullImages(ctx, projectOf(STACK));
    const status = Object.fromEntries(result.images.map((i) => [i.image, i.status]));
    expect(status).toEqual({
      'postgres:16': 'pulled',
      'redis:7': 'pulled',
      'registry.example/shop/web:1': 'skipped',
    });
    expect(await ctx.engine.inspectImage('redis:7')).toBeDefined();
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ type: 'step', id: 'image:redis:7', status: 'done' }),
    );
    const again = await pullImages(ctx, projectOf(STACK), { policy: 'missing' });
    expect(again.images.find((i) => i.image === 'redis:7')?.status).toBe('present');
  });

  it('fails on an image nothing builds and no registry has, unless told to go on', async () => {
    const ctx = context({ registry: ['postgres:16'] });
    await expect(pullImages(ctx, projectOf(STACK))).rejects.toThrow(/redis:7/);
    const going = await pullImages(ctx, projectOf(STACK), { ignoreFailures: true });
    expect(going.images.find((i) => i.image === 'redis:7')?.status).toBe('failed');
  });

  it('pushes what the project builds and names, and refuses one it has not built', async () => {
    const ctx = context();
    const refused = await pushImages(ctx, projectOf(STACK)).catch((e: Error) => e);
    expect(String(refused)).toMatch(/registry\.example\/shop\/web:1.*has not been built/);
    ctx.engine.addImage('registry.example/shop/web:1');
    const pushed = await pushImages(ctx, projectOf(STACK));
    expect(pushed.images.map((i) => `${i.image} ${i.status}`)).toEqual([
      'registry.example/shop/web:1 pushed',
    ]);
  });
});
