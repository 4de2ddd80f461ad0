/** Lifecycle verbs where Compose v2's behaviour is the reference, run with v2 on the same project. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  docker,
  runComposeV2,
  SLEEPER,
  testProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const stack = () =>
  testProject('verbs', { 'compose.yaml': `services:\n  web:\n${SLEEPER}` }, cleanups);

const v2 = runComposeV2;

const stateOf = async (name: string) => docker(['inspect', '-f', '{{.State.Status}}', name]);

describe('lifecycle verbs as Compose v2 does them', () => {
  it('pause of a paused service fails, and so does unpause of a running one', async () => {
    const p = stack();
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      expect((await run(['pause'])).exitCode, tool).toBe(0);
      const again = await run(['pause']);
      expect(again.exitCode, tool).not.toBe(0);
      expect(again.stderr, tool).toMatch(/already paused/i);
      expect((await run(['unpause'])).exitCode, tool).toBe(0);
      const running = await run(['unpause']);
      expect(running.exitCode, tool).not.toBe(0);
      expect(running.stderr, tool).toMatch(/not paused/i);
    }
  });

  it('stop leaves one-off containers running, with either tool', async () => {
    const p = stack();
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const ours = await p.run(['run', '-d', '--name', `${p.name}-ours`, 'web', 'sleep', '300']);
    expect(ours.exitCode, ours.stderr).toBe(0);
    await v2(p.dir, ['run', '-d', '--name', `${p.name}-theirs`, 'web', 'sleep', '300']);
    expect((await p.run(['stop'])).exitCode).toBe(0);
    expect(await stateOf(`${p.name}-web-1`)).toBe('exited');
    expect(await stateOf(`${p.name}-ours`)).toBe('running');
    expect((await v2(p.dir, ['stop'])).exitCode).toBe(0);
    expect(await stateOf(`${p.name}-theirs`)).toBe('running');
    expect(await stateOf(`${p.name}-ours`)).toBe('running');
  });

  it('up --force-recreate keeps anonymous volumes, -V renews them, with either tool', async () => {
    const p = testProject(
      'anonvol',
      { 'compose.yaml': `services:\n  web:\n${SLEEPER}    volumes: ["/data"]\n` },
      cleanups,
    );
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      expect((await run(['up', '-d'])).exitCode, tool).toBe(0);
      expect(
        (await run(['exec', '-T', 'web', 'sh', '-c', 'echo kept > /data/file'])).exitCode,
      ).toBe(0);
      expect((await run(['up', '-d', '--force-recreate'])).exitCode, tool).toBe(0);
      const kept = await run(['exec', '-T', 'web', 'cat', '/data/file']);
      expect(kept.stdout.trim(), tool).toBe('kept');
      expect((await run(['up', '-d', '--force-recreate', '-V'])).exitCode, tool).toBe(0);
      const renewed = await run(['exec', '-T', 'web', 'sh', '-c', 'ls /data | wc -l']);
      expect(renewed.stdout.trim(), tool).toBe('0');
      expect((await run(['down', '-v'])).exitCode, tool).toBe(0);
    }
  });

  it('links: a linked service answers to its alias on the project network, with either tool', async () => {
    const p = testProject(
      'links',
      {
        'compose.yaml': `services:\n  db:\n${SLEEPER}  web:\n${SLEEPER}    links: ["db:database"]\n`,
      },
      cleanups,
    );
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      expect((await run(['up', '-d'])).exitCode, tool).toBe(0);
      const found = await run(['exec', '-T', 'web', 'nslookup', 'database']);
      expect(found.exitCode, `${tool}: ${found.stdout}${found.stderr}`).toBe(0);
      const dbIp = await docker([
        'inspect',
        '-f',
        '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
        `${p.name}-db-1`,
      ]);
      expect(found.stdout, tool).toContain(dbIp);
      expect((await run(['down'])).exitCode, tool).toBe(0);
    }
  });

  it("start of one service starts its dependencies; stop -f FILE stops only that file's services", async () => {
    const p = testProject(
      'startdeps',
      {
        'compose.yaml': `services:\n  db:\n${SLEEPER}  web:\n${SLEEPER}    depends_on: [db]\n`,
        'tools.yaml': `services:\n  tool:\n${SLEEPER}`,
      },
      cleanups,
    );
    const both = ['-f', 'compose.yaml', '-f', 'tools.yaml'];
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) =>
        tool === 'stager' ? p.run(['-p', p.name, ...args]) : v2(p.dir, ['-p', p.name, ...args]);
      expect((await run([...both, 'up', '-d'])).exitCode, tool).toBe(0);
      expect((await run([...both, 'stop'])).exitCode, tool).toBe(0);
      expect((await run([...both, 'start', 'web'])).exitCode, tool).toBe(0);
      expect(await stateOf(`${p.name}-db-1`), tool).toBe('running');
      expect(await stateOf(`${p.name}-tool-1`), tool).toBe('exited');
      expect((await run([...both, 'start'])).exitCode, tool).toBe(0);
      expect((await run(['-f', 'tools.yaml', 'stop'])).exitCode, tool).toBe(0);
      expect(await stateOf(`${p.name}-tool-1`), tool).toBe('exited');
      expect(await stateOf(`${p.name}-web-1`), tool).toBe('running');
      expect((await run([...both, 'down'])).exitCode, tool).toBe(0);
    }
  });

  it('create and up --no-start make the containers and start none, with either tool', async () => {
    const p = testProject(
      'create',
      { 'compose.yaml': `services:\n  db:\n${SLEEPER}  web:\n${SLEEPER}    depends_on: [db]\n` },
      cleanups,
    );
    for (const tool of ['stager', 'v2'] as const) {
      for (const args of [['create'], ['up', '--no-start']]) {
        const run = (a: string[]) => (tool === 'stager' ? p.run(a) : v2(p.dir, a));
        const made = await run(args);
        expect(made.exitCode, `${tool} ${args.join(' ')}: ${made.stderr}`).toBe(0);
        expect(await stateOf(`${p.name}-db-1`), tool).toBe('created');
        expect(await stateOf(`${p.name}-web-1`), tool).toBe('created');
        expect((await run(['down'])).exitCode, tool).toBe(0);
      }
    }
  });

  it('logs --index N prints that replica alone, as Compose v2 does', async () => {
    const p = testProject(
      'logsindex',
      {
        'compose.yaml': `services:
  web:
    image: busybox:1.36
    init: true
    command: ["sh", "-c", "echo from $$(hostname); exec sleep 300"]
    scale: 2
`,
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const second = await docker(['inspect', '-f', '{{.Config.Hostname}}', `${p.name}-web-2`]);
    const args = ['logs', '--no-log-prefix', '--index', '2', 'web'];
    const ours = await p.run(args);
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(`from ${second}\n`);
    expect(`${(await v2(p.dir, args)).stdout}\n`).toBe(ours.stdout);
  });

  it('wait --down-project exits with the code and takes the project down, with either tool', async () => {
    const p = testProject(
      'waitdown',
      {
        'compose.yaml': `services:
  job:
    image: busybox:1.36
    command: ["sh", "-c", "sleep 2; exit 3"]
  db:
${SLEEPER}`,
      },
      cleanups,
    );
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      expect((await run(['up', '-d'])).exitCode, tool).toBe(0);
      const waited = await run(['wait', '--down-project', 'job']);
      expect(waited.exitCode, `${tool}: ${waited.stderr}`).toBe(3);
      expect(
        await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${p.name}`]),
        tool,
      ).toBe('');
    }
  });

  it('run -p, -l, --cap-add, --cap-drop and --use-aliases give the container what v2 gives it', async () => {
    // cap_add in the file too: v2 writes every capability with its CAP_ prefix.
    const p = testProject(
      'runflags',
      { 'compose.yaml': `services:\n  web:\n${SLEEPER}    cap_add: [sys_ptrace]\n` },
      cleanups,
    );
    const rawInspect = async (name: string) =>
      JSON.parse(
        await docker([
          'inspect',
          '-f',
          '{{json .Config.Labels.team}}|{{json .HostConfig.CapAdd}}|{{json .HostConfig.CapDrop}}|{{json .HostConfig.PortBindings}}',
          name,
        ]).then((out) => `[${out.split('|').join(',')}]`),
      ) as [string, string[], string[], unknown];
    // The engine keeps capabilities in the order given, which means nothing: compare them as sets.
    const inspectOf = async (name: string) => {
      const [team, add, drop, ports] = await rawInspect(name);
      return [team, [...add].sort(), [...drop].sort(), ports];
    };
    const flags = (name: string) => [
      'run',
      '-d',
      '--name',
      name,
      '-p',
      '127.0.0.1::80',
      '-l',
      'team=shop',
      '--cap-add',
      'NET_ADMIN',
      '--cap-drop',
      'MKNOD',
      '--use-aliases',
      'web',
      'sleep',
      '300',
    ];
    const ours = await p.run(flags(`${p.name}-ours`));
    expect(ours.exitCode, ours.stderr).toBe(0);
    const theirs = await v2(p.dir, flags(`${p.name}-theirs`));
    expect(theirs.exitCode, theirs.stderr).toBe(0);
    expect(await inspectOf(`${p.name}-ours`)).toEqual(await inspectOf(`${p.name}-theirs`));
    const aliases = async (name: string) =>
      docker([
        'inspect',
        '-f',
        '{{range .NetworkSettings.Networks}}{{json .Aliases}}{{end}}',
        name,
      ]);
    expect(await aliases(`${p.name}-ours`)).toContain('"web"');
    expect(await aliases(`${p.name}-theirs`)).toContain('"web"');
  });

  it('ps --filter status=STATE --services lists what v2 lists', async () => {
    const p = testProject(
      'psfilter',
      {
        'compose.yaml': `services:\n  web:\n${SLEEPER}  job:\n    image: busybox:1.36\n    command: ["true"]\n`,
      },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    await docker(['wait', `${p.name}-job-1`]);
    for (const state of ['running', 'exited']) {
      const args = ['ps', '-a', '--services', '--filter', `status=${state}`];
      const ours = await p.run(args);
      expect(ours.exitCode, ours.stderr).toBe(0);
      expect(ours.stdout, state).toBe(`${(await v2(p.dir, args)).stdout}\n`);
    }
  });

  it('a container_name clash fails up of both services, not up of a third, with either tool', async () => {
    const p = testProject('names', {}, cleanups);
    const same = `${p.name}-same`;
    writeFileSync(
      path.join(p.dir, 'compose.yaml'),
      `services:\n  a:\n${SLEEPER}    container_name: ${same}\n  b:\n${SLEEPER}    container_name: ${same}\n  c:\n${SLEEPER}`,
    );
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      const both = await run(['up', '-d']);
      expect(both.exitCode, tool).not.toBe(0);
      expect(both.stderr, tool).toMatch(
        new RegExp(`container name "${same}" is already in use|is also used`),
      );
      expect((await run(['config', '--services'])).exitCode, tool).toBe(0);
      expect((await run(['up', '-d', 'c'])).exitCode, tool).toBe(0);
      expect((await run(['ps', '-q'])).exitCode, tool).toBe(0);
      expect((await run(['down', '-t', '0'])).exitCode, tool).toBe(0);
    }
  });

  it('up --no-deps of a service whose volumes_from source is missing fails in one line, with either tool', async () => {
    const p = testProject(
      'volfrom',
      { 'compose.yaml': `services:\n  db:\n${SLEEPER}  app:\n${SLEEPER}    volumes_from: [db]\n` },
      cleanups,
    );
    const ours = await p.run(['up', '-d', '--no-deps', 'app']);
    const theirs = await v2(p.dir, ['up', '-d', '--no-deps', 'app']);
    expect(theirs.exitCode).not.toBe(0);
    expect(theirs.stderr).toMatch(/cannot share volume with service db: container missing/);
    expect(ours.exitCode).toBe(1);
    expect(ours.stderr.trim().split('\n').pop()).toBe(
      'error: service app: volumes_from needs service db, which has no container (start db first, or run without --no-deps)',
    );
  });

  it('an unhealthy dependency, a failed one-shot and a wait timeout are worded as v2 words them', async () => {
    const hc = (test: string) =>
      `${SLEEPER}    healthcheck: {test: ["CMD", "sh", "-c", "${test}"], interval: 1s, timeout: 30s, retries: 1}\n`;
    const p = testProject(
      'words',
      {
        'compose.yaml': `services:
  db:
${hc('false')}  slow:
${hc('sleep 30')}  mig:
    image: busybox:1.36
    command: ["sh", "-c", "exit 3"]
  web:
${SLEEPER}    depends_on: {db: {condition: service_healthy}}
  app:
${SLEEPER}    depends_on: {mig: {condition: service_completed_successfully}}
`,
      },
      cleanups,
    );
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      const unhealthy = await run(['up', '-d', 'web']);
      expect(unhealthy.exitCode, tool).not.toBe(0);
      expect(unhealthy.stderr, tool).toContain(
        `dependency failed to start: container ${p.name}-db-1 is unhealthy`,
      );
      const oneShot = await run(['up', '-d', 'app']);
      expect(oneShot.stderr, tool).toContain(`service "mig" didn't complete successfully: exit 3`);
      const slow = await run(['up', '-d', '--wait', '--wait-timeout', '2', 'slow']);
      // v2 on Engine 20.10 sometimes counts the still-starting container as up and exits 0;
      // when it does fail, its words are these, and stager's always are.
      if (tool === 'stager' || slow.exitCode !== 0) {
        expect(slow.exitCode, tool).not.toBe(0);
        expect(slow.stderr, tool).toContain('application not healthy after 2s');
      }
      expect((await run(['down', '-t', '0'])).exitCode, tool).toBe(0);
    }
  });

  it('a second stop still reports the containers as stopped, with either tool', async () => {
    const p = stack();
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      expect((await run(['up', '-d'])).exitCode, tool).toBe(0);
      expect((await run(['stop'])).exitCode, tool).toBe(0);
      const again = await run(['stop']);
      expect(again.exitCode, tool).toBe(0);
      expect(again.stderr, tool).toMatch(new RegExp(`Container ${p.name}-web-1\\s+Stopped`));
    }
  });

  it('down SERVICE removes only that service, and -v only the volumes nothing else uses, with either tool', async () => {
    const p = testProject(
      'downsvc',
      {
        'compose.yaml': `services:
  db:
${SLEEPER}    volumes: ["dbdata:/data"]
  web:
${SLEEPER}    depends_on: [db]
    volumes: ["webdata:/data"]
volumes:
  dbdata:
  webdata:
`,
      },
      cleanups,
    );
    const left = async () => {
      const label = `label=com.docker.compose.project=${p.name}`;
      const [containers, volumes, networks] = await Promise.all([
        docker(['ps', '-a', '--format', '{{.Names}}', '--filter', label]),
        docker(['volume', 'ls', '-q', '--filter', label]),
        docker(['network', 'ls', '--format', '{{.Name}}', '--filter', label]),
      ]);
      return { containers, volumes, networks };
    };
    const seen: Record<string, unknown> = {};
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      expect((await run(['up', '-d'])).exitCode, tool).toBe(0);
      const web = await run(['down', '-v', 'web']);
      expect(web.exitCode, tool).toBe(0);
      const afterWeb = await left();
      expect((await run(['down', '-v', 'db'])).exitCode, tool).toBe(0);
      seen[tool] = { afterWeb, afterDb: await left() };
    }
    expect(seen.stager).toEqual({
      afterWeb: {
        containers: `${p.name}-db-1`,
        volumes: `${p.name}_dbdata`,
        networks: `${p.name}_default`,
      },
      afterDb: { containers: '', volumes: '', networks: '' },
    });
    expect(seen.v2).toEqual(seen.stager);
  });

  it('scale SERVICE=N adds and removes replicas and starts dependencies, with either tool', async () => {
    const p = testProject(
      'scale',
      { 'compose.yaml': `services:\n  db:\n${SLEEPER}  web:\n${SLEEPER}    depends_on: [db]\n` },
      cleanups,
    );
    const running = () =>
      docker([
        'ps',
        '--format',
        '{{.Names}}',
        '--filter',
        `label=com.docker.compose.project=${p.name}`,
      ]).then((out) => out.split('\n').filter(Boolean).sort());
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      expect((await run(['scale', 'web=3'])).exitCode, tool).toBe(0);
      expect(await running(), tool).toEqual([
        `${p.name}-db-1`,
        `${p.name}-web-1`,
        `${p.name}-web-2`,
        `${p.name}-web-3`,
      ]);
      expect((await run(['scale', 'web=1'])).exitCode, tool).toBe(0);
      expect(await running(), tool).toEqual([`${p.name}-db-1`, `${p.name}-web-1`]);
      const bad = await run(['scale', 'web']);
      expect(bad.exitCode, tool).not.toBe(0);
      expect(bad.stderr, tool).toContain('invalid scale specifier: web');
      expect((await run(['down', '-t', '0'])).exitCode, tool).toBe(0);
    }
  });

  it('--progress quiet draws no progress and plain draws lines, with either tool', async () => {
    const p = stack();
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      const quiet = await run(['--progress', 'quiet', 'up', '-d']);
      expect(quiet.exitCode, tool).toBe(0);
      expect(quiet.stderr.trim(), tool).toBe('');
      const plain = await run(['--progress', 'plain', 'stop']);
      expect(plain.stderr, tool).toMatch(new RegExp(`Container ${p.name}-web-1\\s+Stopped`));
      expect((await run(['down', '-t', '0'])).exitCode, tool).toBe(0);
    }
  });

  it('--parallel 1 brings three replicas up one change at a time, with either tool', async () => {
    const p = stack();
    for (const tool of ['stager', 'v2'] as const) {
      const run = (args: string[]) => (tool === 'stager' ? p.run(args) : v2(p.dir, args));
      const up = await run(['--parallel', '1', 'up', '-d', '--scale', 'web=3']);
      expect(up.exitCode, `${tool}: ${up.stderr}`).toBe(0);
      const listed = await docker([
        'ps',
        '-q',
        '--filter',
        `label=com.docker.compose.project=${p.name}`,
      ]);
      expect(listed.split('\n').filter(Boolean), tool).toHaveLength(3);
      expect((await run(['down', '-t', '0'])).exitCode, tool).toBe(0);
    }
    const bad = await p.run(['--parallel', '0', 'ps']);
    expect(bad.exitCode).toBe(2);
  });
});
