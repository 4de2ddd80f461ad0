import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker } from '../integration/helpers.js';
import { nonRootProjects, treeState } from '../integration/non-root.js';

const nonRoot = nonRootProjects();
const project = (prefix: string, files: Record<string, string>) => nonRoot.project(prefix, files);

// Root inside the container writes files of several owners and modes, an empty folder and a
// symlink, into a bind mount and a named volume; then it only sleeps, so what is on disk is
// what the test put there.
const COMPOSE = `services:
  db:
    image: busybox:1.36
    init: true
    command: ["sh", "-c", "[ -e /data/seeded ] || { mkdir -p /data/tables /data/empty && echo v1 > /data/tables/t1 && chown 999:999 /data/tables/t1 && chmod 640 /data/tables/t1 && ln -s tables/t1 /data/current && echo v1 > /cache/hot && touch /data/seeded; }; exec sleep 3600"]
    volumes: ["./data/db:/data", "cache:/cache"]
volumes:
  cache: {}
`;

const exec = (container: string, script: string) => docker(['exec', container, 'sh', '-c', script]);

describe('snapshots (as a non-root user)', () => {
  it('restores bind mounts and volumes exactly: content, owners, modes, symlinks, empty folders', async () => {
    const p = project('snap', { 'compose.yaml': COMPOSE });
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const db = `${p.name}-db-1`;
    await expect.poll(() => exec(db, 'ls /data')).toMatch(/seeded/);
    const dataDir = path.join(p.dir, 'data/db');
    const saved = await treeState(dataDir);
    expect(saved['tables/t1']).toMatchObject({ uid: 999, mode: 0o640 });
    expect(saved.current).toMatchObject({ link: 'tables/t1' });
    expect(saved.empty).toBeDefined();

    const save = await p.run(['snapshot', 'save', 'clean']);
    expect(save.exitCode, save.stderr).toBe(0);
    expect(save.stdout).toMatch(/saved snapshot clean: 2 mounts/);
    // The archives belong to the host user, who can delete them.
    const archive = path.join(p.dir, '.stager/snapshots/clean/1-bind-db.tar.gz');
    expect(statSync(archive).uid).toBe(nonRoot.user.uid);
    expect(await docker(['inspect', '-f', '{{.State.Running}}', db])).toBe('true');

    await exec(
      db,
      'echo v2 > /data/tables/t1 && rm -rf /data/empty /data/current && echo junk > /data/junk && echo v2 > /cache/hot',
    );
    const restore = await p.run(['snapshot', 'restore', 'clean']);
    expect(restore.exitCode, restore.stderr).toBe(0);
    expect(await treeState(dataDir)).toEqual(saved);
    expect(await exec(db, 'cat /cache/hot')).toBe('v1');

    const ls = JSON.parse((await p.run(['--json', 'snapshot', 'ls'])).stdout);
    expect(ls.snapshots.map((s: { name: string }) => s.name)).toEqual(['clean']);
    const manifest = JSON.parse(
      readFileSync(path.join(p.dir, '.stager/snapshots/clean/manifest.json'), 'utf8'),
    );
    expect(manifest.images.db).toMatch(/^sha256:/);
    expect((await p.run(['snapshot', 'rm', 'clean'])).exitCode).toBe(0);
    expect((await p.run(['snapshot', 'restore', 'clean'])).exitCode).toBe(4);
  });

  it('refuses to restore into a project whose mounts changed, unless --force', async () => {
    const p = project('snapmoved', { 'compose.yaml': COMPOSE });
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    await expect.poll(() => exec(`${p.name}-db-1`, 'ls /data')).toMatch(/seeded/);
    expect((await p.run(['snapshot', 'save', 'before'])).exitCode).toBe(0);
    writeFileSync(
      path.join(p.dir, 'compose.yaml'),
      COMPOSE.replace('./data/db:/data', './data/mysql:/data'),
    );
    const refused = await p.run(['snapshot', 'restore', 'before']);
    expect(refused.exitCode).toBe(5);
    expect(refused.stderr).toMatch(
      /does not match the project's mounts: bind .*data\/db is no longer mounted; bind .*data\/mysql is not in the snapshot/,
    );
    const forced = await p.run(['snapshot', 'restore', 'before', '--force']);
    expect(forced.exitCode, forced.stderr).toBe(0);
  });
});

describe('volumes and fix-perms (as a non-root user)', () => {
  it('lists data with sizes and services, and gives root-owned folders back to the user', async () => {
    const p = project('perms', { 'compose.yaml': COMPOSE });
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    await expect.poll(() => exec(`${p.name}-db-1`, 'ls /data')).toMatch(/seeded/);

    const listed = JSON.parse((await p.run(['--json', 'volumes'])).stdout);
    expect(listed.volumes).toEqual([
      expect.objectContaining({ name: `${p.name}_cache`, services: ['db'], exists: true }),
    ]);
    expect(listed.binds).toEqual([
      expect.objectContaining({
        path: path.join(p.dir, 'data/db'),
        services: ['db'],
        exists: true,
      }),
    ]);

    const dataDir = path.join(p.dir, 'data/db');
    expect(statSync(path.join(dataDir, 'tables')).uid).toBe(0);
    const fixed = await p.run(['fix-perms']);
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain(
      `./data/db now owned by ${nonRoot.user.uid}:${nonRoot.user.gid}`,
    );
    const after = await treeState(dataDir);
    for (const [file, state] of Object.entries(after))
      expect(state.uid, file).toBe(nonRoot.user.uid);
  });
});
