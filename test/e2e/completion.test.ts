import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, projectDir, stager } from '../integration/helpers.js';

const COMPOSE = `services:
  web: {image: busybox:1.36}
  worker: {image: busybox:1.36}
x-stager:
  tasks:
    shell: {service: web, command: sh}
    seed: {run: "true", on: host}
`;

let p: { dir: string; cleanup: () => void };
let bin: string;
beforeAll(() => {
  p = projectDir('completion', { 'compose.yaml': COMPOSE });
  bin = mkdtempSync(path.join(os.tmpdir(), 'stager-bin-'));
  writeFileSync(path.join(bin, 'stager'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(path.join(bin, 'stager'), 0o755);
});
afterAll(() => {
  p.cleanup();
  rmSync(bin, { recursive: true, force: true });
});

const complete = async (...words: string[]) =>
  (await stager(['__complete', ...words], { cwd: p.dir })).stdout.split('\n').filter(Boolean);

describe('shell completion', () => {
  it('offers commands and the project tasks, then services, options and subcommands', async () => {
    expect(await complete('s')).toEqual([
      'scale',
      'seed',
      'shell',
      'snapshot',
      'start',
      'stats',
      'stop',
    ]);
    expect(await complete('logs', '-f', '')).toEqual(['web', 'worker']);
    expect(await complete('-p', 'demo', 'up', 'w')).toEqual(['web', 'worker']);
    expect(await complete('up', '--no-d')).toEqual(['--no-deps']);
    expect(await complete('snapshot', '')).toEqual(['ls', 'restore', 'rm', 'save']);
    expect(await complete('completion', '')).toEqual(['bash', 'fish', 'zsh']);
  });

  it('completes in bash through the script it prints', async () => {
    const script = [
      'source <(stager completion bash)',
      'COMP_WORDS=(stager exec w); COMP_CWORD=2; _stager; echo "${COMPREPLY[*]}"',
    ].join('\n');
    const r = await execa('bash', ['-c', script], {
      cwd: p.dir,
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    expect(r.stdout).toBe('web worker');
  });

  it('prints zsh and fish scripts that call back into stager, and refuses other shells', async () => {
    expect((await stager(['completion', 'zsh'])).stdout).toMatch(
      /^#compdef stager\n[\s\S]*stager __complete/,
    );
    expect((await stager(['completion', 'fish'])).stdout).toMatch(
      /complete -c stager -f -a '\(stager __complete/,
    );
    const bad = await stager(['completion', 'tcsh']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/use bash, zsh or fish/);
  });
});
