/** `images` and `events`, compared with Compose v2 on the same project. */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  cleanupAfterEach,
  composeV2,
  runComposeV2,
  SLEEPER,
  testProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

describe('images and events as Compose v2 prints them', () => {
  it('images: the same table, JSON and ids as v2', async () => {
    const p = testProject(
      'images',
      {
        'compose.yaml': `services:\n  web:\n${SLEEPER}  job:\n    image: busybox:1.36\n    command: ["true"]\n`,
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const both = async (args: string[]) => {
      const [ours, theirs] = [await p.run(args), await runComposeV2(p.dir, args)];
      expect(ours.exitCode, ours.stderr).toBe(theirs.exitCode);
      return [ours.stdout.replace(/\n$/, ''), theirs.stdout] as const;
    };
    const [table, v2Table] = await both(['images']);
    // The two tools read the clock a moment apart: an age may cross a boundary between them.
    const created = (t: string) =>
      t.replace(/(Less than a second|About an? \w+|\d+ \w+) ago|N\/A/g, 'T').replace(/ +$/gm, '');
    expect(created(table)).toBe(created(v2Table));
    const [json, v2Json] = await both(['images', '--format', 'json', 'web']);
    const strip = (t: string) =>
      (JSON.parse(t) as Record<string, unknown>[]).map(
        ({ LastTagTime: _time, Created: _created, ...rest }) => rest,
      );
    expect(strip(json)).toEqual(strip(v2Json));
    const [ids, v2Ids] = await both(['images', '-q']);
    expect(ids).toBe(v2Ids);
  });

  it('events --json: the same objects as v2 for a restart', async () => {
    const p = testProject('events', { 'compose.yaml': `services:\n  web:\n${SLEEPER}` }, cleanups);
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const watch = (tool: 'stager' | 'v2') =>
      tool === 'stager'
        ? execa('node', [BIN, 'events', '--json'], { cwd: p.dir, reject: false })
        : execa(composeV2(), ['events', '--json'], { cwd: p.dir, reject: false });
    const ours = watch('stager');
    const theirs = watch('v2');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await p.run(['restart', '-t', '0'])).exitCode).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    ours.kill('SIGINT');
    theirs.kill('SIGINT');
    const lines = async (run: typeof ours) =>
      (await run).stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const e = JSON.parse(l) as {
            action: string;
            service: string;
            type: string;
            attributes: object;
          };
          return `${e.type} ${e.service} ${e.action} ${Object.keys(e.attributes).sort().join(',')}`;
        });
    const [mine, v2s] = [await lines(ours), await lines(theirs)];
    expect(mine.some((l) => l.startsWith('container web start'))).toBe(true);
    expect(mine).toEqual(v2s);
  });
});
