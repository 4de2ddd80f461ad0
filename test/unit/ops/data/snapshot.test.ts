/**
 * Snapshots on the fake engine, whose helper containers run their tar scripts on this machine:
 * what is saved, restored as one transaction, refused, listed and removed.
 */
import { readFileSync, statSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  listSnapshots,
  removeSnapshot,
  restoreSnapshot,
  saveSnapshot,
  snapshotsDir,
} from '../../../../src/ops/data/snapshot.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectIn } from '../../../support/op-context.js';
import { scratchFolders } from '../../../support/scratch.js';

const context = fakeContexts();
const scratch = scratchFolders('stager-snapshot-');
const owner = { uid: 0, gid: 0 };

const COMPOSE = `services:
  db:
    image: busybox:1.36
    volumes:
      - ./data/db:/var/lib/db
      - cache:/cache
volumes:
  cache:
`;

async function stack() {
  const dir = scratch({ 'compose.yaml': COMPOSE, 'data/db/rows': 'v1' });
  const volumes = scratch();
  const ctx = context({ volumeRoot: volumes });
  const project = projectIn(dir);
  await up(ctx, project, {});
  writeFileSync(path.join(volumes, 'p_cache', 'entries'), 'c1');
  const read = () => ({
    rows: readFileSync(path.join(dir, 'data/db/rows'), 'utf8'),
    extra: existsSync(path.join(dir, 'data/db/extra')),
    cache: readFileSync(path.join(volumes, 'p_cache', 'entries'), 'utf8'),
  });
  const change = () => {
    writeFileSync(path.join(dir, 'data/db/rows'), 'v2');
    writeFileSync(path.join(dir, 'data/db/extra'), 'new');
    writeFileSync(path.join(volumes, 'p_cache', 'entries'), 'c2');
  };
  return { ctx, project, dir, read, change };
}

const dbState = (ctx: ReturnType<typeof context>) =>
  [...ctx.engine.containers.values()].find((c) => c.spec.name === 'p-db-1')?.state;

describe('snapshots on the fake engine', () => {
  it('saves every mount privately with sizes and checksums, the service stopped meanwhile', async () => {
    const { ctx, project } = await stack();
    ctx.engine.calls.splice(0);
    const manifest = await saveSnapshot(ctx, project, 'one', owner);
    expect(manifest.mounts.map((m) => [m.kind, m.ref, m.services])).toEqual([
      ['bind', 'data/db', ['db']],
      ['volume', 'cache', ['db']],
    ]);
    for (const m of manifest.mounts) {
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
      const file = path.join(snapshotsDir(project), 'one', m.archive);
      expect(statSync(file).size).toBe(m.archiveBytes);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(statSync(path.join(snapshotsDir(project), 'one')).mode & 0o777).toBe(0o700);
    const calls = ctx.engine.calls;
    expect(calls.indexOf('stopContainer')).toBeLessThan(calls.lastIndexOf('startContainer'));
    expect(dbState(ctx)).toBe('running');
    await expect(saveSnapshot(ctx, project, 'one', owner)).rejects.toThrow('snapshot one exists');
  });

  it('restores folders and volumes as they were saved', async () => {
    const { ctx, project, read, change } = await stack();
    await saveSnapshot(ctx, project, 'one', owner);
    change();
    await restoreSnapshot(ctx, project, 'one', owner);
    expect(read()).toEqual({ rows: 'v1', extra: false, cache: 'c1' });
    expect(dbState(ctx)).toBe('running');
  });

  it('touches nothing when an archive is cut short, and says so', async () => {
    const { ctx, project, read, change } = await stack();
    const manifest = await saveSnapshot(ctx, project, 'one', owner);
    change();
    const archive = path.join(snapshotsDir(project), 'one', manifest.mounts[1]!.archive);
    truncateSync(archive, 10);
    await expect(restoreSnapshot(ctx, project, 'one', owner)).rejects.toThrow(
      /^snapshot one is broken: 2-volume-p_cache.tar.gz is not the archive that was saved .*; nothing was restored$/,
    );
    expect(read()).toEqual({ rows: 'v2', extra: true, cache: 'c2' });
  });

  it('leaves every mount as it was when one archive cannot be extracted', async () => {
    const { ctx, project, read, change } = await stack();
    const manifest = await saveSnapshot(ctx, project, 'one', owner);
    change();
    // Garbage that matches its manifest: it passes the checks and fails in the helper's tar.
    const dir = path.join(snapshotsDir(project), 'one');
    const garbage = Buffer.from('not a gzip archive at all');
    writeFileSync(path.join(dir, manifest.mounts[1]!.archive), garbage);
    manifest.mounts[1]!.archiveBytes = garbage.length;
    manifest.mounts[1]!.sha256 = createHash('sha256').update(garbage).digest('hex');
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(restoreSnapshot(ctx, project, 'one', owner)).rejects.toThrow(/exited with code 1/);
    expect(read()).toEqual({ rows: 'v2', extra: true, cache: 'c2' });
    expect(dbState(ctx)).toBe('running');
  });

  it('lists a snapshot whose manifest is broken as broken, and removes snapshots', async () => {
    const { ctx, project } = await stack();
    await saveSnapshot(ctx, project, 'good', owner);
    await saveSnapshot(ctx, project, 'bad', owner);
    writeFileSync(path.join(snapshotsDir(project), 'bad', 'manifest.json'), '{ not json');
    const listed = listSnapshots(ctx.host.fs, project);
    expect(listed.snapshots.map((s) => s.name)).toEqual(['good']);
    expect(listed.broken.map((b) => b.name)).toEqual(['bad']);
    await expect(restoreSnapshot(ctx, project, 'bad', owner)).rejects.toThrow(
      /^snapshot bad is broken: manifest.json is not JSON/,
    );
    removeSnapshot(ctx.host.fs, project, 'bad');
    removeSnapshot(ctx.host.fs, project, 'good');
    expect(listSnapshots(ctx.host.fs, project)).toEqual({ snapshots: [], broken: [] });
  });
});
