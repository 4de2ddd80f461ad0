/** A service name the project does not define: one rule for every command, in Compose v2's words. */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, runComposeV2, SLEEPER, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

describe('an unknown service', () => {
  it('is refused by every command with "no such service", as Compose v2 refuses it', async () => {
    const p = testProject('nosvc', { 'compose.yaml': `services:\n  web:\n${SLEEPER}` }, cleanups);
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    for (const args of [
      ['ps', 'wbe'],
      ['logs', 'wbe'],
      ['stop', 'wbe'],
      ['start', 'wbe'],
      ['restart', 'wbe'],
      ['top', 'wbe'],
      ['exec', '-T', 'wbe', 'true'],
      ['port', 'wbe', '80'],
      ['up', '-d', 'wbe'],
      ['pull', 'wbe'],
    ]) {
      const ours = await p.run(args);
      expect(ours.exitCode, `${args.join(' ')}: ${ours.stderr}`).toBe(2);
      expect(ours.stderr).toContain('no such service: wbe (did you mean "web"?)');
      const theirs = await runComposeV2(p.dir, args);
      if (args[0] === 'top') {
        // v2 prints nothing and exits 0 here: the silent success stager refuses on purpose.
        expect([theirs.exitCode, theirs.stdout]).toEqual([0, '']);
        continue;
      }
      expect(theirs.exitCode, args.join(' ')).not.toBe(0);
      // v2's exec and port look for a running container instead of the name.
      expect(theirs.stderr, args.join(' ')).toContain(
        args[0] === 'exec' || args[0] === 'port'
          ? 'service "wbe" is not running'
          : 'no such service: wbe',
      );
    }
  });
});
