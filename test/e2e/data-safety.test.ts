/**
 * Data the user did not name is never lost: a volume another project made survives this
 * project's `reset --volumes` and `down -v`, and `up` warns about it as Compose v2 does; the
 * engine's "already started" is success, so an `up` racing another converges.
 */
import {
  cpSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { connectDocker } from '../../src/engine/docker/index.js';
import { stallingProxy } from '../integration/proxies.js';
import { parseHost } from '../../src/engine/endpoint.js';
import {
  BIN,
  cleanupAfterEach,
  SLEEPER,
  composeV2,
  docker,
  ENGINE,
  projectResources,
  testProject,
} from '../integration/helpers.js';

const V2 = composeV2();
const cleanups = cleanupAfterEach();

const sharing = (volume: string) => `services:
  app:
${SLEEPER}    volumes: ["data:/data"]
volumes:
  data:
    name: ${volume}
`;

describe('whose volume it is', () => {
  it('leaves a volume another project made to it, through reset --volumes and down -v, and warns as v2 does', async () => {
    const owner = testProject('volowner', { 'compose.yaml': sharing('placeholder') }, cleanups);
    const volume = `${owner.name}_shared`;
    cleanups.push(async () => {
      await execa('docker', ['volume', 'rm', '-f', volume], { reject: false });
    });
    const other = testProject('volother', { 'compose.yaml': sharing(volume) }, cleanups);
    await execa('docker', [
      'volume',
      'create',
      '--label',
      `com.docker.compose.project=${owner.name}`,
      '--label',
      'com.docker.compose.volume=data',
      volume,
    ]);
    await docker([
      'run',
      '--rm',
      '-v',
      `${volume}:/d`,
      'busybox:1.36',
      'sh',
      '-c',
      'echo keep > /d/f',
    ]);

    const theirs = await execa(V2, ['up', '-d'], { cwd: other.dir, reject: false, all: true });
    await execa(V2, ['down'], { cwd: other.dir, reject: false });
    const warning = `volume "${volume}" already exists but was created for project "${owner.name}" (expected "${other.name}")`;
    // v2 logs through logrus, which escapes the quotes.
    expect(theirs.all.replaceAll('\\"', '"')).toContain(warning);

    const up = await other.run(['up', '-d']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stderr).toContain(warning);

    const dry = await other.run(['reset', '--volumes', '--dry-run']);
    expect(dry.stdout).toContain(`left alone: volume ${volume} (made by project ${owner.name})`);
    const reset = await other.run(['reset', '--volumes', '--yes']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    const down = await other.run(['down', '-v']);
    expect(down.exitCode, down.stderr).toBe(0);
    const kept = await docker(['run', '--rm', '-v', `${volume}:/d`, 'busybox:1.36', 'cat', '/d/f']);
    expect(kept).toBe('keep');
  });
});

describe('what counts as data', () => {
  it('reset --bind-mounts leaves a build context mounted for live code, and empties the data beside it', async () => {
    const p = testProject(
      'resetsrc',
      {
        'compose.yaml': `services:
  app:
    build: ./src
    init: true
    command: ["sleep", "3600"]
    volumes: ["./src:/app", "./data:/data"]
`,
        'src/Dockerfile': 'FROM busybox:1.36\n',
        'src/main.py': 'print("hello")\n',
        'data/rows': 'stored\n',
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const dry = await p.run(['reset', '--bind-mounts', '--dry-run']);
    expect(dry.stdout).toContain('left alone: ./src (holds a build context), used by app');
    const reset = await p.run(['reset', '--bind-mounts', '--yes']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(readFileSync(path.join(p.dir, 'src/main.py'), 'utf8')).toBe('print("hello")\n');
    expect(readFileSync(path.join(p.dir, 'src/Dockerfile'), 'utf8')).toBe('FROM busybox:1.36\n');
    expect(readdirSync(path.join(p.dir, 'data'))).toEqual([]);
    const named = await p.run(['reset', '--bind-mounts', '--include-source', './src', '--dry-run']);
    expect(named.stdout).toMatch(/folder\s+\.\/src\s+app/);
  });
});

describe('left alone means left alone', () => {
  it('keeps a nested read-only folder and a mounted file inside the folder it empties', async () => {
    const p = testProject(
      'resetnested',
      {
        'compose.yaml': `services:
  db:
${SLEEPER}    volumes: ["./data:/var/lib/data"]
  web:
${SLEEPER}    volumes: ["./data/conf:/conf:ro", "./data/site.conf:/etc/site.conf:ro"]
`,
        'data/conf/app.ini': 'x=1\n',
        'data/site.conf': 'listen 80;\n',
        'data/rows/t1': 'stored\n',
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const dry = await p.run(['reset', '--bind-mounts', '--dry-run', 'db']);
    expect(dry.stdout).toContain('left alone: ./data/conf (read-only)');
    expect(dry.stdout).toContain('left alone: ./data/site.conf');
    const reset = await p.run(['reset', '--bind-mounts', '--yes', 'db']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(readdirSync(path.join(p.dir, 'data')).sort()).toEqual(['conf', 'site.conf']);
    expect(readFileSync(path.join(p.dir, 'data/conf/app.ini'), 'utf8')).toBe('x=1\n');
    expect(readFileSync(path.join(p.dir, 'data/site.conf'), 'utf8')).toBe('listen 80;\n');
    const cat = await p.run(['exec', '-T', 'web', 'cat', '/etc/site.conf']);
    expect(cat.stdout).toBe('listen 80;\n');
  });
});

describe('one writer at a time', () => {
  it('ten concurrent ups converge on one network and one container per service', async () => {
    const p = testProject(
      'tenups',
      {
        'compose.yaml': `services:
  db:
${SLEEPER}  web:
${SLEEPER}    depends_on: [db]
`,
      },
      cleanups,
    );
    const results = await Promise.all(Array.from({ length: 10 }, () => p.run(['up', '-d'])));
    for (const r of results) expect(r.exitCode, r.stderr).toBe(0);
    expect(results.some((r) => r.stderr.includes('waiting for `stager up -d`'))).toBe(true);
    expect(await projectResources('networks', p.name)).toHaveLength(1);
    expect(await projectResources('running', p.name)).toHaveLength(2);
    const down = await p.run(['down']);
    expect(down.exitCode, down.stderr).toBe(0);
  });

  it('up exits 0 only with the project up: a down started meanwhile waits for it', async () => {
    const p = testProject(
      'updown',
      {
        'compose.yaml': `services:
  db:
${SLEEPER}    healthcheck:
      test: ["CMD-SHELL", "[ -e /tmp/ready ] || { sleep 1; touch /tmp/ready; false; }"]
      interval: 200ms
      retries: 20
`,
      },
      cleanups,
    );
    const up = p.run(['up', '-d', '--wait']);
    await new Promise((r) => setTimeout(r, 600));
    const down = p.run(['down']);
    const u = await up;
    expect(u.exitCode, u.stderr).toBe(0);
    // The down began only once the up was done: it said so and waited.
    expect(u.stderr).toMatch(/Healthy/);
    const d = await down;
    expect(d.exitCode, d.stderr).toBe(0);
    expect(d.stderr).toMatch(/waiting for `stager up -d --wait`/);
    expect(await projectResources('containers', p.name)).toEqual([]);
  });

  it('fails at once with --no-lock-wait while another command changes the project', async () => {
    const p = testProject(
      'lockbusy',
      {
        'compose.yaml': `services:
  slow:
    image: busybox:1.36
    command: ["sh", "-c", "trap 'sleep 2; exit 0' TERM; while true; do sleep 0.1; done"]
    stop_grace_period: 5s
`,
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    // The service takes two seconds to stop: the stop holds the lock meanwhile.
    const stopping = p.run(['stop']);
    await new Promise((r) => setTimeout(r, 700));
    const busy = await p.run(['--no-lock-wait', 'up', '-d']);
    expect(busy.exitCode).toBe(5);
    expect(busy.stderr).toMatch(/project \S+ is being changed by `stager stop` \(pid \d+\)/);
    expect((await stopping).exitCode).toBe(0);
  });
});

describe('restore is a transaction', () => {
  const STACK = `services:
  db:
${SLEEPER}    volumes: ["./data:/data", "store:/store"]
volumes:
  store:
`;
  const snapshotProject = async (prefix: string) => {
    const p = testProject(prefix, { 'compose.yaml': STACK, 'data/rows': 'v1\n' }, cleanups);
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    await p.run(['exec', '-T', 'db', 'sh', '-c', 'echo v1 > /store/rows']);
    const saved = await p.run(['snapshot', 'save', 'one']);
    expect(saved.exitCode, saved.stderr).toBe(0);
    writeFileSync(path.join(p.dir, 'data/rows'), 'v2\n');
    await p.run(['exec', '-T', 'db', 'sh', '-c', 'echo v2 > /store/rows']);
    return p;
  };
  const state = async (p: { dir: string; run: (a: string[]) => Promise<{ stdout: string }> }) => ({
    folder: readFileSync(path.join(p.dir, 'data/rows'), 'utf8'),
    volume: (await p.run(['exec', '-T', 'db', 'cat', '/store/rows'])).stdout,
  });

  it('keeps its archives private and brings the data back', async () => {
    const p = await snapshotProject('snapok');
    const dir = path.join(p.dir, '.stager/snapshots/one');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(dir)) expect(statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    const restored = await p.run(['snapshot', 'restore', 'one']);
    expect(restored.exitCode, restored.stderr).toBe(0);
    expect(await state(p)).toEqual({ folder: 'v1\n', volume: 'v1\n' });
  });

  it('touches nothing when an archive is truncated or garbage', async () => {
    const p = await snapshotProject('snapbad');
    const dir = path.join(p.dir, '.stager/snapshots/one');
    const archives = readdirSync(dir).filter((f) => f.endsWith('.tar.gz'));
    const bind = archives.find((a) => a.includes('-bind-'))!;
    const full = readFileSync(path.join(dir, bind));
    writeFileSync(path.join(dir, bind), full.subarray(0, full.length >> 1));
    const truncated = await p.run(['snapshot', 'restore', 'one']);
    expect(truncated.exitCode).toBe(2);
    expect(truncated.stderr).toMatch(/snapshot one is broken: .* nothing was restored/);
    expect(await state(p)).toEqual({ folder: 'v2\n', volume: 'v2\n' });

    // Garbage the manifest agrees with (as an archive from before checksums): the extraction
    // fails in the staging folder and the data stays.
    const garbage = Buffer.from('not a tar archive at all\n'.repeat(40));
    writeFileSync(path.join(dir, bind), garbage);
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      mounts: { archive: string; archiveBytes: number; sha256?: string }[];
    };
    for (const m of manifest.mounts)
      if (m.archive === bind) {
        m.archiveBytes = garbage.length;
        delete m.sha256;
      }
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const failed = await p.run(['snapshot', 'restore', 'one']);
    expect(failed.exitCode).not.toBe(0);
    expect(failed.stderr).toContain('the data is as it was');
    expect(readFileSync(path.join(p.dir, 'data/rows'), 'utf8')).toBe('v2\n');
    expect(readdirSync(p.dir).filter((f) => f.startsWith('.stager-restore'))).toEqual([]);
  });

  it('restores a copy of the project into the copy, never into the original', async () => {
    const p = await snapshotProject('snaporig');
    const copy = `${p.dir}-copy`;
    cpSync(p.dir, copy, { recursive: true });
    cleanups.push(async () => rmSync(copy, { recursive: true, force: true }));
    const r = await execa(
      process.execPath,
      [BIN, '-p', `${p.name}x`, 'snapshot', 'restore', 'one', '--force'],
      {
        cwd: copy,
        reject: false,
      },
    );
    cleanups.push(async () => {
      await execa(process.execPath, [BIN, '-p', `${p.name}x`, 'down', '-v'], {
        cwd: copy,
        reject: false,
      });
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(path.join(copy, 'data/rows'), 'utf8')).toBe('v1\n');
    expect(await state(p)).toEqual({ folder: 'v2\n', volume: 'v2\n' });
  });

  it('keeps user.* extended attributes and folder times where the helper has GNU tar', async () => {
    const p = testProject(
      'snapxattr',
      {
        // The Debian-based image has GNU tar: the helper uses it before BusyBox.
        'compose.yaml': STACK.replace('busybox:1.36', 'python:3.12-slim').replace(
          '    init: true\n',
          '',
        ),
        'data/pg/base/rows': 'v1\n',
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const rows = path.join(p.dir, 'data/pg/base/rows');
    await execa('setfattr', ['-n', 'user.checksum', '-v', 'c0ffee', rows]);
    const old = new Date('2021-03-04T05:06:07Z');
    for (const d of ['data/pg/base', 'data/pg']) utimesSync(path.join(p.dir, d), old, old);
    const inVolume =
      "mkdir -p /store/base && echo v1 > /store/base/rows && touch -d '2021-03-04 05:06:07' /store/base";
    expect((await p.run(['exec', '-T', 'db', 'sh', '-c', inVolume])).exitCode).toBe(0);
    const saved = await p.run(['snapshot', 'save', 'one']);
    expect(saved.exitCode, saved.stderr).toBe(0);
    expect(saved.stderr).not.toMatch(/without extended attributes/);
    rmSync(path.join(p.dir, 'data/pg'), { recursive: true });
    await p.run(['exec', '-T', 'db', 'sh', '-c', 'rm -rf /store/base']);
    const restored = await p.run(['snapshot', 'restore', 'one']);
    expect(restored.exitCode, restored.stderr).toBe(0);
    const attr = await execa('getfattr', ['--only-values', '-n', 'user.checksum', rows]);
    expect(attr.stdout).toBe('c0ffee');
    for (const d of ['data/pg/base', 'data/pg'])
      expect(statSync(path.join(p.dir, d)).mtime).toEqual(old);
    const volumeTime = await p.run(['exec', '-T', 'db', 'stat', '-c', '%Y', '/store/base']);
    expect(Number(volumeTime.stdout)).toBe(old.getTime() / 1000);
  });

  it('leaves the data as it was when its helper is killed mid-extract, and the next restore completes', async () => {
    const p = testProject('snapkill', { 'compose.yaml': STACK }, cleanups);
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    // Many files: an extraction that lasts long enough to be cut.
    const fill = (dir: string, v: string) =>
      `mkdir -p ${dir}/many && cd ${dir}/many && i=0; while [ $i -lt 8000 ]; do echo ${v} > f$i; i=$((i+1)); done; echo ${v} > ${dir}/rows`;
    for (const dir of ['/data', '/store'])
      expect((await p.run(['exec', '-T', 'db', 'sh', '-c', fill(dir, 'v1')])).exitCode).toBe(0);
    expect((await p.run(['snapshot', 'save', 'one'])).exitCode).toBe(0);
    const digest = async () =>
      (
        await p.run([
          'exec',
          '-T',
          'db',
          'sh',
          '-c',
          'cd / && find data store -type f | sort | xargs cat | md5sum',
        ])
      ).stdout;
    /**
     * Restores, killing each helper container seen extracting; the restore may still win the
     * race. The engine runs on this machine: its tar processes are found in /proc at once, and
     * their cgroup names their container.
     */
    const extractingContainers = (): string[] => {
      const ids: string[] = [];
      for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        try {
          const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          if (path.basename(args[0] ?? '') !== 'tar' || !args.includes('-xzpf')) continue;
          const id = /[0-9a-f]{64}/.exec(readFileSync(`/proc/${pid}/cgroup`, 'utf8'))?.[0];
          if (id) ids.push(id);
        } catch {
          // The process ended while it was read.
        }
      }
      return ids;
    };
    const cutRestore = async () => {
      let settled = false;
      const restoring = p.run(['snapshot', 'restore', 'one']).finally(() => (settled = true));
      const killed = new Set<string>();
      while (killed.size < 2 && !settled) {
        const extracting = extractingContainers().filter((id) => !killed.has(id));
        if (!extracting.length) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        // Cut while it extracts, the long phase, not while it drops or commits.
        for (const id of extracting) {
          await execa('docker', ['kill', id], { reject: false });
          killed.add(id);
        }
      }
      return { cut: await restoring, killed };
    };
    let before = '';
    let attempt: Awaited<ReturnType<typeof cutRestore>> | undefined;
    for (let i = 0; i < 4; i += 1) {
      for (const dir of ['/data', '/store'])
        expect((await p.run(['exec', '-T', 'db', 'sh', '-c', fill(dir, 'v2')])).exitCode).toBe(0);
      before = await digest();
      attempt = await cutRestore();
      // A kill that came after the extraction ended cut nothing: the restore won, try again.
      if (attempt.cut.exitCode !== 0) break;
    }
    const { cut, killed } = attempt!;
    // One helper cut is enough: what the other prepared is dropped too.
    expect(killed.size, cut.stderr).toBeGreaterThan(0);
    expect(cut.exitCode).not.toBe(0);
    expect(cut.stderr).toContain('the data is as it was');
    const listing = async () =>
      (
        await p.run([
          'exec',
          '-T',
          'db',
          'sh',
          '-c',
          'ls -a /data /store; ls /data/many | wc -l; ls /store/many | wc -l; cat /data/rows /store/rows',
        ])
      ).stdout;
    expect(await digest(), `${cut.stderr}\n${await listing()}`).toBe(before);

    const again = await p.run(['snapshot', 'restore', 'one']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(
      (await p.run(['exec', '-T', 'db', 'cat', '/data/many/f7999', '/store/many/f7999'])).stdout,
    ).toBe('v1\nv1\n');
    expect(readdirSync(p.dir).filter((f) => f.startsWith('.stager-restore'))).toEqual([]);
    const leftovers = await p.run(['exec', '-T', 'db', 'ls', '-a', '/store']);
    expect(leftovers.stdout).not.toMatch(/stager-restore/);
  });

  it('lists a snapshot whose manifest is broken as broken, and refuses it in one line', async () => {
    const p = await snapshotProject('snapls');
    writeFileSync(path.join(p.dir, '.stager/snapshots/one/manifest.json'), '{"name": ');
    const ls = await p.run(['snapshot', 'ls']);
    expect(ls.exitCode, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(/one\s+BROKEN\s+manifest.json is not JSON/);
    const restore = await p.run(['snapshot', 'restore', 'one']);
    expect(restore.exitCode).toBe(2);
    expect(restore.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('time', () => {
  it('--wait-timeout bounds the whole up, a dependency waiting on service_healthy included', async () => {
    const p = testProject(
      'waitbound',
      {
        'compose.yaml': `services:
  db:
${SLEEPER}    healthcheck: {test: ["CMD", "false"], interval: 1s, retries: 1000}
  web:
${SLEEPER}    depends_on: {db: {condition: service_healthy}}
`,
      },
      cleanups,
    );
    const started = Date.now();
    const r = await p.run(['up', '-d', '--wait', '--wait-timeout', '3']);
    const seconds = (Date.now() - started) / 1000;
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/application not healthy after 3s: container \S+-db-1 is not ready/);
    // Without the bound it would wait for 1000 failed probes.
    expect(seconds).toBeLessThan(60);
  });
});

describe('signals', () => {
  it('logs -f ends within a second of SIGINT or SIGTERM, even before the engine answers', async () => {
    const p = testProject(
      'logsstall',
      {
        'compose.yaml': `services:
  app:
${SLEEPER}`,
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const proxy = await stallingProxy(/\/logs\?/);
    cleanups.push(() => proxy.close());
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = execa(process.execPath, [BIN, 'logs', '-f'], {
        cwd: p.dir,
        env: { DOCKER_HOST: proxy.host, NO_COLOR: '1' },
        reject: false,
      });
      await new Promise((r) => setTimeout(r, 1500));
      const sent = Date.now();
      child.kill(signal);
      const r = await child;
      expect(Date.now() - sent, `${signal}: ${r.stderr}`).toBeLessThan(1500);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });
});

describe('the engine port', () => {
  it('takes 304 (already started, already stopped) as done, so a concurrent up converges', async () => {
    const engine = connectDocker(parseHost(ENGINE.host, 'DOCKER_HOST', undefined));
    const id = (
      await docker(['run', '-d', '--label', 'stager.test=304', 'busybox:1.36', 'sleep', '600'])
    ).trim();
    cleanups.push(async () => {
      await execa('docker', ['rm', '-f', id], { reject: false });
    });
    await expect(engine.startContainer(id)).resolves.toBeUndefined();
    await docker(['stop', '-t', '0', id]);
    await expect(engine.stopContainer(id, 0)).resolves.toBeUndefined();
  });
});
