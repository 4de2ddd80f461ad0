import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockBusy, lockProject } from '../../../src/cli/project-lock.js';

const project = () => `locktest-${randomBytes(4).toString('hex')}`;
const take = (name: string, wait = true, onWait = () => {}) =>
  lockProject({
    endpoint: 'unix:///test.sock',
    project: name,
    command: 'stager up',
    wait,
    onWait,
    pollMs: 10,
  });

describe('the project lock', () => {
  it('makes a second command wait, says for whom, and lets it in once released', async () => {
    const name = project();
    const first = await take(name);
    const waited: string[] = [];
    let second = false;
    const pending = take(name, true, () => waited.push('waiting')).then((lock) => {
      second = true;
      return lock;
    });
    await new Promise((r) => setTimeout(r, 80));
    expect(second).toBe(false);
    expect(waited).toEqual(['waiting']);
    first.release();
    (await pending).release();
    expect(second).toBe(true);
  });

  it('fails at once when asked not to wait', async () => {
    const name = project();
    const first = await take(name);
    await expect(take(name, false)).rejects.toBeInstanceOf(LockBusy);
    first.release();
  });

  it('takes over the lock of a process that is gone', async () => {
    const name = project();
    const dir = path.join(os.tmpdir(), 'stager-locks');
    const first = await take(name);
    const file = readdirSync(dir).find((f) => f.startsWith(`${name}-`))!;
    first.release();
    expect(readdirSync(dir)).not.toContain(file);
    // A holder that died without releasing: a pid above the kernel's limit.
    writeFileSync(
      path.join(dir, file),
      JSON.stringify({ pid: 2 ** 22 + 1, host: os.hostname(), command: 'stager up' }),
    );
    const lock = await take(name, false);
    lock.release();
  });
});
