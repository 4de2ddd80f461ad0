/** `stats` and `attach`, compared with Compose v2 on the same project. */
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

describe('stats and attach as Compose v2 does them', () => {
  it('stats --no-stream: the same containers, columns and JSON keys as v2', async () => {
    const p = testProject(
      'stats',
      { 'compose.yaml': `services:\n  web:\n${SLEEPER}    scale: 2\n` },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    // Each --no-stream samples twice, about two seconds: the eight reads run at once.
    const asked = [
      ['stats', '--no-stream', '--format', '{{.Name}} {{.PIDs}}'],
      ['stats', '--no-stream', '--format', 'table {{.Name}}\\t{{.PIDs}}'],
      ['stats', '--no-stream'],
      ['stats', '--no-stream', '--format', 'json'],
    ];
    const [ours, theirs] = await Promise.all([
      Promise.all(asked.map((args) => p.run(args))),
      Promise.all(asked.map((args) => runComposeV2(p.dir, args))),
    ]);
    const sorted = (t: string) => t.trim().split('\n').sort();
    for (const i of [0, 1]) {
      expect(ours[i]!.exitCode, ours[i]!.stderr).toBe(0);
      expect(sorted(ours[i]!.stdout)).toEqual(sorted(theirs[i]!.stdout));
    }
    const [table, v2Table] = [ours[2]!, theirs[2]!];
    expect(table.stdout.split('\n')[0]!.split(/\s{2,}/)).toEqual(
      v2Table.stdout.split('\n')[0]!.split(/\s{2,}/),
    );
    const keys = (t: string) => Object.keys(JSON.parse(t.trim().split('\n')[0]!) as object).sort();
    const [json, v2Json] = [ours[3]!, theirs[3]!];
    expect(keys(json.stdout)).toEqual(keys(v2Json.stdout));
  });

  it("attach shows the main process's output and sends Ctrl-C on to it", async () => {
    const p = testProject(
      'attach',
      {
        'compose.yaml': `services:
  web:
    image: busybox:1.36
    command: ["sh", "-c", "trap 'echo bye; exit 3' INT; while true; do echo tick; sleep 0.2; done"]
`,
      },
      cleanups,
    );
    for (const tool of ['stager', 'v2'] as const) {
      expect((await p.run(['up', '-d', '--force-recreate'])).exitCode).toBe(0);
      const attached =
        tool === 'stager'
          ? execa('node', [BIN, 'attach', '--no-stdin', 'web'], { cwd: p.dir, reject: false })
          : execa(composeV2(), ['attach', '--no-stdin', 'web'], { cwd: p.dir, reject: false });
      await new Promise((r) => setTimeout(r, 1500));
      attached.kill('SIGINT');
      const r = await attached;
      expect(r.stdout, tool).toContain('tick');
      expect(r.stdout, tool).toContain('bye');
      // The container exits 3; the attach that Ctrl-C ended says 130, as v2.
      expect(r.exitCode, `${tool}: ${r.stderr}`).toBe(130);
    }
  });
});
