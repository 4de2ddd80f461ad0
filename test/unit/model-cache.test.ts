import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelCache, Recorder } from '../../src/cli/model-cache.js';
import type { LoadedProject } from '../../src/config/load.js';
import { memoryFs } from '../../src/config/source-fs.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'stager-cache-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const loaded = {
  project: { name: 'shop', services: {} },
  location: {
    name: 'shop',
    nameSource: 'folder',
    workingDir: '/p',
    configFiles: ['/p/compose.yaml'],
  },
  unsetVariables: [],
} as unknown as LoadedProject;

function recorded(files: Record<string, string>, env: Record<string, string>) {
  const recorder = new Recorder();
  const fs = recorder.fs(memoryFs(files));
  const shell = recorder.env(env);
  fs.readFile('/p/compose.yaml');
  fs.readFile('/p/compose.override.yaml');
  void shell.TAG;
  return recorder;
}

describe('ModelCache', () => {
  const files = { '/p/compose.yaml': 'services: {}\n' };
  const cache = new ModelCache(dir, 'k');

  it('gives back what was put while the files and variables read are unchanged', () => {
    cache.put(recorded(files, { TAG: 'v1' }), loaded);
    expect(cache.get(memoryFs(files), { TAG: 'v1', OTHER: 'x' })?.location.name).toBe('shop');
  });

  it('misses when a file read changed, an absent one appeared, or a variable read changed', () => {
    cache.put(recorded(files, { TAG: 'v1' }), loaded);
    expect(
      cache.get(memoryFs({ '/p/compose.yaml': 'services: {a: {}}\n' }), { TAG: 'v1' }),
    ).toBeUndefined();
    expect(
      cache.get(memoryFs({ ...files, '/p/compose.override.yaml': 'services: {}\n' }), {
        TAG: 'v1',
      }),
    ).toBeUndefined();
    expect(cache.get(memoryFs(files), { TAG: 'v2' })).toBeUndefined();
    expect(cache.get(memoryFs(files), {})).toBeUndefined();
  });

  it('records a file read many times once, and still sees it change', () => {
    const recorder = new Recorder();
    const fs = recorder.fs(memoryFs({ ...files, '/p/common.env': 'A=1\n' }));
    for (let i = 0; i < 20; i++) fs.readFile('/p/common.env');
    expect(recorder.calls).toHaveLength(1);
    const shared = new ModelCache(dir, 'shared');
    shared.put(recorder, loaded);
    expect(shared.get(memoryFs({ '/p/common.env': 'A=1\n' }), {})).toBeDefined();
    expect(shared.get(memoryFs({ '/p/common.env': 'A=2\n' }), {})).toBeUndefined();
  });

  it('stores nothing when the loader listed the whole environment', () => {
    const other = new ModelCache(dir, 'listed');
    const recorder = new Recorder();
    Object.keys(recorder.env({ A: '1' }));
    other.put(recorder, loaded);
    expect(other.get(memoryFs(files), { A: '1' })).toBeUndefined();
  });

  it('keeps at most 200 projects', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'stager-cache-trim-'));
    try {
      for (let i = 0; i < 205; i++)
        new ModelCache(folder, `key${i}`).put(recorded(files, {}), loaded);
      const left = readdirSync(folder);
      expect(left).toHaveLength(200);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('is off with STAGER_NO_CACHE=1 and for a compose file on standard input', () => {
    const base = { cwd: '/p', env: {}, fs: memoryFs({}) };
    expect(ModelCache.for(base, { STAGER_NO_CACHE: '1' })).toBeUndefined();
    expect(ModelCache.for({ ...base, files: ['-'] }, {})).toBeUndefined();
  });
});
