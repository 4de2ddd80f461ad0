/**
 * up, down and the lifecycle verbs on the real engine. Services use `init: true` so that
 * `sleep` stops on SIGTERM at once and tests do not wait for the 10 s kill.
 */
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  docker,
  projectDir,
  removeProject,
  stager,
  testProject,
  uniqueProject,
} from '../integration/helpers.js';
import { recordingProxy } from '../integration/proxies.js';

const cleanups = cleanupAfterEach();

const project = (prefix: string, compose: string, extra: Record<string, string> = {}) =>
  testProject(prefix, { 'compose.yaml': compose, ...extra }, cleanups);

const STACK = `services:
  db:
    image: busybox:1.36
    init: true
    command: ["sh", "-c", "echo db booting; sleep 1; touch /tmp/ok; echo db ready; exec sleep 3600"]
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, retries: 20}
    volumes: ["./data/db:/data", "cache:/cache"]
  migrate:
    image: busybox:1.36
    command: ["sh", "-c", "echo migrated > /data/done"]
    volumes: ["./data/db:/data"]
    depends_on: {db: {condition: service_healthy}}
  web:
    image: busybox:1.36
    init: true
    command: ["sh", "-c", "echo web up \${GREETING:-hello}; exec sleep 3600"]
    environment: {GREETING: "\${GREETING:-hello}"}
    depends_on:
      db: {condition: service_healthy}
      migrate: {condition: service_completed_successfully}
volumes:
  cache: {}
`;

const ids = async (name: string): Promise<Record<string, string>> => {
  const out = await docker([
    'ps',
    '-a',
    '--filter',
    `label=com.docker.compose.project=${name}`,
    '--format',
    '{{.Names}} {{.ID}}',
  ]);
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
};

