// Rebuild times of an apt-installing Dockerfile with and without BuildKit cache mounts, after a
// source-only change and after a dependency change, built by stager on the same engine in one
// run. Packages come from Debian's mirror; the base image from scripts/debian-image.sh.
// Usage: node bench/cache-mounts.mjs [runs]   (after `npm run build` and scripts/dev-engine.sh)
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, table } from './lib.mjs';

const runs = Number(process.argv[2] ?? 3);
const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '../dist/bin.js');
const BASE = 'stager-bench/debian:bookworm';
const PACKAGES = ['curl', 'git', 'python3'];
const EXTRA = ['jq', 'tree', 'less', 'file', 'bzip2', 'xz-utils', 'zip'];
const tag = Date.now().toString(36);

/** Builds with every step's output, timed; also what apt said it had to download. */
function build(cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, 'build', '--progress', 'plain'], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`stager build failed: ${r.stderr}`);
  const got = /Need to get ([\d.,]+) ([kMG]?B)/.exec(r.stderr);
  const scale = { B: 1e-6, kB: 1e-3, MB: 1, GB: 1e3 };
  const mb = got ? Number(got[1].replace(',', '')) * scale[got[2]] : 0;
  return { ms, mb };
}

const install = 'xargs -a /tmp/packages.txt apt-get install -y --no-install-recommends';
const DOCKERFILES = {
  'without cache mount': [
    `FROM ${BASE}`,
    // A step of this run only, so that no layer of an earlier run is reused.
    `RUN echo ${tag} > /bench-run`,
    'COPY packages.txt /tmp/packages.txt',
    `RUN apt-get update && ${install} && rm -rf /var/lib/apt/lists/*`,
    'COPY src /src',
  ],
  'with cache mount': [
    `FROM ${BASE}`,
    `RUN echo ${tag} > /bench-run`,
    'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
    'COPY packages.txt /tmp/packages.txt',
    // Ids of this run only, so the first build starts from an empty cache.
    `RUN --mount=type=cache,id=bench-${tag}-archives,target=/var/cache/apt,sharing=locked \\`,
    `    --mount=type=cache,id=bench-${tag}-lists,target=/var/lib/apt,sharing=locked \\`,
    `    apt-get update && ${install}`,
    'COPY src /src',
  ],
};

spawnSync('bash', [path.join(here, '../scripts/debian-image.sh'), BASE], { stdio: 'inherit' });
const root = mkdtempSync(path.join(os.tmpdir(), 'stager-bench-cache-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
const images = [];
try {
  for (const [variant, lines] of Object.entries(DOCKERFILES)) {
    const dir = path.join(root, variant.replace(/\W+/g, '-'));
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    const image = `stager-bench-cache-${tag}-${variant.startsWith('with ') ? 'mount' : 'plain'}`;
    images.push(image);
    writeFileSync(
      path.join(dir, 'compose.yaml'),
      `services:\n  app:\n    build: .\n    image: ${image}\n`,
    );
    writeFileSync(path.join(dir, 'Dockerfile'), `${lines.join('\n')}\n`);
    writeFileSync(path.join(dir, 'src/app.py'), 'print("v0")\n');
    const packages = [...PACKAGES];
    writeFileSync(path.join(dir, 'packages.txt'), `${packages.join('\n')}\n`);
    const samples = { 'first build': [build(dir)], 'source change': [], 'dependency change': [] };
    for (let i = 0; i < runs; i++) {
      appendFileSync(path.join(dir, 'src/app.py'), `print("v${i + 1}")\n`);
      samples['source change'].push(build(dir));
      packages.push(EXTRA[i % EXTRA.length]);
      writeFileSync(path.join(dir, 'packages.txt'), `${packages.join('\n')}\n`);
      samples['dependency change'].push(build(dir));
    }
    results[variant] = Object.fromEntries(
      Object.entries(samples).map(([k, v]) => [
        k,
        { ms: median(v.map((x) => x.ms)), mb: median(v.map((x) => x.mb)) },
      ]),
    );
  }
  const rows = [
    ['build after', 'without mount ms', 'with mount ms', 'with ÷ without', 'apt downloaded (MB)'],
  ];
  for (const op of ['first build', 'source change', 'dependency change']) {
    const a = results['without cache mount'][op];
    const b = results['with cache mount'][op];
    const mb = `${a.mb.toFixed(1)} without, ${b.mb.toFixed(1)} with`;
    rows.push([op, a.ms.toFixed(0), b.ms.toFixed(0), (b.ms / a.ms).toFixed(2), mb]);
  }
  console.log(
    `## apt behind a cache mount (${new Date().toISOString().slice(0, 10)}; ${machine()}; median of ${runs})\n`,
  );
  console.log(`Packages: ${PACKAGES.join(', ')}, plus one more per dependency change.\n`);
  console.log(table(rows));
} finally {
  for (const image of images) spawnSync('docker', ['rmi', '-f', image], { stdio: 'ignore' });
  rmSync(root, { recursive: true, force: true });
}
