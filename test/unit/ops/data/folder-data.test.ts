import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHost } from '../../../../src/host/node-host.js';
import { emptyFolder, emptyScript } from '../../../../src/ops/data/folder-data.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** data/ with a nested read-only config folder, a mounted file, and data around them. */
function layout(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'stager-empty-'));
  roots.push(root);
  for (const dir of ['data/conf', 'data/db/tables', 'data/deep/keep'])
    mkdirSync(path.join(root, dir), { recursive: true });
  writeFileSync(path.join(root, 'data/conf/app.ini'), 'x=1\n');
  writeFileSync(path.join(root, 'data/db/tables/t1'), 'rows\n');
  writeFileSync(path.join(root, 'data/.hidden'), 'h\n');
  writeFileSync(path.join(root, 'data/site.conf'), 'listen 80;\n');
  writeFileSync(path.join(root, 'data/deep/gone'), 'g\n');
  writeFileSync(path.join(root, 'data/deep/keep/k'), 'k\n');
  return root;
}

function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)) + (e.isDirectory() ? '/' : ''))
    .sort();
}

const KEPT = ['conf', 'site.conf', 'deep/keep'];
const LEFT = ['conf/', 'conf/app.ini', 'deep/', 'deep/keep/', 'deep/keep/k', 'site.conf'];

describe('emptying a data folder', () => {
  it('removes everything but what is kept and the folders leading to it', () => {
    const data = path.join(layout(), 'data');
    expect(
      emptyFolder(
        nodeHost.fs,
        data,
        KEPT.map((k) => path.join(data, k)),
      ),
    ).toBe(true);
    expect(tree(data)).toEqual(LEFT);
  });

  it('does the same through the helper container script', () => {
    const data = path.join(layout(), 'data');
    execFileSync('sh', ['-c', emptyScript(data, KEPT)]);
    expect(tree(data)).toEqual(LEFT);
  });

  it('empties all of it, hidden files included, when nothing is kept', () => {
    const data = path.join(layout(), 'data');
    execFileSync('sh', ['-c', emptyScript(data)]);
    expect(tree(data)).toEqual([]);
  });
});
