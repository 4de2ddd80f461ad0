// Data operations against their shell equivalents, in one run on the same engine:
// `stager reset --bind-mounts` of a folder of 100,000 root-owned small files (as a user who may
// not delete them, and as root) against `rm -rf` as root; `stager snapshot save` and `restore`
// throughput against `tar -cz` / `tar -xz` run directly on the host as root.
// Usage (as root): node bench/data.mjs [runs]   (after `npm run build` and scripts/dev-engine.sh)
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, table } from './lib.mjs';

const runs = Number(process.argv[2] ?? 3);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const FILES = 100_000;
const DATA_MB = 256;

function sh(argv, options = {}) {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return r.stdout?.toString() ?? '';
}

function timed(argv, options) {
  const start = process.hrtime.bigint();
  sh(argv, options);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A user who may use the engine but not delete root's files. */
function benchUser() {
  if (spawnSync('id', ['-u', 'stagertest']).status !== 0)
    sh(['useradd', '--create-home', '--shell', '/bin/sh', 'stagertest']);
  return {
    uid: Number(sh(['id', '-u', 'stagertest']).trim()),
    gid: statSync('/var/run/docker.sock').gid,
  };
}

/** Runs a script as root in a throwaway container with `dir` at /d: files root owns. */
function asRootIn(dir, script) {
  sh([
    'docker',
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${dir}:/d`,
    'busybox:1.36',
    'sh',
    '-c',
    script,
  ]);
}

/** 100 folders of 1,000 small files. */
function fillSmallFiles(dir) {
  asRootIn(
    dir,
    `cd /d && for i in $(seq 1 ${FILES / 1000}); do mkdir $i && (cd $i && seq 1 1000 | xargs -n 250 sh -c 'for f; do echo row > "$f"; done' _); done`,
  );
}

/** Half random bytes (like compressed pages), half repetitive text (like logs). */
function fillData(dir) {
  const half = DATA_MB / 2;
  asRootIn(
    dir,
    `dd if=/dev/urandom of=/d/pages bs=1M count=${half} 2>/dev/null && yes 'INSERT INTO events VALUES (42, now(), "a fairly ordinary log line");' | head -c ${half * 1024 * 1024} > /d/log`,
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const user = benchUser();
const root = mkdtempSync(path.join(os.tmpdir(), 'stager-bench-data-'));
chownSync(root, user.uid, user.gid);
const dir = path.join(root, 'benchdata');
sh(['mkdir', '-p', path.join(dir, 'data/db')]);
writeFileSync(
  path.join(dir, 'compose.yaml'),
  'services:\n  db:\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n    volumes: ["./data/db:/var/lib/db"]\n',
);
sh(['chown', '-R', `${user.uid}:${user.gid}`, dir]);
const asUser = {
  cwd: dir,
  uid: user.uid,
  gid: user.gid,
  env: { PATH: process.env.PATH, HOME: '/tmp', CI: 'true' },
};
const asRoot = { cwd: dir, env: { ...process.env, CI: 'true' } };
const dbDir = path.join(dir, 'data/db');

try {
  const samples = { user: [], root: [], rm: [] };
  for (let i = 0; i < runs; i++) {
    fillSmallFiles(dbDir);
    samples.user.push(
      timed([process.execPath, bin, 'reset', '--bind-mounts', '--yes', '--no-restart'], asUser),
    );
    fillSmallFiles(dbDir);
    samples.root.push(
      timed([process.execPath, bin, 'reset', '--bind-mounts', '--yes', '--no-restart'], asRoot),
    );
    fillSmallFiles(dbDir);
    samples.rm.push(timed(['sh', '-c', `rm -rf '${dbDir}'/* && true`], asRoot));
  }
  const rm = median(samples.rm);
  const resetRows = [
    ['command', 'median ms', '÷ rm -rf as root'],
    [
      'stager reset --bind-mounts (non-root user, helper container)',
      median(samples.user).toFixed(0),
      (median(samples.user) / rm).toFixed(2),
    ],
    [
      'stager reset --bind-mounts (root)',
      median(samples.root).toFixed(0),
      (median(samples.root) / rm).toFixed(2),
    ],
    ['rm -rf as root', rm.toFixed(0), '1.00'],
  ];

  fillData(dbDir);
  const snap = { save: [], restore: [], tarc: [], tarx: [] };
  const archive = path.join(root, 'peer.tar.gz');
  for (let i = 0; i < runs; i++) {
    snap.save.push(timed([process.execPath, bin, 'snapshot', 'save', `run${i}`], asUser));
    snap.restore.push(timed([process.execPath, bin, 'snapshot', 'restore', `run${i}`], asUser));
    snap.tarc.push(timed(['tar', '-czf', archive, '-C', dbDir, '.'], asRoot));
    snap.tarx.push(timed(['tar', '-xzpf', archive, '-C', dbDir], asRoot));
  }
  const mbps = (ms) => (DATA_MB / (ms / 1000)).toFixed(0);
  const snapRows = [
    ['operation', 'stager MB/s', 'host tar as root MB/s', 'stager ÷ tar (time)'],
    [
      'save',
      mbps(median(snap.save)),
      mbps(median(snap.tarc)),
      (median(snap.save) / median(snap.tarc)).toFixed(2),
    ],
    [
      'restore',
      mbps(median(snap.restore)),
      mbps(median(snap.tarx)),
      (median(snap.restore) / median(snap.tarx)).toFixed(2),
    ],
  ];
  const date = new Date().toISOString().slice(0, 10);
  console.log(
    `## reset of ${FILES.toLocaleString('en')} root-owned small files (${date}; ${machine()}; median of ${runs})\n`,
  );
  console.log(table(resetRows));
  console.log(
    `\n## snapshot of ${DATA_MB} MB, half random, half repetitive (${date}; median of ${runs})\n`,
  );
  console.log(table(snapRows));
} finally {
  spawnSync('docker', ['rm', '-f', 'benchdata-db-1'], { stdio: 'ignore' });
  spawnSync('docker', ['network', 'rm', 'benchdata_default'], { stdio: 'ignore' });
  rmSync(root, { recursive: true, force: true });
}