describe('stager up and down', () => {
  it('starts in dependency order by condition, converges on a second up, and down removes everything', async () => {
    const p = project('stack', STACK);
    const first = await p.run(['up', '-d', '--wait', '--json']);
    expect(first.exitCode, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc.networksCreated).toEqual([`${p.name}_default`]);
    expect(doc.volumesCreated).toEqual([`${p.name}_cache`]);
    expect(doc.services.map((s: { service: string }) => s.service)).toEqual([
      'db',
      'migrate',
      'web',
    ]);

    // Conditions held: migrate ran after db was healthy, web after migrate completed.
    const inspect = async (c: string, f: string) => docker(['inspect', '-f', f, c]);
    const dbHealthy = await inspect(`${p.name}-db-1`, '{{.State.Health.Status}}');
    expect(dbHealthy).toBe('healthy');
    expect(await inspect(`${p.name}-migrate-1`, '{{.State.Status}} {{.State.ExitCode}}')).toBe(
      'exited 0',
    );
    const migrateEnd = Date.parse(await inspect(`${p.name}-migrate-1`, '{{.State.FinishedAt}}'));
    const webStart = Date.parse(await inspect(`${p.name}-web-1`, '{{.State.StartedAt}}'));
    expect(webStart).toBeGreaterThanOrEqual(migrateEnd);
    const dbStart = Date.parse(await inspect(`${p.name}-db-1`, '{{.State.StartedAt}}'));
    const migrateStart = Date.parse(await inspect(`${p.name}-migrate-1`, '{{.State.StartedAt}}'));
    expect(migrateStart - dbStart).toBeGreaterThanOrEqual(900); // db is healthy only after its 1 s boot

    // Labels as Docker Compose writes them.
    expect(
      await inspect(
        `${p.name}-web-1`,
        '{{index .Config.Labels "com.docker.compose.service"}} {{index .Config.Labels "com.docker.compose.container-number"}} {{index .Config.Labels "com.docker.compose.oneoff"}}',
      ),
    ).toBe('web 1 False');
    expect(
      await inspect(
        `${p.name}-web-1`,
        '{{index .Config.Labels "com.docker.compose.project.working_dir"}}',
      ),
    ).toBe(p.dir);

    const before = await ids(p.name);
    // Through a proxy that sees every request: a second up changes nothing and, as the listing
    // already says db is healthy and migrate exited 0, inspects nothing either.
    const proxy = await recordingProxy();
    cleanups.push(() => proxy.close());
    const again = await p.run(['up', '-d', '--json'], { env: { DOCKER_HOST: proxy.host } });
    expect(again.exitCode, again.stderr).toBe(0);
    const actions = JSON.parse(again.stdout).services.flatMap(
      (s: { containers: { action: string }[] }) => s.containers.map((c) => c.action),
    );
    expect(actions.every((a: string) => a === 'keep')).toBe(true);
    expect(await ids(p.name)).toEqual(before);
    expect(proxy.requests.some((r) => r.includes('/containers/json?'))).toBe(true);
    expect(proxy.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
    expect(proxy.requests.filter((r) => /\/containers\/[0-9a-f]{64}\/json/.test(r))).toEqual([]);
    expect(proxy.requests.length).toBeLessThanOrEqual(6);

    const down = await p.run(['down', '-v', '--json']);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({
      networks: [`${p.name}_default`],
      volumes: [`${p.name}_cache`],
    });
    expect(await ids(p.name)).toEqual({});
    expect(
      await docker([
        'network',
        'ls',
        '-q',
        '--filter',
        `label=com.docker.compose.project=${p.name}`,
      ]),
    ).toBe('');
    expect(
      await docker([
        'volume',
        'ls',
        '-q',
        '--filter',
        `label=com.docker.compose.project=${p.name}`,
      ]),
    ).toBe('');
  });

  it('recreates a container when its configuration changes, and only then', async () => {
    const p = project('recreate', STACK);
    expect((await p.run(['up', '-d', '--wait'])).exitCode).toBe(0);
    const before = await ids(p.name);
    const changed = await p.run(['up', '-d', '--wait', '--json'], { env: { GREETING: 'bonjour' } });
    expect(changed.exitCode, changed.stderr).toBe(0);
    const after = await ids(p.name);
    expect(after[`${p.name}-db-1`]).toBe(before[`${p.name}-db-1`]);
    expect(after[`${p.name}-web-1`]).not.toBe(before[`${p.name}-web-1`]);
    expect(
      await docker([
        'inspect',
        '-f',
        '{{range .Config.Env}}{{println .}}{{end}}',
        `${p.name}-web-1`,
      ]),
    ).toContain('GREETING=bonjour');
    const forced = JSON.parse(
      (
        await p.run(['up', '-d', '--force-recreate', '--json', 'db'], {
          env: { GREETING: 'bonjour' },
        })
      ).stdout,
    );
    expect(forced.services[0].containers[0].action).toBe('recreate');
  });

  it('names a service that fails its healthcheck and shows its last log lines', async () => {
    const p = project(
      'unhealthy',
      `services:
  db:
    image: busybox:1.36
    init: true
    command: ["sh", "-c", "echo cannot open /var/lib/db; exec sleep 3600"]
    healthcheck: {test: ["CMD", "false"], interval: 1s, retries: 2}
  web:
    image: busybox:1.36
    command: ["sleep", "3600"]
    depends_on: {db: {condition: service_healthy}}
`,
    );
    const result = await p.run(['up', '-d']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`error: dependency failed to start: container ${p.name}-db-1 is unhealthy`),
    );
    expect(result.stderr).toContain('cannot open /var/lib/db');
    expect(await docker(['ps', '-a', '-q', '--filter', `name=${p.name}-web-1`])).toBe('');
  });

  it('refuses to wait forever on a crash-looping service', async () => {
    const p = project(
      'crashloop',
      `services:
  worker:
    image: busybox:1.36
    command: ["sh", "-c", "echo boom: no config; exit 3"]
    restart: always
`,
    );
    const result = await p.run(['up', '-d', '--wait', '--wait-timeout', '30']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /service worker: container \S+ (keeps restarting|exited with code 3)/,
    );
    expect(result.stderr).toContain('boom: no config');
  });

  it('stops a dependent when a one-shot dependency fails', async () => {
    const p = project(
      'migfail',
      `services:
  migrate:
    image: busybox:1.36
    command: ["sh", "-c", "echo migration 42 failed; exit 4"]
  web:
    image: busybox:1.36
    command: ["sleep", "3600"]
    depends_on: {migrate: {condition: service_completed_successfully}}
`,
    );
    const result = await p.run(['up', '-d']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`service "migrate" didn't complete successfully: exit 4`);
    expect(result.stderr).toContain('migration 42 failed');
    expect(await docker(['ps', '-a', '-q', '--filter', `name=${p.name}-web-1`])).toBe('');
  });

  it('says which host port is taken', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const port = (server.address() as net.AddressInfo).port;
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const p = project(
      'port',
      `services:\n  web:\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n    ports: ["${port}:80"]\n`,
    );
    const result = await p.run(['up', '-d']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`service web: host port ${port} is already in use`);
  });

  it('scales services up and down', async () => {
    const p = project(
      'scale',
      `services:\n  worker:\n    image: busybox:1.36\n    init: true\n    command: ["sleep", "3600"]\n`,
    );
    expect((await p.run(['up', '-d', '--scale', 'worker=3'])).exitCode).toBe(0);
    expect(Object.keys(await ids(p.name)).sort()).toEqual(
      [1, 2, 3].map((n) => `${p.name}-worker-${n}`),
    );
    expect((await p.run(['up', '-d', '--scale', 'worker=1'])).exitCode).toBe(0);
    expect(Object.keys(await ids(p.name))).toEqual([`${p.name}-worker-1`]);
  });

  it('warns about orphans and removes them with --remove-orphans', async () => {
    const p = project(
      'orphans',
      `services:\n  a:\n    image: busybox:1.36\n    init: true\n    command: ["sleep", "3600"]\n  b:\n    image: busybox:1.36\n    init: true\n    command: ["sleep", "3600"]\n`,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    writeFileSync(
      path.join(p.dir, 'compose.yaml'),
      `services:\n  a:\n    image: busybox:1.36\n    init: true\n    command: ["sleep", "3600"]\n`,
    );
    const warned = await p.run(['up', '-d']);
    expect(warned.stderr).toContain(
      `warning: container ${p.name}-b-1 belongs to no service of ${p.name}`,
    );
    expect(Object.keys(await ids(p.name)).sort()).toEqual([`${p.name}-a-1`, `${p.name}-b-1`]);
    expect((await p.run(['up', '-d', '--remove-orphans'])).exitCode).toBe(0);
    expect(Object.keys(await ids(p.name))).toEqual([`${p.name}-a-1`]);
  });

  it('starts only named services with their dependencies, or alone with --no-deps', async () => {
    const p = project('partial', STACK);
    expect((await p.run(['up', '-d', 'migrate'])).exitCode).toBe(0);
    expect(Object.keys(await ids(p.name)).sort()).toEqual([
      `${p.name}-db-1`,
      `${p.name}-migrate-1`,
    ]);
    await p.run(['down']);
    expect((await p.run(['up', '-d', '--no-deps', 'web'])).exitCode).toBe(0);
    expect(Object.keys(await ids(p.name))).toEqual([`${p.name}-web-1`]);
  });
});

