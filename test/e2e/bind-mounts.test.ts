/**
 * Bind mounts as Compose v2 makes them: an existing file is mounted as a file, a missing source
 * becomes a folder (the user's, where v2's engine makes it root's) unless
 * `bind.create_host_path: false` says not to. Compose v2 runs the same project as the witness.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, composeV2, testProject } from '../integration/helpers.js';

const V2 = composeV2();
const cleanups = cleanupAfterEach();

const COMPOSE = `services:
  web:
    image: busybox:1.36
    init: true
    command: ["sleep", "3600"]
    volumes:
      - ./site.conf:/etc/site.conf:ro
      - ./made:/made
`;

describe('bind mounts', () => {
  it('mounts an existing file as a file and makes a missing short-syntax source a folder, in up and run', async () => {
    const p = testProject(
      'bindfile',
      { 'compose.yaml': COMPOSE, 'site.conf': 'listen 80;\n' },
      cleanups,
    );
    const up = await p.run(['up', '-d']);
    expect(up.exitCode, up.stderr).toBe(0);
    const cat = await p.run(['exec', '-T', 'web', 'cat', '/etc/site.conf']);
    expect(cat.stdout).toBe('listen 80;\n');
    expect(statSync(path.join(p.dir, 'made')).isDirectory()).toBe(true);
    expect(readFileSync(path.join(p.dir, 'site.conf'), 'utf8')).toBe('listen 80;\n');
    const run = await p.run(['run', '--rm', '--no-deps', 'web', 'cat', '/etc/site.conf']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe('listen 80;\n');
  });

  it('creates a missing long-syntax source as v2 does, but as the user, and refuses it with create_host_path: false', async () => {
    const long = (create: boolean) => `services:
  web:
    image: busybox:1.36
    init: true
    command: ["sleep", "3600"]
    volumes:
      - type: bind
        source: ./absent
        target: /absent
${create ? '' : '        bind: {create_host_path: false}\n'}`;
    const p = testProject('bindlong', { 'compose.yaml': long(false) }, cleanups);
    const absent = path.join(p.dir, 'absent');
    const theirs = await execa(V2, ['up', '-d'], { cwd: p.dir, reject: false });
    await execa(V2, ['down'], { cwd: p.dir, reject: false });
    expect(theirs.exitCode).not.toBe(0);
    const ours = await p.run(['up', '-d']);
    expect(ours.exitCode).not.toBe(0);
    const error = ours.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(error).toEqual([expect.stringContaining(`bind source path does not exist: ${absent}`)]);
    expect(existsSync(absent)).toBe(false);

    writeFileSync(path.join(p.dir, 'compose.yaml'), long(true));
    const v2made = await execa(V2, ['up', '-d'], { cwd: p.dir, reject: false });
    expect(v2made.exitCode, v2made.stderr).toBe(0);
    await execa(V2, ['down'], { cwd: p.dir });
    expect(statSync(absent).isDirectory()).toBe(true);
    rmSync(absent, { recursive: true });
    const created = await p.run(['up', '-d']);
    expect(created.exitCode, created.stderr).toBe(0);
    expect(statSync(absent).isDirectory()).toBe(true);
    expect(statSync(absent).uid).toBe(process.getuid!());
  });
});
