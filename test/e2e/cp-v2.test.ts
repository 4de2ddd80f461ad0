/** `cp` both ways, compared with Compose v2's copies of the same files. */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, runComposeV2, SLEEPER, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

/** Every file under `dir` with its text, `name/` for folders. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory()
        ? [`${prefix}${name}/`, ...tree(full, `${prefix}${name}/`)]
        : [`${prefix}${name}=${readFileSync(full, 'utf8')}`];
    });
}

describe('cp as Compose v2 does it', () => {
  it('copies out and in with the same results as v2, to every replica', async () => {
    const p = testProject(
      'cp',
      {
        'compose.yaml': `services:\n  web:\n${SLEEPER}    scale: 2\n`,
        'in/conf/app.ini': 'x=1',
        'in/one.txt': 'one',
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const setup = 'mkdir -p /srv/logs && echo A > /srv/logs/a.log && echo C > /srv/conf';
    for (const n of ['1', '2']) await p.run(['exec', '--index', n, '-T', 'web', 'sh', '-c', setup]);

    const results: Record<string, string[]> = {};
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : runComposeV2(p.dir, args));
      const out = path.join(p.dir, `out-${tool}`);
      mkdirSync(out);
      mkdirSync(path.join(out, 'flat'));
      for (const [from, to] of [
        ['web:/srv/conf', `out-${tool}`],
        ['web:/srv/conf', `out-${tool}/renamed`],
        ['web:/srv/logs', `out-${tool}`],
        ['web:/srv/logs', `out-${tool}/copy`],
        ['web:/srv/logs/.', `out-${tool}/flat`],
        ['./in/conf', `web:/srv/in-${tool}/`],
        ['./in/one.txt', `web:/srv/in-${tool}/one-renamed.txt`],
      ] as const) {
        if (to.startsWith('web:'))
          await run(['exec', '-T', 'web', 'mkdir', '-p', `/srv/in-${tool}`]);
        if (to.startsWith('web:'))
          await run(['exec', '--index', '2', '-T', 'web', 'mkdir', '-p', `/srv/in-${tool}`]);
        const r = await run(['cp', from, to]);
        expect(r.exitCode, `${tool} cp ${from} ${to}: ${r.stderr}`).toBe(0);
      }
      const inside = await run([
        'exec',
        '--index',
        '2',
        '-T',
        'web',
        'sh',
        '-c',
        `cd /srv/in-${tool} && find . -type f | sort | xargs cat`,
      ]);
      results[tool] = [...tree(out), `inside: ${inside.stdout.trim().replace(/\n/g, ' ')}`];
      const bad = await run(['cp', 'web:/srv/logs', `out-${tool}/conf`]);
      expect(bad.exitCode, tool).not.toBe(0);
      const missing = await run(['cp', 'web:/nope', `out-${tool}`]);
      expect(missing.exitCode, tool).not.toBe(0);
    }
    expect(results.stager).toEqual([
      'conf=C\n',
      'copy/',
      'copy/a.log=A\n',
      'flat/',
      'flat/a.log=A\n',
      'logs/',
      'logs/a.log=A\n',
      'renamed=C\n',
      'inside: x=1one',
    ]);
    expect(results.v2).toEqual(results.stager);
  });

  it('copies a tar to standard output with -', async () => {
    const p = testProject('cptar', { 'compose.yaml': `services:\n  web:\n${SLEEPER}` }, cleanups);
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const r = await p.run(['cp', 'web:/etc/hostname', '-']);
    expect(r.exitCode).toBe(0);
    writeFileSync(path.join(p.dir, 'x.tar'), r.stdout);
    expect(r.stdout.slice(0, 8)).toBe('hostname');
  });
});
