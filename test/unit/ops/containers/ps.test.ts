/** ps on the fake engine: the project's containers, by service and number, filtered. */
import { describe, expect, it } from 'vitest';
import { listProjectContainers } from '../../../../src/ops/containers/ps.js';
import { kill } from '../../../../src/ops/lifecycle/lifecycle.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

describe('ps on the fake engine', () => {
  it('lists running containers sorted by service and number; -a and --status widen and narrow it', async () => {
    const ctx = context();
    const model = projectOf(`services:
  web:
    image: busybox:1.36
  db:
    image: busybox:1.36
`);
    await up(ctx, model, { scale: { web: 2 } });
    await up(ctx, projectOf('services:\n  other:\n    image: busybox:1.36\n', 'q'), {});
    await kill(ctx, { project: 'p', model, services: ['db'] });
    const names = async (options: Partial<Parameters<typeof listProjectContainers>[1]>) =>
      (await listProjectContainers(ctx, { project: 'p', ...options })).containers.map(
        (c) => `${c.name} ${c.state}`,
      );
    expect(await names({})).toEqual(['p-web-1 running', 'p-web-2 running']);
    expect(await names({ all: true })).toEqual([
      'p-db-1 exited',
      'p-web-1 running',
      'p-web-2 running',
    ]);
    expect(await names({ status: ['exited'] })).toEqual(['p-db-1 exited']);
    expect(await names({ all: true, services: ['web'] })).toEqual([
      'p-web-1 running',
      'p-web-2 running',
    ]);
  });
});
