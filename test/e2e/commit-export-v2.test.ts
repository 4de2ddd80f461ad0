/** `commit` and `export`, checked against Compose v2 doing the same to the same container. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  docker,
  runComposeV2,
  SLEEPER,
  testProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

describe('commit and export as Compose v2 does them', () => {
  it("commit makes an image with the container's changes; export writes its files", async () => {
    const p = testProject(
      'commit',
      { 'compose.yaml': `services:\n  web:\n${SLEEPER}    scale: 2\n` },
      cleanups,
    );
    cleanups.push(async () => {
      await docker(['rmi', '-f', `${p.name}-img:stager`, `${p.name}-img:v2`]).catch(() => '');
    });
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    await p.run(['exec', '--index', '2', '-T', 'web', 'sh', '-c', 'echo two > /marker']);
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : runComposeV2(p.dir, args));
      const made = await run([
        'commit',
        '--index',
        '2',
        '-c',
        'ENV SEEDED=1',
        '-m',
        'seeded',
        'web',
        `${p.name}-img:${tool}`,
      ]);
      expect(made.exitCode, `${tool}: ${made.stderr}`).toBe(0);
      const env = await docker([
        'image',
        'inspect',
        '-f',
        '{{json .Config.Env}} {{.Comment}}',
        `${p.name}-img:${tool}`,
      ]);
      expect(env, tool).toContain('SEEDED=1');
      expect(env, tool).toContain('seeded');
      const tar = path.join(p.dir, `${tool}.tar`);
      const exported = await run(['export', '--index', '2', '-o', tar, 'web']);
      expect(exported.exitCode, `${tool}: ${exported.stderr}`).toBe(0);
      expect(execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).split('\n')).toContain(
        'marker',
      );
    }
    const missing = await p.run(['commit', '--index', '3', 'web']);
    expect(missing.exitCode).toBe(4);
    expect(missing.stderr).toContain('service "web" has no container number 3');
  });
});
