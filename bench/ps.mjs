// stager ps against docker ps, Docker Compose v2 ps and docker-compose v1 ps on the same running
// project, on Engine 28 of scripts/dev-engine.sh.
// Usage: node bench/ps.mjs   (after scripts/dev-engine.sh and `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, machine, table, timeCommand } from './lib.mjs';

const {
  list: [engine],
  composeV2,
} = engines();
process.env.DOCKER_HOST = engine.host;
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(path.join(os.tmpdir(), 'stager-bench-'));
const project = 'stagerbenchps';
const dir = path.join(root, project);
spawnSync('mkdir', [dir]);
const services = Array.from(
  { length: 5 },
  (_, i) => `  s${i}:\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n`,
).join('');
writeFileSync(path.join(dir, 'docker-compose.yml'), `services:\n${services}`);

const run = (argv) => {
  const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
};

try {
  run([composeV2, 'up', '-d']);
  const results = {
    'node -e 0 (runtime floor)': timeCommand([process.execPath, '-e', '0'], { cwd: dir }),
    'stager --help': timeCommand([process.execPath, bin, '--help'], { cwd: dir }),
    'stager ps': timeCommand([process.execPath, bin, 'ps'], { cwd: dir }),
    'docker ps (filtered by project label)': timeCommand(
      ['docker', 'ps', '--filter', `label=com.docker.compose.project=${project}`],
      { cwd: dir },
    ),
    'docker compose ps (v2)': timeCommand([composeV2, 'ps'], { cwd: dir }),
    'docker-compose ps (v1)': timeCommand(['docker-compose', 'ps'], { cwd: dir, runs: 7 }),
  };
  const ps = results['stager ps'].median;
  const rows = [['command', 'median ms', 'min ms', 'stager ps ÷ this']];
  for (const [name, r] of Object.entries(results)) {
    rows.push([name, r.median.toFixed(0), r.min.toFixed(0), (ps / r.median).toFixed(2)]);
  }
  console.log(
    `## ps, Engine ${engine.version} (${new Date().toISOString().slice(0, 10)}; ${machine()})\n`,
  );
  console.log(table(rows));
} finally {
  run([composeV2, 'down', '-t', '0']);
  rmSync(root, { recursive: true, force: true });
}
