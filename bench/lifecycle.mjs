// up -d --wait (cold), up -d with nothing to do, ps, config and down -v: stager against Docker
// Compose v2 on the same generated project (20 services in 4 levels, each gated on
// service_healthy), on each engine the tests own, the tools alternating round by round, each on a
// project of its own. On Engine 28 the healthchecks probe first at start_interval: 100ms.
// Usage: node bench/lifecycle.mjs [rounds]   (after `npm run build` and scripts/dev-engine.sh)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, machine, table } from './lib.mjs';
import { writeProject } from './project.mjs';

const rounds = Number(process.argv[2] ?? 3);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const OPS = ['up -d --wait (cold)', 'up -d (nothing to do)', 'ps', 'config', 'down -v'];
const ARGS = [['up', '-d', '--wait'], ['up', '-d'], ['ps'], ['config'], ['down', '-v', '-t', '1']];
const TARGETS = [0.8, 0.25, 1.0, 1.0, 0.7];

function time(argv, cwd, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { list, composeV2 } = engines();
const tools = {
  stager: (args) => [process.execPath, bin, ...args],
  'Compose v2': (args) => [composeV2, ...args],
};
const version = spawnSync(composeV2, ['version', '--short'], { encoding: 'utf8' }).stdout.trim();

for (const engine of list) {
  const env = { DOCKER_HOST: engine.host };
  const root = mkdtempSync(path.join(os.tmpdir(), 'stager-bench-life-'));
  const dirs = {};
  for (const tool of Object.keys(tools)) {
    dirs[tool] = path.join(root, tool === 'stager' ? 'benchstager' : 'benchcompose');
    writeProject(dirs[tool], {
      services: 20,
      levels: 4,
      healthInterval: '1s',
      ...(engine.api >= 1.44 ? { startInterval: '100ms' } : {}),
    });
  }
  const samples = Object.fromEntries(Object.keys(tools).map((t) => [t, OPS.map(() => [])]));
  try {
    for (let round = 0; round < rounds; round++) {
      // Alternate which tool goes first, so neither always meets a warmer machine.
      const order = round % 2 ? Object.keys(tools).reverse() : Object.keys(tools);
      for (const tool of order) {
        ARGS.forEach((args, i) => {
          samples[tool][i].push(time(tools[tool](args), dirs[tool], env));
        });
      }
    }
  } finally {
    for (const tool of Object.keys(tools)) {
      spawnSync(...splitArgv(tools[tool](['down', '-v', '-t', '0'])), {
        cwd: dirs[tool],
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
    }
    rmSync(root, { recursive: true, force: true });
  }
  const rows = [['operation', 'stager ms', 'Compose v2 ms', 'stager ÷ v2', 'target']];
  OPS.forEach((op, i) => {
    const s = median(samples.stager[i]);
    const v = median(samples['Compose v2'][i]);
    rows.push([op, s.toFixed(0), v.toFixed(0), (s / v).toFixed(2), `<= ${TARGETS[i]}`]);
  });
  console.log(
    `## Lifecycle against Compose ${version}, Engine ${engine.version} (API ${engine.apiVersion}) (${new Date().toISOString().slice(0, 10)}; ${machine()}; median of ${rounds} alternating rounds)\n`,
  );
  console.log(`\`node bench/lifecycle.mjs ${rounds}\`\n`);
  console.log(table(rows));
  console.log();
}

function splitArgv(argv) {
  return [argv[0], argv.slice(1)];
}
