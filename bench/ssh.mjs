// stager ps against docker ps over the same ssh:// endpoint (an sshd of scripts/dev-engine.sh
// in front of Engine 28), alternating in one run. stager is timed twice: as a first command,
// which opens the SSH connection it then shares (a fresh control folder each run), and as a
// command that finds the connection an earlier one left open for 30 s. docker opens one per run.
// Usage: node bench/ssh.mjs [rounds]   (after scripts/dev-engine.sh and `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, machine, table } from './lib.mjs';

const rounds = Number(process.argv[2] ?? 15);
const { list, composeV2, settings } = engines();
const engine = list.find((e) => e.name === '28') ?? list[0];
const sshHost = settings[`STAGER_ENGINE_${engine.name}_SSH_HOST`];
if (!sshHost) throw new Error(`no sshd for engine ${engine.name}: run scripts/dev-engine.sh`);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(path.join(os.tmpdir(), 'sb-'));
const project = 'stagerbenchssh';
const dir = path.join(root, project);
mkdirSync(dir);
writeFileSync(
  path.join(dir, 'compose.yaml'),
  `services:\n${Array.from({ length: 5 }, (_, i) => `  s${i}:\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n`).join('')}`,
);
const env = {
  ...process.env,
  DOCKER_HOST: sshHost,
  PATH: `${settings.STAGER_SSH_BIN}:${process.env.PATH}`,
};
const shared = mkdtempSync(path.join(os.tmpdir(), 'sb-run-'));

function time(argv, extra = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: dir,
    env: { ...env, ...extra },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const up = spawnSync(composeV2, ['up', '-d'], {
    cwd: dir,
    env: { ...process.env, DOCKER_HOST: engine.host },
  });
  if (up.status !== 0) throw new Error(`compose up: ${up.stderr}`);
  const samples = { first: [], shared: [], docker: [], node: [] };
  for (let i = 0; i < rounds + 1; i++) {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'sb-f-'));
    const t = {
      docker: time(['docker', 'ps', '--filter', `label=com.docker.compose.project=${project}`]),
      first: time([process.execPath, bin, 'ps'], { XDG_RUNTIME_DIR: fresh }),
      shared: time([process.execPath, bin, 'ps'], { XDG_RUNTIME_DIR: shared }),
      node: time([process.execPath, '-e', '0']),
    };
    rmSync(fresh, { recursive: true, force: true });
    // The first round warms caches and opens the shared connection.
    if (i > 0) for (const k of Object.keys(t)) samples[k].push(t[k]);
  }
  const docker = median(samples.docker);
  const rows = [['command', 'median ms', '÷ docker ps']];
  const add = (name, xs) =>
    rows.push([name, median(xs).toFixed(0), (median(xs) / docker).toFixed(2)]);
  add('docker ps over ssh (a connection per run)', samples.docker);
  add('stager ps over ssh, first command (opens the connection)', samples.first);
  add('stager ps over ssh, connection left by an earlier command', samples.shared);
  add('node -e 0 (runtime floor, local)', samples.node);
  console.log(
    `## ps over ssh, Engine ${engine.version} behind sshd on 127.0.0.1 (${new Date().toISOString().slice(0, 10)}; ${machine()}; median of ${rounds} alternating rounds)\n`,
  );
  console.log(`\`node bench/ssh.mjs ${rounds}\`\n`);
  console.log(table(rows));
} finally {
  spawnSync(composeV2, ['down', '-t', '0'], {
    cwd: dir,
    env: { ...process.env, DOCKER_HOST: engine.host },
  });
  rmSync(root, { recursive: true, force: true });
  rmSync(shared, { recursive: true, force: true });
}
