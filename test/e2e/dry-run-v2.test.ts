/** The global --dry-run: says what would change and changes nothing, as Compose v2's. */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
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

describe('--dry-run as Compose v2 does it', () => {
  it('up, stop, down and reset change nothing, with either tool; host-side commands are refused', async () => {
    const p = testProject(
      'dryrun',
      {
        'compose.yaml': `services:\n  web:\n${SLEEPER}  db:\n${SLEEPER}    volumes: ["./data:/data"]\n`,
      },
      cleanups,
    );
    const containers = () =>
      docker([
        'ps',
        '-a',
        '--format',
        '{{.Names}} {{.State}}',
        '--filter',
        `label=com.docker.compose.project=${p.name}`,
      ]).then((out) => out.split('\n').filter(Boolean).sort());
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : runComposeV2(p.dir, args));
      const up = await run(['--dry-run', 'up', '-d']);
      expect(up.exitCode, `${tool}: ${up.stderr}`).toBe(0);
      expect(await containers(), tool).toEqual([]);
    }
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const running = await containers();
    expect(running).toHaveLength(2);
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : runComposeV2(p.dir, args));
      for (const verb of [['stop'], ['down', '-v'], ['restart']]) {
        const r = await run(['--dry-run', ...verb]);
        expect(r.exitCode, `${tool} ${verb.join(' ')}: ${r.stderr}`).toBe(0);
        expect(await containers(), `${tool} ${verb.join(' ')}`).toEqual(running);
      }
    }
    const said = await p.run(['--dry-run', 'down']);
    expect(said.stderr).toContain(`dry run: would remove container ${p.name}-web-1`);

    mkdirSync(path.join(p.dir, 'data'), { recursive: true });
    writeFileSync(path.join(p.dir, 'data', 'kept'), 'x');
    const reset = await p.run(['--dry-run', 'reset', '--bind-mounts', '--yes']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(existsSync(path.join(p.dir, 'data', 'kept'))).toBe(true);
    const refused = await p.run(['--dry-run', 'exec', 'web', 'true']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--dry-run: `exec` cannot be run dry');
  });
});
