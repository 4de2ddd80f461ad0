/** commit and export on the fake engine. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commitService, exportService } from '../../../../src/ops/containers/snapshot-image.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';
import { scratchFolders } from '../../../support/scratch.js';
import { PassThrough } from 'node:stream';

const context = fakeContexts();
const scratch = scratchFolders();

describe('commit and export on the fake engine', () => {
  it('commits the container a replica number names, as the image asked for', async () => {
    const ctx = context();
    await up(ctx, projectOf('services:\n  web: {image: busybox:1.36}\n'), { scale: { web: 2 } });
    const made = await commitService(
      ctx,
      { project: 'p', service: 'web', index: 2 },
      { repository: 'shop', tag: 'seeded' },
    );
    expect(made.container).toBe('p-web-2');
    const image = [...ctx.engine.images.values()].find((i) => i.id === made.image);
    expect(image?.tags.some((t) => t.endsWith('shop:seeded'))).toBe(true);
    await expect(
      commitService(ctx, { project: 'p', service: 'web', index: 3 }, {}),
    ).rejects.toThrow('service "web" has no container number 3');
  });

  it("exports the container's files to a file", async () => {
    const volumeRoot = scratch();
    const ctx = context({ volumeRoot });
    await up(ctx, projectOf('services:\n  web: {image: busybox:1.36}\n'), {});
    const id = [...ctx.engine.containers.keys()][0]!;
    const root = path.join(volumeRoot, '.containers', id);
    await ctx.engine.statPath(id, '/');
    writeFileSync(path.join(root, 'hello'), 'hi');
    const output = path.join(scratch(), 'web.tar');
    const result = await exportService(
      ctx,
      { project: 'p', service: 'web' },
      {
        output,
        stdout: new PassThrough(),
      },
    );
    expect(result).toEqual({ container: 'p-web-1', output });
    expect(execFileSync('tar', ['-tf', output], { encoding: 'utf8' })).toContain('hello');
    expect(readFileSync(output).length).toBeGreaterThan(512);
  });
});