describe('the lifecycle verbs', () => {
  it('stop, start, restart, kill, pause, unpause and rm act on the project containers', async () => {
    const p = project('verbs', STACK);
    expect((await p.run(['up', '-d', '--wait'])).exitCode).toBe(0);
    const state = async (c: string) =>
      docker(['inspect', '-f', '{{.State.Status}}', `${p.name}-${c}-1`]);

    expect((await p.run(['stop', 'web'])).exitCode).toBe(0);
    expect(await state('web')).toBe('exited');
    expect(await state('db')).toBe('running');
    expect((await p.run(['start'])).exitCode).toBe(0);
    expect(await state('web')).toBe('running');

    const startedAt = await docker(['inspect', '-f', '{{.State.StartedAt}}', `${p.name}-web-1`]);
    expect((await p.run(['restart', 'web'])).exitCode).toBe(0);
    expect(await docker(['inspect', '-f', '{{.State.StartedAt}}', `${p.name}-web-1`])).not.toBe(
      startedAt,
    );

    expect((await p.run(['pause', 'web'])).exitCode).toBe(0);
    expect(await state('web')).toBe('paused');
    expect((await p.run(['unpause', 'web'])).exitCode).toBe(0);
    expect(await state('web')).toBe('running');

    expect((await p.run(['kill', '-s', 'SIGKILL', 'web'])).exitCode).toBe(0);
    expect(await state('web')).toBe('exited');
    expect((await p.run(['rm', 'web'])).exitCode).toBe(0);
    expect(Object.keys(await ids(p.name))).not.toContain(`${p.name}-web-1`);

    // Stopping the project stops dependents before their dependencies.
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const stop = await p.run(['stop']);
    const order = stop.stderr
      .split('\n')
      .filter((l) => l.includes('Stopped'))
      .map((l) => l.split(/\s+/)[1]);
    expect(order.indexOf(`${p.name}-web-1`)).toBeLessThan(order.indexOf(`${p.name}-db-1`));
  });

  it('up starts a server again that a stop left exited with code 0', async () => {
    const p = project(
      'restartgrace',
      // Exits 0 on SIGTERM, as databases do: up must not take it for a finished task.
      `services:\n  db:\n    image: busybox:1.36\n    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]\n`,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    expect((await p.run(['stop', 'db'])).exitCode).toBe(0);
    const stopped = await docker(['inspect', '-f', '{{.State.ExitCode}}', `${p.name}-db-1`]);
    expect(stopped).toBe('0');
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    expect(await docker(['inspect', '-f', '{{.State.Running}}', `${p.name}-db-1`])).toBe('true');
  });

  it('ps shows image, state and health; top shows processes', async () => {
    const p = project('pstop', STACK);
    expect((await p.run(['up', '-d', '--wait'])).exitCode).toBe(0);
    const ps = JSON.parse((await p.run(['ps', '--json'])).stdout);
    expect(
      ps.containers.map((c: { service: string; health: string }) => [c.service, c.health]),
    ).toEqual([
      ['db', 'healthy'],
      ['web', 'none'],
    ]);
    const top = JSON.parse((await p.run(['top', 'web', '--json'])).stdout);
    expect(top.containers[0].processes.map((row: string[]) => row.join(' ')).join('\n')).toContain(
      'sleep 3600',
    );
  });
});

describe('interop with docker-compose v1', () => {
  it('lists and removes with docker-compose what stager started', async () => {
    const p = project('tov1', STACK);
    expect((await p.run(['up', '-d', '--wait'])).exitCode).toBe(0);
    const listed = await execa('docker-compose', ['-p', p.name, 'ps'], { cwd: p.dir });
    expect(listed.stdout).toContain(`${p.name}-web-1`);
    expect(listed.stdout).toContain(`${p.name}-db-1`);
    await execa('docker-compose', ['-p', p.name, 'down'], { cwd: p.dir });
    expect(await ids(p.name)).toEqual({});
  });

  it('lists, stops and removes what docker-compose started', async () => {
    const name = uniqueProject('fromv1');
    const dir = projectDir(name, {
      'docker-compose.yml': `services:\n  web:\n    image: busybox:1.36\n    init: true\n    command: ["sleep", "3600"]\n`,
    });
    cleanups.push(async () => {
      await removeProject(name);
      dir.cleanup();
    });
    await execa('docker-compose', ['up', '-d'], { cwd: dir.dir });
    const ps = JSON.parse((await stager(['ps', '--json'], { cwd: dir.dir })).stdout);
    expect(ps.containers.map((c: { name: string }) => c.name)).toEqual([`${name}_web_1`]);
    expect((await stager(['stop'], { cwd: dir.dir })).exitCode).toBe(0);
    expect(await docker(['inspect', '-f', '{{.State.Status}}', `${name}_web_1`])).toBe('exited');
    expect((await stager(['down'], { cwd: dir.dir })).exitCode).toBe(0);
    expect(await ids(name)).toEqual({});
    expect(await docker(['network', 'ls', '-q', '--filter', `name=${name}_default`])).toBe('');
  });
});
