/** `stager port` against `docker compose port` on the same running project. */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, runComposeV2, SLEEPER, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

describe('stager port', () => {
  it('prints the binding Compose v2 prints, per replica and protocol, and fails where v2 fails', async () => {
    const p = testProject(
      'port',
      {
        'compose.yaml': `services:
  web:
${SLEEPER}    ports: ["127.0.0.1::80", "127.0.0.1::53/udp"]
    scale: 2
`,
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const v2 = (args: string[]) => runComposeV2(p.dir, args);
    for (const args of [
      ['port', 'web', '80'],
      ['port', '--index', '2', 'web', '80'],
      ['port', '--protocol', 'udp', 'web', '53'],
    ]) {
      const [ours, theirs] = [await p.run(args), await v2(args)];
      expect(ours.exitCode, ours.stderr).toBe(0);
      expect(ours.stdout, args.join(' ')).toBe(`${theirs.stdout}\n`);
      expect(ours.stdout).toMatch(/^127\.0\.0\.1:\d+\n$/);
    }
    // v2 exits 1 for both; stager says 4 for a container that is not there, as exec does.
    for (const [args, code] of [
      [['port', 'web', '81'], 1],
      [['port', '--index', '3', 'web', '80'], 4],
    ] as const) {
      const [ours, theirs] = [await p.run([...args]), await v2([...args])];
      expect(theirs.exitCode).toBe(1);
      expect(ours.exitCode, args.join(' ')).toBe(code);
    }
  });
});
