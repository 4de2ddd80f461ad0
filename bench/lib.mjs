// Shared by the benchmarks: time whole commands, several runs each, report medians and ratios.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function timeCommand(argv, { cwd, runs = 15, warmup = 2, env } = {}) {
  const samples = [];
  for (let i = 0; i < warmup + runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
    if (i >= warmup) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return {
    median: samples[Math.floor(samples.length / 2)],
    min: samples[0],
    max: samples.at(-1),
    runs,
  };
}

export function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${os.type()} ${os.release()}`;
}

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [
    line(rows[0]),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

/**
 * The engines scripts/dev-engine.sh started (or those STAGER_BENCH_ENGINES names: 20, 28 or an
 * endpoint) with their versions, and the Compose v2 binary it unpacked.
 */
export function engines() {
  const file = `${process.env.STAGER_STATE_DIR ?? '/var/lib/stager-dev'}/engines.env`;
  const settings = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const list = (process.env.STAGER_BENCH_ENGINES ?? '28 20')
    .split(/\s+/)
    .filter(Boolean)
    .map((name) => {
      const host = settings[`STAGER_ENGINE_${name}_HOST`] ?? name;
      const r = spawnSync(
        'docker',
        ['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}}'],
        { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`engine ${name} (${host}) does not answer: ${r.stderr}`);
      const [version, apiVersion] = r.stdout.trim().split(' ');
      return { name, host, version, apiVersion, api: Number(apiVersion) };
    });
  return { list, composeV2: settings.STAGER_COMPOSE_V2, settings };
}
