// stager config against docker-compose (v1) config on the same 20-service project.
// Usage: node bench/config.mjs   (after `npm run build`; docker-compose from scripts/dev-engine.sh)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, table, timeCommand } from './lib.mjs';
import { writeProject } from './project.mjs';

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
    'docker-compose config (v1)': timeCommand(['docker-compose', 'config'], { cwd: dir, runs: 9 }),
  };
  const v1 = results['docker-compose config (v1)'].median;
  const rows = [['command', 'median ms', 'min ms', 'this ÷ docker-compose']];
  for (const [name, r] of Object.entries(results))
    rows.push([name, r.median.toFixed(0), r.min.toFixed(0), (r.median / v1).toFixed(2)]);
  console.log(`## config, 20 services (${new Date().toISOString().slice(0, 10)}; ${machine()})\n`);
  console.log(table(rows));
  console.log(
    `\nstager config is ${(v1 / results['stager config'].median).toFixed(1)}x faster than docker-compose config.`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
