/** reset on the fake engine and a scratch project folder: what it empties, keeps and restarts. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReset, planReset } from '../../../../src/ops/data/reset.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectIn } from '../../../support/op-context.js';
import { scratchFolders } from '../../../support/scratch.js';

const scratchProject = scratchFolders('stager-reset-');
const context = fakeContexts();

const COMPOSE = `services:
  db:
    image: busybox:1.36
    volumes: ["./data/db:/var/lib/db", "./data/db/conf:/etc/db:ro", "store:/store"]
  web:
    image: busybox:1.36
    volumes: ["./src:/app"]
    build: ./src
volumes:
  store:
  shared:
    external: true
`;

describe('reset on the fake engine', () => {
  it('empties the data folder around what it keeps, removes only its own volumes, restarts what ran', async () => {
    const dir = scratchProject({
      'compose.yaml': COMPOSE.replace('    build: ./src\n', ''),
      'data/db/rows': 'v1',
      'data/db/conf/my.cnf': 'keep me',
      'src/app.py': 'source',
    });
    const project = projectIn(dir);
    const ctx = context();
    ctx.engine.addImage('busybox:1.36');
    await up(ctx, project, {});
    const plan = await planReset(ctx, project, { volumes: true });
    expect(plan.folders.map((f) => path.relative(dir, f.path)).sort()).toEqual(['data/db', 'src']);
    expect(plan.kept.map((k) => path.relative(dir, k))).toEqual(['data/db/conf']);
    expect(plan.volumes.map((v) => v.name)).toEqual(['p_store']);
    expect(plan.running.sort()).toEqual(['db', 'web']);

    const result = await applyReset(ctx, project, plan, { volumes: true });
    expect(readdirSync(path.join(dir, 'data/db'))).toEqual(['conf']);
    expect(readdirSync(path.join(dir, 'data/db/conf'))).toEqual(['my.cnf']);
    expect(result.volumesRemoved).toEqual(['p_store']);
    expect(result.restarted.sort()).toEqual(['db', 'web']);
    const states = [...ctx.engine.containers.values()].map((c) => c.state);
    expect(states).toEqual(['running', 'running']);
  });

  it('never empties a build context, and says why', async () => {
    const dir = scratchProject({
      'compose.yaml': COMPOSE,
      'src/app.py': 'source',
      'data/db/x': 'x',
    });
    const project = projectIn(dir);
    const ctx = context();
    const plan = await planReset(ctx, project, {});
    expect(plan.refused.map((f) => [path.relative(dir, f.path), f.refused])).toContainEqual([
      'src',
      'holds a build context',
    ]);
    await applyReset(ctx, project, plan, {});
    expect(readdirSync(path.join(dir, 'src'))).toEqual(['app.py']);
    expect(readdirSync(path.join(dir, 'data/db'))).toEqual([]);
  });
});
