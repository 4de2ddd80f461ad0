/**
 * The tarball `npm pack` makes installs on a machine with no registry (its dependencies travel
 * in it) and works as `stager`: commands, templates and completion.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(path.join(os.tmpdir(), 'stager-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm tarball', () => {
  it('installs offline with npm install -g and runs as stager, with templates and completion', async () => {
    // dist/ is built before the tests: packing must not rebuild it under the other test files.
    const pack = await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', work], {
      cwd: repo,
    });
    const tarball = path.join(work, pack.stdout.trim().split('\n').pop()!);
    const prefix = path.join(work, 'prefix');
    const install = await execa(
      'npm',
      ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball],
      { reject: false },
    );
    expect(install.exitCode, install.stderr).toBe(0);
    const stager = path.join(prefix, 'bin', 'stager');
    const run = (args: string[], cwd = work) => execa(stager, args, { cwd, reject: false });
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const app = path.join(work, 'app');
    const init = await run(['init', '-t', 'hello', app]);
    expect(init.exitCode, init.stderr).toBe(0);
    const config = await run(['config', '--services'], app);
    expect(config.stdout.trim().split('\n').sort()).toEqual(['db', 'web']);
    const ps = await run(['-p', 'stager-install-probe', 'ps']);
    expect(ps.exitCode, ps.stderr).toBe(0);
    expect(ps.stdout).toMatch(/^NAME\s+IMAGE/);
    const script = await run(['completion', 'bash']);
    expect(script.stdout).toContain('complete -o default -F _stager stager');
    // What the script calls on TAB, answered by the installed stager.
    const offered = await run(['__complete', 'up', 'w'], app);
    expect(offered.stdout.trim()).toBe('web');
  }, 180_000);
});
