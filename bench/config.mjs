// stager config against Docker Compose v2 config (and docker-compose v1) on the same 20-service
// project. Usage: node bench/config.mjs   (after `npm run build` and scripts/dev-engine.sh)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, machine, table, timeCommand } from './lib.mjs';
import { writeProject } from './project.mjs';

const { composeV2 } = engines();
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(path.join(os.tmpdir(), 'stager-bench-config-'));
const dir = path.join(root, 'benchconfig');
writeProject(dir, { services: 20 });
try {
  const results = {
    'node -e 0 (runtime floor)': timeCommand([process.execPath, '-e', '0'], { cwd: dir }),
    'stager config': timeCommand([process.execPath, bin, 'config'], { cwd: dir }),
    'stager config -q (validate only)': timeCommand([process.execPath, bin, 'config', '-q'], {
      cwd: dir,
    }),
    'docker compose config (v2)': timeCommand([composeV2, 'config'], { cwd: dir }),
    'docker-compose config (v1)': timeCommand(['docker-compose', 'config'], { cwd: dir, runs: 9 }),
  };
  const v2 = results['docker compose config (v2)'].median;
  const rows = [['command', 'median ms', 'min ms', 'this ÷ Compose v2']];
  for (const [name, r] of Object.entries(results))
    rows.push([name, r.median.toFixed(0), r.min.toFixed(0), (r.median / v2).toFixed(2)]);
  console.log(`## config, 20 services (${new Date().toISOString().slice(0, 10)}; ${machine()})\n`);
  console.log(table(rows));
  console.log(
    `\nstager config takes ${(results['stager config'].median / v2).toFixed(2)} of Compose v2's time.`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
