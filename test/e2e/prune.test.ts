import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  docker,
  ENGINE,
  projectResources,
  stagerInTerminal,
  testProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const COMPOSE = `services:
  app:
    build: .
    init: true
    command: ["sleep", "3600"]
    volumes: [data:/data]
  once:
    image: busybox:1.36
    command: ["true"]
volumes:
  data: {}
`;

const project = (prefix: string) =>
  testProject(
    prefix,
    { 'compose.yaml': COMPOSE, Dockerfile: 'FROM busybox:1.36\nRUN echo v1 > /v\n' },
    cleanups,
  );

interface Item {
  kind: string;
  name: string;
}

const names = (items: Item[]): string[] => items.map((i) => `${i.kind} ${i.name}`).sort();

describe('stager prune', () => {
  it('removes exactly what --dry-run listed, of this project only, volumes only when asked', async () => {
    const mine = project('prunea');
    const other = project('pruneb');
    for (const p of [mine, other]) {
      const up = await p.run(['up', '-d']);
      expect(up.exitCode, up.stderr).toBe(0);
      expect((await p.run(['wait', 'once'])).exitCode).toBe(0);
    }
    // A rebuild leaves the first image dangling; stop leaves both containers stopped.
    writeFileSync(path.join(mine.dir, 'Dockerfile'), 'FROM busybox:1.36\nRUN echo v2 > /v\n');
    expect((await mine.run(['build'])).exitCode).toBe(0);
    expect((await mine.run(['stop', '-t', '0'])).exitCode).toBe(0);
    expect((await other.run(['stop', '-t', '0'])).exitCode).toBe(0);

    const dry = await mine.run(['--json', 'prune', '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { items: Item[]; dryRun: boolean };
    expect(plan.dryRun).toBe(true);
    expect(names(plan.items)).toEqual([
      `container ${mine.name}-app-1`,
      `container ${mine.name}-once-1`,
      expect.stringMatching(/^image <none> [0-9a-f]{12}$/),
      `network ${mine.name}_default`,
    ]);

    const refused = await mine.run(['prune']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/prune would remove 4 items .*; pass --yes/);

    const done = await mine.run(['--json', 'prune', '--yes']);
    expect(done.exitCode, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout) as { removed: Item[]; failed: unknown[] };
    expect(names(result.removed)).toEqual(names(plan.items));
    expect(result.failed).toEqual([]);

    expect(
      await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${mine.name}`]),
    ).toBe('');
    expect(
      (await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${other.name}`]))
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(2);
    expect(await docker(['volume', 'ls', '-q', '--filter', `name=${mine.name}_data`])).toBe(
      `${mine.name}_data`,
    );

    const volumes = await mine.run(['--json', 'prune', '--volumes', '--dry-run']);
    expect(names(JSON.parse(volumes.stdout).items)).toEqual([`volume ${mine.name}_data`]);
  });

  it('asks in a terminal before removing, and removes nothing on no', async () => {
    const p = project('pruneask');
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    expect((await p.run(['wait', 'once'])).exitCode).toBe(0);
    const stopped = `label=com.docker.compose.project=${p.name}`;
    const answer = (key: string) =>
      stagerInTerminal(['prune'], [[1.5, `${key}\\r`]], { cwd: p.dir });
    const no = await answer('n');
    expect(no.stdout).toMatch(/container\s+\S+-once-1/);
    expect(no.stdout).toMatch(/Remove 1 item \(.*\)\? No/);
    expect(no.stdout).toMatch(/error: nothing was removed/);
    expect(await docker(['ps', '-aq', '--filter', stopped, '--filter', 'status=exited'])).not.toBe(
      '',
    );
    const yes = await answer('y');
    expect(yes.stdout).toMatch(/removed 1 of 1 from project/);
    expect(await docker(['ps', '-aq', '--filter', stopped, '--filter', 'status=exited'])).toBe('');
  });

  it('lists engine-wide build cache with --all-projects --builder, and checks its flags', async () => {
    const p = project('prunec');
    expect((await p.run(['build'])).exitCode).toBe(0);
    const r = await p.run(['--json', 'prune', '--all-projects', '--builder', '--dry-run']);
    expect(r.exitCode, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { scope: string; items: Item[] };
    expect(plan.scope).toBe('engine');
    expect(plan.items.some((i) => i.kind === 'build cache')).toBe(true);
    expect(plan.items.some((i) => i.kind === 'container')).toBe(false);

    const wrong = await p.run(['prune', '--builder']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(/add --all-projects/);
    const filter = await p.run(['prune', '--all-projects', '--filter', 'until=soon', '--dry-run']);
    expect(filter.exitCode).toBe(2);
  });

  it("prunes the engine's build cache for real, as --filter until and --keep-storage say", async () => {
    const p = project('prunecache');
    writeFileSync(
      path.join(p.dir, 'Dockerfile'),
      `FROM busybox:1.36\nRUN head -c 2000000 /dev/urandom > /blob && echo ${p.name} > /v\n`,
    );
    expect((await p.run(['build'])).exitCode).toBe(0);
    // The engine's build cache, as `docker system df` counts it: entries and bytes.
    const cache = async () => {
      const row = JSON.parse(
        await docker([
          'system',
          'df',
          '--format',
          '{{if eq .Type "Build Cache"}}{{json .}}{{end}}',
        ]),
      ) as { TotalCount: string; Size: string };
      const [, n, unit] = /^([\d.]+)\s*([kMGT]?B)$/.exec(row.Size)!;
      const scale = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 }[unit!]!;
      return { entries: Number(row.TotalCount), bytes: Number(n) * scale };
    };
    const plan = async (extra: string[]) =>
      (
        JSON.parse(
          (await p.run(['--json', 'prune', '--all-projects', '--builder', '--dry-run', ...extra]))
            .stdout,
        ) as { items: Item[] }
      ).items.filter((i) => i.kind === 'build cache');
    // Nothing on the engine is more than a year old.
    expect(await plan(['--filter', 'until=9000h'])).toEqual([]);
    expect((await plan([])).length).toBeGreaterThan(0);
    // Only into an engine the tests started do they prune the whole build cache.
    if (!ENGINE.owned) return;
    const before = await cache();
    expect(before.entries).toBeGreaterThan(0);
    const kept = await p.run([
      'prune',
      '--all-projects',
      '--builder',
      '--filter',
      'until=9000h',
      '--yes',
    ]);
    expect(kept.exitCode, kept.stderr).toBe(0);
    expect(await cache()).toEqual(before);
    const done = await p.run([
      'prune',
      '--all-projects',
      '--builder',
      '--keep-storage',
      '0',
      '--yes',
    ]);
    expect(done.exitCode, done.stderr).toBe(0);
    // What the engine still holds in use may stay; the rest goes.
    const after = await cache();
    expect(after.entries).toBeLessThan(before.entries);
    expect(after.bytes).toBeLessThan(before.bytes);
  });

  it('prunes engine-wide with --all-projects: the unused networks of every project, none in use', async () => {
    const a = project('pruneall1');
    const b = project('pruneall2');
    expect((await a.run(['up', '-d'])).exitCode).toBe(0);
    // b's network is made and left unused; a's is in use.
    const stray = `${b.name}_stray`;
    await docker(['network', 'create', '--label', `com.docker.compose.project=${b.name}`, stray]);
    const dry = await a.run(['--json', 'prune', '--all-projects', '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const listed = names((JSON.parse(dry.stdout) as { items: Item[] }).items);
    expect(listed).toContain(`network ${stray}`);
    expect(listed).not.toContain(`network ${a.name}_default`);
    // Only on an engine the tests started does a test prune the whole engine.
    if (!ENGINE.owned) return;
    const done = await a.run(['--json', 'prune', '--all-projects', '--yes']);
    expect(done.exitCode, done.stderr).toBe(0);
    expect(await projectResources('networks', b.name)).toEqual([]);
    expect(await projectResources('networks', a.name)).toHaveLength(1);
    expect(await projectResources('running', a.name)).toHaveLength(1);
  });

  it('shows disk usage, this project first', async () => {
    const p = project('df');
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    expect((await p.run(['wait', 'once'])).exitCode).toBe(0);
    const r = await p.run(['--json', 'df']);
    expect(r.exitCode, r.stderr).toBe(0);
    const df = JSON.parse(r.stdout) as {
      project: string;
      projectRows: { kind: string; total: number; active: number }[];
    };
    expect(df.project).toBe(p.name);
    expect(df.projectRows).toEqual([
      expect.objectContaining({ kind: 'images', total: 1, active: 1 }),
      expect.objectContaining({ kind: 'containers', total: 2, active: 1 }),
      expect.objectContaining({ kind: 'volumes', total: 1, active: 1 }),
    ]);
    const table = await p.run(['df']);
    expect(table.stdout.split('\n')[1]).toMatch(new RegExp(`^${p.name}\\s+images`));
  });
});
