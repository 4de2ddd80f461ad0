/**
 * Faults in the middle of a command never lose data and never leave a state the next command
 * cannot converge from: Ctrl-C at random points of `up -d --wait`, and the engine restarted
 * while `up` waits.
 */
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  cleanupAfterEach,
  SLEEPER,
  docker,
  ENGINE,
  projectResources,
  testProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const HEALTHY = (after: string) => `
${SLEEPER}    healthcheck:
      test: ["CMD", "true"]
      interval: ${after}
      retries: 3`;

// Two levels: the dependent starts only once its dependency is healthy.
const STACK = `services:
  db:${HEALTHY('100ms')}
  web:
${SLEEPER}    depends_on:
      db: { condition: service_healthy }
`;

/** A small deterministic generator: a failure names its seed and is replayed exactly. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const noStackTrace = /\bat .*\.js:\d+/;

describe('Ctrl-C during up -d --wait', () => {
  it('at 20 random points: exit 130 or 0, no container left created-but-not-started, and the next up converges', async () => {
    const p = testProject('ctrlc', { 'compose.yaml': STACK }, cleanups);
    const started = Date.now();
    const cold = await p.run(['up', '-d', '--wait']);
    expect(cold.exitCode, cold.stderr).toBe(0);
    const span = Date.now() - started;
    const seed = Number(process.env.STAGER_FAULT_SEED ?? Date.now() % 100_000);
    const next = random(seed);
    for (let i = 0; i < 20; i += 1) {
      // Half the runs start from nothing, half from a stopped project.
      expect((await p.run([i % 2 ? 'stop' : 'down'])).exitCode).toBe(0);
      const delay = Math.round(next() * span);
      const context = `seed ${seed}, run ${i}, SIGINT after ${delay} ms`;
      const child = execa(process.execPath, [BIN, 'up', '-d', '--wait'], {
        cwd: p.dir,
        env: { NO_COLOR: '1' },
        reject: false,
      });
      await sleep(delay);
      child.kill('SIGINT');
      const cut = await child;
      // Before it changes anything, stager may still die of the signal as any process does.
      const ended = cut.signal === 'SIGINT' ? 130 : cut.exitCode;
      expect([0, 130], `${context}: ${cut.stderr}`).toContain(ended);
      expect(cut.stderr, context).not.toMatch(noStackTrace);
      if (cut.exitCode === 130) expect(cut.stderr, context).toMatch(/^error: interrupted/m);
      const created = await docker([
        'ps',
        '-aq',
        '--filter',
        `label=com.docker.compose.project=${p.name}`,
        '--filter',
        'status=created',
      ]);
      expect(created, `${context}: containers created and never started`).toBe('');
      const again = await p.run(['up', '-d', '--wait']);
      expect(again.exitCode, `${context}: ${again.stderr}`).toBe(0);
      expect(await projectResources('running', p.name), context).toHaveLength(2);
      expect(await projectResources('networks', p.name), context).toHaveLength(1);
    }
  }, 300_000);
});

/** Stops the engine under test with SIGTERM, as a service manager restarting it would, and starts it again. */
async function restartEngine(): Promise<void> {
  const runDir = process.env.STAGER_RUN_DIR ?? '/run/stager';
  const pid = Number(readFileSync(`${runDir}/engine-${ENGINE.name}.pid`, 'utf8'));
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 600; i += 1) {
    try {
      process.kill(pid, 0);
    } catch {
      break;
    }
    await sleep(100);
  }
  const script = new URL('../../scripts/dev-engine.sh', import.meta.url).pathname;
  await execa('bash', [script], { stdio: 'ignore' });
}

// Only an engine the tests started may be restarted by them, and only as root.
const restartable = ENGINE.owned && process.getuid?.() === 0;

describe.runIf(restartable)('the engine restarts during up', () => {
  it('ends up with one line and a non-zero exit, and the next up converges', async () => {
    const p = testProject(
      'restart',
      {
        'compose.yaml': `services:
  db:
${SLEEPER}    healthcheck:
      # Healthy only after a few seconds: the engine restarts while up waits.
      test: ["CMD-SHELL", "[ $$(($$(date +%s) - $$(stat -c %Y /proc/1))) -ge 4 ]"]
      interval: 500ms
      retries: 100
  web:
${SLEEPER}    depends_on:
      db: { condition: service_healthy }
`,
      },
      cleanups,
    );
    const child = execa(process.execPath, [BIN, 'up', '-d', '--wait'], {
      cwd: p.dir,
      env: { NO_COLOR: '1' },
      reject: false,
    });
    await sleep(1500);
    await restartEngine();
    const cut = await child;
    expect(cut.exitCode, cut.stderr).not.toBe(0);
    expect(cut.stderr).not.toMatch(noStackTrace);
    const errors = cut.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors, cut.stderr).toHaveLength(1);
    expect(errors[0]).not.toMatch(/this is a bug/);
    const again = await p.run(['up', '-d', '--wait']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(await projectResources('running', p.name)).toHaveLength(2);
  });
});
