/** cp on the fake engine, whose containers keep their files in a scratch folder. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFiles, splitCopyArg } from '../../../../src/ops/containers/copy.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';
import { scratchFolders } from '../../../support/scratch.js';

const context = fakeContexts();
const scratch = scratchFolders();

async function stack(replicas = 1) {
  const volumeRoot = scratch();
  const ctx = context({ volumeRoot });
  await up(ctx, projectOf('services:\n  web: {image: busybox:1.36}\n'), {
    scale: { web: replicas },
  });
  const files = (n: number) => {
    const id = [...ctx.engine.containers.values()].find((c) => c.spec.name === `p-web-${n}`)!.id;
    return path.join(volumeRoot, '.containers', id);
  };
  const cp = (source: string, destination: string, more = {}) =>
    copyFiles(ctx, { project: 'p', source, destination, ...more });
  return { ctx, files, cp };
}

describe('cp on the fake engine', () => {
  it('reads SERVICE:PATH as the docker CLI does', () => {
    expect(splitCopyArg('web:/etc/x')).toEqual({ service: 'web', path: '/etc/x' });
    expect(splitCopyArg('./a:b')).toEqual({ path: './a:b' });
    expect(splitCopyArg('/abs/a:b')).toEqual({ path: '/abs/a:b' });
    expect(splitCopyArg('plain')).toEqual({ path: 'plain' });
  });

  it('copies a file and a folder out: into a folder that exists, as the new name otherwise', async () => {
    const { files, cp } = await stack();
    mkdirSync(path.join(files(1), 'app/logs'), { recursive: true });
    writeFileSync(path.join(files(1), 'app/logs/a.log'), 'A');
    writeFileSync(path.join(files(1), 'app/conf'), 'C');
    const host = scratch();
    await cp('web:/app/conf', host);
    expect(readFileSync(path.join(host, 'conf'), 'utf8')).toBe('C');
    await cp('web:/app/conf', path.join(host, 'renamed'));
    expect(readFileSync(path.join(host, 'renamed'), 'utf8')).toBe('C');
    await cp('web:/app/logs', host);
    expect(readFileSync(path.join(host, 'logs/a.log'), 'utf8')).toBe('A');
    await cp('web:/app/logs', path.join(host, 'copy'));
    expect(readFileSync(path.join(host, 'copy/a.log'), 'utf8')).toBe('A');
    mkdirSync(path.join(host, 'flat'));
    await cp('web:/app/logs/.', path.join(host, 'flat'));
    expect(readFileSync(path.join(host, 'flat/a.log'), 'utf8')).toBe('A');
    await expect(cp('web:/app/logs', path.join(host, 'conf'))).rejects.toThrow(
      'cannot copy a directory to a file',
    );
    await expect(cp('web:/nope', host)).rejects.toThrow(
      'could not find /nope in container p-web-1',
    );
  });

  it('copies in to every replica, or to the one --index names', async () => {
    const { files, cp } = await stack(2);
    for (const n of [1, 2]) mkdirSync(path.join(files(n), 'etc'), { recursive: true });
    const host = scratch({ 'conf/app.ini': 'x=1', 'one.txt': '1' });
    const result = await cp(path.join(host, 'conf'), 'web:/etc/');
    expect(result.copied.map((c) => c.container).sort()).toEqual(['p-web-1', 'p-web-2']);
    for (const n of [1, 2])
      expect(readFileSync(path.join(files(n), 'etc/conf/app.ini'), 'utf8')).toBe('x=1');
    await cp(path.join(host, 'one.txt'), 'web:/etc/renamed.txt', { index: 2 });
    expect(readFileSync(path.join(files(2), 'etc/renamed.txt'), 'utf8')).toBe('1');
    expect(existsSync(path.join(files(1), 'etc/renamed.txt'))).toBe(false);
    await expect(cp(path.join(host, 'one.txt'), 'web:/missing/dir/x')).rejects.toThrow(
      'could not find /missing/dir in container',
    );
    await expect(cp(path.join(host, 'one.txt'), 'web:/etc/x', { index: 3 })).rejects.toThrow(
      'service "web" has no container number 3',
    );
    await expect(cp('web:/a', 'db:/b')).rejects.toThrow(
      'copying between services is not supported',
    );
  });
});
