// up (cold), up (no-op), ps and down: stager against docker-compose v1 on the same generated
// 20-service project (4 dependency levels, healthchecks every 1 s), measured in one run.
// Usage: node bench/lifecycle.mjs [runs]   (after `npm run build` and scripts/dev-engine.sh)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, table } from './lib.mjs';
import { writeProject } from './project.mjs';

const runs = Number(process.argv[2] ?? 3);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(path.join(os.tmpdir(), 'stager-bench-life-'));

const tools = {
  stager: (dir, args) => [process.execPath, bin, ...args],
  'docker-compose v1': (dir, args) => ['docker-compose', ...args],
};

function time(argv, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
try {
  for (const [tool, argv] of Object.entries(tools)) {
    const dir = path.join(root, tool === 'stager' ? 'benchstager' : 'benchcompose');
    writeProject(dir, { services: 20, levels: 4, healthInterval: '1s' });
    const samples = { 'up cold': [], 'up no-op': [], ps: [], down: [] };
    time(argv(dir, ['down', '-t', '1']), dir);
    for (let i = 0; i < runs; i++) {
      samples['up cold'].push(time(argv(dir, ['up', '-d']), dir));
      samples['up no-op'].push(time(argv(dir, ['up', '-d']), dir));
      samples.ps.push(time(argv(dir, ['ps']), dir));
      samples.down.push(time(argv(dir, ['down', '-t', '1']), dir));
    }
    results[tool] = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  }
  const rows = [['operation', 'stager ms', 'docker-compose v1 ms', 'stager ÷ v1', 'target']];
  const targets = { 'up cold': 0.6, 'up no-op': 0.15, ps: 0.2, down: 0.5 };
  for (const op of Object.keys(targets)) {
    const s = results.stager[op];
    const v = results['docker-compose v1'][op];
    rows.push([op, s.toFixed(0), v.toFixed(0), (s / v).toFixed(2), `<= ${targets[op]}`]);
  }
  console.log(
    `## up / ps / down, 20 services, 4 levels, 1 s healthchecks (${new Date().toISOString().slice(0, 10)}; ${machine()}; median of ${runs})\n`,
  );
  console.log(table(rows));
} finally {
  for (const [tool, argv] of Object.entries(tools)) {
    const dir = path.join(root, tool === 'stager' ? 'benchstager' : 'benchcompose');
    spawnSync(argv(dir, ['down', '-t', '0'])[0], argv(dir, ['down', '-t', '0']).slice(1), {
      cwd: dir,
      stdio: 'ignore',
    });
  }
  rmSync(root, { recursive: true, force: true });
}
