import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { docker } from '../integration/helpers.js';
import { nonRootProjects, treeState } from '../integration/non-root.js';

const nonRoot = nonRootProjects();
const project = (prefix: string, files: Record<string, string>) => nonRoot.project(prefix, files);

const DB = `services:
  db:
    image: busybox:1.36
    init: true
    # Like MySQL: root inside the container writes files the host user cannot delete.
    command: ["sh", "-c", "ls -A /var/lib/mysql | wc -l > /tmp/files-at-start && mkdir -p /var/lib/mysql/ibdata && echo rows > /var/lib/mysql/ibdata/t1 && echo log > /var/lib/mysql/.hidden && chmod -R go-rwx /var/lib/mysql/ibdata && touch /var/lib/mysql/ready && exec sleep 3600"]
    volumes: ["./data/db:/var/lib/mysql"]
    healthcheck: {test: ["CMD", "test", "-f", "/var/lib/mysql/ready"], interval: 1s, retries: 30}
  app:
    image: busybox:1.36
    init: true
    command: ["sleep", "3600"]
    volumes: ["./data/uploads:/uploads", "./src:/src:ro"]
    depends_on: {db: {condition: service_healthy}}
`;

describe('stager reset --bind-mounts (as a non-root user)', () => {
  it('deletes root-owned data through a helper container, leaves every other file as it was, brings the service back', async () => {
    const p = project('reset', {
      'compose.yaml': DB,
      'src/main.py': 'print("hi")\n',
      'data/uploads/photo.jpg': 'jpeg bytes\n',
      'notes.md': '# keep me\n',
    });
    const up = await p.run(['up', '-d', '--wait']);
    expect(up.exitCode, up.stderr).toBe(0);
    const dbDir = path.join(p.dir, 'data/db');
    expect(statSync(path.join(dbDir, 'ibdata')).uid).toBe(0);
    expect(nonRoot.user.uid).not.toBe(0);
    await docker(['exec', `${p.name}-db-1`, 'touch', '/var/lib/mysql/marker']);
    const before = await treeState(p.dir, [dbDir]);

    const dry = await p.run(['reset', '--bind-mounts', '--dry-run', 'db']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/folder\s+\.\/data\/db\s+db\s+\d+\+?\s/);
    expect(dry.stdout).toMatch(/would empty 1 folder .*; stops db/);
    expect(existsSync(path.join(dbDir, 'ibdata'))).toBe(true);

    const noYes = await p.run(['reset', '--bind-mounts', 'db']);
    expect(noYes.exitCode).toBe(2);
    expect(noYes.stderr).toMatch(/pass --yes/);

    const reset = await p.run(['reset', '--bind-mounts', '--yes', 'db']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.stderr).toMatch(/Folder .*data\/db\s+Emptied \(by a helper container\)/);
    expect(reset.stdout).toMatch(/started db again/);
    expect(await treeState(p.dir, [dbDir])).toEqual(before);

    // The service came back and wrote into an empty folder of its own.
    const state = await docker(['inspect', '-f', '{{.State.Running}}', `${p.name}-db-1`]);
    expect(state).toBe('true');
    expect(readdirSync(dbDir).sort()).toEqual(['.hidden', 'ibdata', 'ready']);
    // It found its folder empty: the marker written before the reset is gone.
    expect(await docker(['exec', `${p.name}-db-1`, 'cat', '/tmp/files-at-start'])).toBe('0');
    expect(existsSync(path.join(dbDir, 'marker'))).toBe(false);
    // No helper container is left behind.
    expect(await docker(['ps', '-aq', '--filter', 'label=dev.stager.helper'])).toBe('');
  });

  it('removes symlinks in the data folder and never what they point to', async () => {
    const outside = path.join(os.tmpdir(), `stager-kept-${Date.now()}`);
    mkdirSync(path.join(outside, 'dir'), { recursive: true });
    writeFileSync(path.join(outside, 'dir', 'precious'), 'keep\n');
    writeFileSync(path.join(outside, 'file'), 'keep\n');
    nonRoot.cleanups.push(async () => {
      await execa('rm', ['-rf', outside]);
    });
    const p = project('resetlinks', {
      'compose.yaml':
        'services:\n  db:\n    image: busybox:1.36\n    volumes: ["./data/db:/data"]\n',
      'data/db/table': 'rows\n',
    });
    symlinkSync(path.join(outside, 'dir'), path.join(p.dir, 'data/db/to-dir'));
    symlinkSync(path.join(outside, 'file'), path.join(p.dir, 'data/db/to-file'));
    // As the engine sees it too: a link root made inside the folder, emptied by the helper.
    await docker([
      'run',
      '--rm',
      '-v',
      `${p.dir}/data/db:/d`,
      'busybox:1.36',
      'sh',
      '-c',
      `mkdir /d/rootdir && ln -s ${outside}/dir /d/rootdir/link`,
    ]);
    const r = await p.run(['reset', '--bind-mounts', '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readdirSync(path.join(p.dir, 'data/db'))).toEqual([]);
    expect(readFileSync(path.join(outside, 'dir', 'precious'), 'utf8')).toBe('keep\n');
    expect(readFileSync(path.join(outside, 'file'), 'utf8')).toBe('keep\n');
  });

  it('runs its helper from --helper-image, and says which image it could not get', async () => {
    const helper = 'stager-test/helper:1';
    await docker(['tag', 'busybox:1.36', helper]);
    nonRoot.cleanups.push(async () => {
      await execa('docker', ['rmi', helper], { reject: false });
    });
    const p = project('resethelper', {
      'compose.yaml':
        'services:\n  db:\n    image: busybox:1.36\n    volumes: ["./data/db:/data"]\n',
    });
    await docker(['run', '--rm', '-v', `${p.dir}/data/db:/d`, 'busybox:1.36', 'touch', '/d/rows']);
    const since = Math.floor(Date.now() / 1000) - 1;
    const reset = await p.run(['reset', '--bind-mounts', '--yes', '--helper-image', helper]);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(readdirSync(path.join(p.dir, 'data/db'))).toEqual([]);
    const helpers = await docker([
      'events',
      '--since',
      String(since),
      '--until',
      String(Math.floor(Date.now() / 1000) + 1),
      '--filter',
      'event=create',
      '--filter',
      `label=dev.stager.helper.project=${p.name}`,
      '--format',
      '{{.From}}',
    ]);
    expect(new Set(helpers.split('\n').filter(Boolean))).toEqual(new Set([helper]));

    await docker(['run', '--rm', '-v', `${p.dir}/data/db:/d`, 'busybox:1.36', 'touch', '/d/rows']);
    const missing = await p.run([
      'reset',
      '--bind-mounts',
      '--yes',
      '--helper-image',
      'stager-test/absent:0',
    ]);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr.trim().split('\n').at(-1)).toMatch(/stager-test\/absent:0/);
    expect(readdirSync(path.join(p.dir, 'data/db'))).toEqual(['rows']);
  });

  it('removes the named volumes of the services with --volumes, and up recreates them empty', async () => {
    const p = project('resetvol', {
      'compose.yaml': `services:
  cache:
    image: busybox:1.36
    init: true
    command: ["sh", "-c", "ls /data > /tmp/seen; mv /tmp/seen /data/seen-at-start; echo hot > /data/entry; exec sleep 3600"]
    volumes: [store:/data]
volumes:
  store: {}
`,
    });
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const read = () => docker(['exec', `${p.name}-cache-1`, 'cat', '/data/seen-at-start']);
    await expect.poll(read).toBe('');
    expect((await p.run(['restart', 'cache'])).exitCode).toBe(0);
    await expect.poll(read).toMatch(/entry/);
    const r = await p.run(['reset', '--volumes', '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`Volume ${p.name}_store\\s+Removed`));
    await expect.poll(read).toBe('');
  });

  it('refuses mounts of /, $HOME, .., a symlink out of the project, a :ro mount and the project itself', async () => {
    const outside = path.join(os.tmpdir(), `stager-outside-${Date.now()}`);
    const p = project('refuse', {
      'compose.yaml': `services:
  root: {image: busybox:1.36, volumes: ["/:/host"]}
  home: {image: busybox:1.36, volumes: ["\${HOME}:/home"]}
  parent: {image: busybox:1.36, volumes: ["..:/parent"]}
  link: {image: busybox:1.36, volumes: ["./linked:/linked"]}
  ro: {image: busybox:1.36, volumes: ["./config:/config:ro"]}
  self: {image: busybox:1.36, volumes: [".:/src"]}
`,
      'config/app.ini': 'x=1\n',
    });
    mkdirSync(outside, { recursive: true });
    nonRoot.cleanups.push(async () => {
      await execa('rm', ['-rf', outside]);
    });
    symlinkSync(outside, path.join(p.dir, 'linked'));
    const expected: Record<string, RegExp> = {
      root: /nothing to reset: \/ \(outside the project\)/,
      home: new RegExp(`nothing to reset: ${nonRoot.user.home} \\(outside the project\\)`),
      parent: /nothing to reset: \/\S+ \(outside the project\)/,
      link: /nothing to reset: \.\/linked \(a symlink out of the project\)/,
      ro: /nothing to reset: \.\/config \(read-only\)/,
      self: /nothing to reset: \. \(the project folder itself\)/,
    };
    for (const [service, message] of Object.entries(expected)) {
      const r = await p.run(['reset', '--bind-mounts', '--yes', service]);
      expect(r.exitCode, `${service}: ${r.stderr}`).toBe(2);
      expect(r.stderr, service).toMatch(message);
    }
    expect(readFileSync(path.join(p.dir, 'config/app.ini'), 'utf8')).toBe('x=1\n');
  });
});
