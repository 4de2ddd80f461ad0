/** Helper containers on the fake engine: what they mount and run, and which image they use. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixPermissions } from '../../../../src/ops/data/fix-perms.js';
import { helperImages, runHelperIn } from '../../../../src/ops/data/helper.js';
import { fakeContexts, projectIn, projectOf } from '../../../support/op-context.js';
import { scratchFolders } from '../../../support/scratch.js';

const context = fakeContexts();
const scratch = scratchFolders('stager-helper-');

describe('helper containers', () => {
  it("try the service's own image first, and fall back when it cannot run the job", async () => {
    const ctx = context({ images: ['busybox:1.36', 'postgres:16'] });
    const project = projectOf(
      'services:\n  db:\n    image: postgres:16\n  x:\n    image: gone:1\n',
    );
    expect(await helperImages(ctx, project, 'db', undefined)).toEqual([
      'postgres:16',
      'busybox:1.36',
    ]);
    expect(await helperImages(ctx, project, 'x', undefined)).toEqual(['busybox:1.36']);
    expect(await helperImages(ctx, project, 'db', 'alpine:3')).toEqual(['alpine:3']);

    const used = await runHelperIn(
      ctx,
      ['absent:1', 'busybox:1.36'],
      { mounts: [], script: 'true', purpose: 'test' },
      127,
    );
    expect(used.image).toBe('busybox:1.36');
    // Removed whatever happened: no helper is left behind.
    expect(ctx.engine.containers.size).toBe(0);
  });

  it('fix-perms gives the data folders back in one helper, and skips what lies outside', async () => {
    const dir = scratch({
      'compose.yaml':
        'services:\n  db:\n    image: busybox:1.36\n    volumes: ["./data:/data", "/etc:/host-etc:ro"]\n',
      'data/rows': 'x',
    });
    const ctx = context();
    const seen: string[] = [];
    const create = ctx.engine.createContainer.bind(ctx.engine);
    ctx.engine.createContainer = async (spec) => {
      seen.push(`${spec.user} ${(spec.command ?? []).join(' ')}`);
      return create(spec);
    };
    const result = await fixPermissions(ctx, projectIn(dir), { uid: 1000, gid: 1000 });
    expect(result.folders).toEqual([path.join(dir, 'data')]);
    expect(result.skipped).toEqual([{ path: '/etc', reason: 'outside the project' }]);
    expect(seen).toEqual(["0:0 chown -R -h 1000:1000 '/stager-fix/0'"]);
  });
});
