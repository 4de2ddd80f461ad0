/** ls on the fake engine: projects from their containers' labels, in Compose v2's words. */
import { describe, expect, it } from 'vitest';
import { stop } from '../../../../src/ops/lifecycle/lifecycle.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { listProjects } from '../../../../src/ops/system/ls.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();
const TWO = 'services:\n  a:\n    image: busybox:1.36\n  b:\n    image: busybox:1.36\n';

describe('ls on the fake engine', () => {
  it('counts states per project, lists stopped projects with --all, and filters by name', async () => {
    const ctx = context();
    const shop = projectOf(TWO, 'shop');
    const blog = projectOf(TWO, 'blog');
    await up(ctx, shop, {});
    await up(ctx, blog, {});
    await stop(ctx, { project: 'shop', model: shop, services: ['a'] });
    await stop(ctx, { project: 'blog', model: blog });
    expect(await listProjects(ctx)).toEqual([
      { name: 'shop', status: 'running(1)', configFiles: '/p/compose.yaml' },
    ]);
    expect((await listProjects(ctx, { all: true })).map((p) => [p.name, p.status])).toEqual([
      ['blog', 'exited(2)'],
      ['shop', 'exited(1), running(1)'],
    ]);
    expect((await listProjects(ctx, { all: true, names: ['^bl'] })).map((p) => p.name)).toEqual([
      'blog',
    ]);
  });
});
