import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, docker, engineApiAtLeast, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const project = (prefix: string, files: Record<string, string>) =>
  testProject(prefix, files, cleanups);

const cat = (image: string, script: string): Promise<string> =>
  docker(['run', '--rm', image, 'sh', '-c', script]);

describe('stager build', () => {
  it('reuses a BuildKit cache mount: what build 1 wrote there, build 2 sees', async () => {
    const p = project('bcache', {
      'compose.yaml': `services:\n  app:\n    build:\n      context: .\n      args: {RUN_ID: "\${RUN_ID}"}\n`,
      Dockerfile: [
        'FROM busybox:1.36',
        'ARG RUN_ID',
        'RUN --mount=type=cache,id=CACHEID,target=/cache \\',
        '    echo "$RUN_ID" >> /cache/runs && cp /cache/runs /runs-seen',
        '',
      ]
        .join('\n')
        .replace('CACHEID', `stager-test-${Date.now()}`),
    });
    // The cache mount's id is not part of BuildKit's cache key, but the RUN_ID it uses is: values
    // of their own, or a step an earlier run of this test built would be found cached.
    const [one, two] = [`one-${p.name}`, `two-${p.name}`];
    const first = await p.run(['build'], { env: { RUN_ID: one } });
    expect(first.exitCode, first.stderr).toBe(0);
    const second = await p.run(['build', '--progress', 'plain'], { env: { RUN_ID: two } });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(await cat(`${p.name}-app`, 'cat /runs-seen')).toBe(`${one}\n${two}`);
    expect(second.stderr).toMatch(/\[\S+ 1\/2\] FROM docker\.io\/library\/busybox:1\.36/);
    expect(second.stderr).toMatch(/Built in [\d.]+s: 1 step, 0 cached, 1 run/);
  });

  it('sends the context without what .dockerignore excludes', async () => {
    const p = project('bignore', {
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: 'FROM busybox:1.36\nCOPY . /src\n',
      '.dockerignore': '**/*.log\nsecrets/\n!secrets/public.pem\n',
      'main.py': 'print()\n',
      'logs/debug.log': 'x\n',
      'secrets/private.key': 'x\n',
      'secrets/public.pem': 'x\n',
    });
    const r = await p.run(['build']);
    expect(r.exitCode, r.stderr).toBe(0);
    const files = await cat(`${p.name}-app`, 'cd /src && find . -type f | sort');
    expect(files.split('\n')).toEqual([
      './.dockerignore',
      './Dockerfile',
      './compose.yaml',
      './main.py',
      './secrets/public.pem',
    ]);
  });

  it('passes build args and builds the target stage', async () => {
    const p = project('bargs', {
      'compose.yaml': [
        'services:',
        '  app:',
        '    build:',
        '      context: .',
        '      target: dev',
        '      args: [FLAVOUR=mint]',
        '      labels: {team: core}',
        '',
      ].join('\n'),
      Dockerfile: [
        'FROM busybox:1.36 AS dev',
        'ARG FLAVOUR=plain',
        'RUN echo "dev $FLAVOUR" > /stage',
        'FROM busybox:1.36 AS prod',
        'RUN echo prod > /stage',
        '',
      ].join('\n'),
    });
    const r = await p.run(['build']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await cat(`${p.name}-app`, 'cat /stage')).toBe('dev mint');
    expect(
      await docker(['inspect', '-f', '{{ index .Config.Labels "team" }}', `${p.name}-app`]),
    ).toBe('core');
  });

  it('passes extra_hosts, shm_size and network to the build, and reports JSON events', async () => {
    const p = project('bopts', {
      'compose.yaml': [
        'services:',
        '  app:',
        '    build:',
        '      context: .',
        '      extra_hosts: ["db.internal=10.9.8.7"]',
        '      shm_size: 96m',
        '      network: none',
        '',
      ].join('\n'),
      Dockerfile: [
        'FROM busybox:1.36',
        'RUN grep db.internal /etc/hosts > /hosts',
        "RUN df -k /dev/shm | awk 'NR==2 {print $2}' > /shm",
        'RUN if wget -q -T 2 -O /dev/null http://10.9.8.7/; then echo online; else echo offline; fi > /net',
        '',
      ].join('\n'),
    });
    const r = await p.run(['build', '--progress', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const events = r.stderr
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; detail?: string; message?: string });
    expect(events.some((e) => e.type === 'step' && e.detail?.startsWith('Built in'))).toBe(true);
    expect(await cat(`${p.name}-app`, 'cat /hosts /net')).toBe('10.9.8.7\tdb.internal\noffline');
    const warnings = events.filter((e) => e.type === 'warning').map((e) => e.message);
    if (await engineApiAtLeast('1.42')) {
      // Docker 23 and newer give RUN steps the shm size through BuildKit.
      expect(warnings).toEqual([]);
    } else {
      // Engine 20.10 runs a BuildKit without shm sizes: said, and the classic builder applies it.
      expect(warnings).toEqual([expect.stringMatching(/ignores build\.shm_size/)]);
      expect((await p.run(['build', '--builder', 'classic', '--no-cache'])).exitCode).toBe(0);
    }
    expect(await cat(`${p.name}-app`, 'cat /shm')).toBe('98304');
  });

  it('says in one line that a # syntax= frontend must be pulled', async () => {
    const p = project('bsyntax', {
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: '# syntax=docker/dockerfile:1\nFROM busybox:1.36\n',
    });
    const r = await p.run(['build']);
    expect(
      r.stderr.match(
        /^warning: Dockerfile: "# syntax=docker\/dockerfile:1" makes the engine fetch/gm,
      ),
    ).toHaveLength(1);
  });

  it('falls back to the classic builder, which ignores cache mounts, with one warning', async () => {
    const p = project('bclassic', {
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: 'FROM busybox:1.36\nRUN --mount=type=cache,target=/cache echo classic > /how\n',
    });
    const r = await p.run(['build', '--builder', 'classic']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.match(/warning: .*classic builder, which ignores RUN --mount/g)).toHaveLength(
      1,
    );
    expect(await cat(`${p.name}-app`, 'cat /how')).toBe('classic');
  });

  it('refuses build secrets in one line, before sending anything', async () => {
    const p = project('bsecret', {
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: 'FROM busybox:1.36\nRUN --mount=type=secret,id=npm cat /run/secrets/npm\n',
    });
    const r = await p.run(['build']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^error: Dockerfile:2: RUN --mount=type=secret needs build secrets/m);
  });

  it('names the Dockerfile line of a failing step and shows its output', async () => {
    const p = project('bfail', {
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: 'FROM busybox:1.36\nRUN echo ok\nRUN echo "compiling" && \\\n    exit 7\n',
    });
    const r = await p.run(['build']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`error: build of ${p.name}-app failed at Dockerfile:3 \\(RUN\\): .*exit code: 7`),
    );
    expect(r.stderr).toContain('| compiling');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('builds an image shared by several services once, and up builds what is missing', async () => {
    const p = project('bshared', {
      'compose.yaml': [
        'services:',
        '  web:',
        '    build: .',
        '    image: IMAGE',
        '    command: ["sleep", "3600"]',
        '    init: true',
        '  worker:',
        '    build: .',
        '    image: IMAGE',
        '    command: ["sleep", "3600"]',
        '    init: true',
        '',
      ].join('\n'),
      Dockerfile: 'FROM busybox:1.36\nRUN echo shared > /made\n',
    });
    const image = `${p.name}-shared:dev`;
    const { writeFileSync, readFileSync } = await import('node:fs');
    const file = `${p.dir}/compose.yaml`;
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('IMAGE', image));

    const up = await p.run(['up', '-d']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stderr.match(/Image \S+\s+Built in/g)).toHaveLength(1);
    const ps = JSON.parse((await p.run(['ps', '--json'])).stdout) as {
      containers: { service: string; image: string }[];
    };
    expect(ps.containers.map((c) => [c.service, c.image]).sort()).toEqual([
      ['web', image],
      ['worker', image],
    ]);

    const json = JSON.parse((await p.run(['--json', 'build'])).stdout) as {
      images: { image: string; services: string[]; steps: number; cached: number }[];
    };
    expect(json.images).toEqual([
      expect.objectContaining({ image, services: ['web', 'worker'], steps: 1, cached: 1 }),
    ]);
    // Nothing changed: up keeps the containers; --build rebuilds (all cached) and still keeps them.
    const again = await p.run(['up', '-d', '--build']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/Recreat/);
  });
});
