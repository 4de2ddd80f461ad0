/**
 * Docker Compose v2.40 as the witness, on the same project: the labels and hashes it writes,
 * and switching tools both ways without recreating anything.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  composeV2,
  docker,
  engineApiAtLeast,
  projectResources,
  testProject,
} from '../integration/helpers.js';

const V2 = composeV2();

const cleanups = cleanupAfterEach();

const STACK = `services:
  db:
    image: busybox:1.36
    init: true
    command: ["sh", "-c", "echo db ready; touch /tmp/ok; exec sleep 3600"]
    environment:
      PASSWORD: "s3cret&<x>"
      EMPTY:
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, timeout: 90s, retries: 20}
    volumes: ["./data:/data", "cache:/cache", "/anon"]
    labels: {team.owner: dev}
    mem_limit: 64m
  web:
    image: busybox:1.36
    init: true
    command: sleep 3600
    depends_on: {db: {condition: service_healthy}}
    ports: ["127.0.0.1::80"]
    stop_grace_period: 1m30s
    networks: {default: {}, back: {aliases: [www]}}
volumes:
  cache:
networks:
  back:
`;

const compose = (dir: string, args: string[]) =>
  execa(V2, args, { cwd: dir, env: { COMPOSE_ANSI: 'never', COMPOSE_STATUS_STDOUT: '1' } });

type Labels = Record<string, string>;

/** Labels of the project's containers, networks or volumes, by name. */
async function labelsOf(
  kind: 'containers' | 'networks' | 'volumes',
  project: string,
): Promise<Record<string, Labels>> {
  const inspect =
    kind === 'containers'
      ? ['inspect', '--format', '{{.Name}} {{json .Config.Labels}}']
      : [kind.slice(0, -1), 'inspect', '--format', '{{.Name}} {{json .Labels}}'];
  const out: Record<string, Labels> = {};
  for (const id of await projectResources(kind, project)) {
    const [name, labels] = (await docker([...inspect, id])).split(/ (.*)/s);
    out[name!.replace(/^\//, '')] = JSON.parse(labels!) as Labels;
  }
  return out;
}

/** Everything but the tool's own version, which names who wrote the label. */
const withoutVersion = (all: Record<string, Labels>) =>
  Object.fromEntries(
    Object.entries(all).map(([name, labels]) => {
      const { 'com.docker.compose.version': version, ...rest } = labels;
      expect(version, `${name} has com.docker.compose.version`).toMatch(/^\d+\.\d+\.\d+/);
      return [name, rest];
    }),
  );

const ids = async (project: string) =>
  (
    await docker([
      'ps',
      '-q',
      '--no-trunc',
      '--filter',
      `label=com.docker.compose.project=${project}`,
    ])
  )
    .split('\n')
    .filter(Boolean)
    .sort();

describe('Compose v2 as the witness', () => {
  it('writes on containers, networks and volumes exactly the labels v2 writes', async () => {
    const p = testProject('v2labels', { 'compose.yaml': STACK }, cleanups);
    await compose(p.dir, ['up', '-d', '--wait']);
    const v2 = {
      containers: withoutVersion(await labelsOf('containers', p.name)),
      networks: withoutVersion(await labelsOf('networks', p.name)),
      volumes: withoutVersion(await labelsOf('volumes', p.name)),
    };
    await compose(p.dir, ['down', '-v']);
    const up = await p.run(['up', '-d', '--wait']);
    expect(up.exitCode, up.stderr).toBe(0);
    const ours = {
      containers: withoutVersion(await labelsOf('containers', p.name)),
      networks: withoutVersion(await labelsOf('networks', p.name)),
      volumes: withoutVersion(await labelsOf('volumes', p.name)),
    };
    // The anonymous volume is the engine's, unlabelled, with either tool.
    expect(Object.keys(ours.volumes)).toHaveLength(1);
    expect(ours).toEqual(v2);
  });

  it("switching from docker compose to stager recreates nothing, and stager drives v2's project", async () => {
    const p = testProject('v2tostager', { 'compose.yaml': STACK }, cleanups);
    await compose(p.dir, ['up', '-d', '--wait']);
    const before = await ids(p.name);
    expect(before).toHaveLength(2);
    const up = await p.run(['up', '-d', '--json']);
    expect(up.exitCode, up.stderr).toBe(0);
    const actions = (
      JSON.parse(up.stdout) as { services: { containers: { action: string }[] }[] }
    ).services.flatMap((s) => s.containers.map((c) => c.action));
    expect(actions).toEqual(['keep', 'keep']);
    expect(await ids(p.name)).toEqual(before);

    const logs = await p.run(['logs', 'db']);
    expect(logs.stdout).toContain('db ready');
    const ps = await p.run(['ps', '--json']);
    expect((JSON.parse(ps.stdout) as { containers: unknown[] }).containers).toHaveLength(2);
    expect((await p.run(['stop', 'web'])).exitCode).toBe(0);
    expect((await p.run(['start', 'web'])).exitCode).toBe(0);
    expect((await p.run(['down', '-v'])).exitCode).toBe(0);
    expect(await projectResources('containers', p.name)).toEqual([]);
    expect(await projectResources('volumes', p.name)).toEqual([]);
  });

  it("switching from stager to docker compose recreates nothing, and v2 drives stager's project", async () => {
    const p = testProject('stagertov2', { 'compose.yaml': STACK }, cleanups);
    expect((await p.run(['up', '-d', '--wait'])).exitCode).toBe(0);
    const before = await ids(p.name);
    const again = await compose(p.dir, ['up', '-d', '--wait']);
    expect(again.stdout + again.stderr).not.toMatch(/Recreate/);
    expect(await ids(p.name)).toEqual(before);

    const ps = await compose(p.dir, ['ps', '--format', '{{.Service}} {{.State}}']);
    expect(ps.stdout.split('\n').sort()).toEqual(['db running', 'web running']);
    expect((await compose(p.dir, ['logs', 'db'])).stdout).toContain('db ready');
    const exec = await compose(p.dir, ['exec', '-T', 'db', 'sh', '-c', 'echo "$PASSWORD"']);
    expect(exec.stdout).toBe('s3cret&<x>');
    await compose(p.dir, ['down', '-v']);
    expect(await projectResources('containers', p.name)).toEqual([]);
  });

  it('config --hash and config --format json print what v2 prints', async () => {
    const p = testProject('v2config', { 'compose.yaml': STACK }, cleanups);
    // stager masks secret-looking values unless asked (DIFFERENCES.md); v2 prints them.
    for (const [ours, theirs] of [
      [
        ['config', '--hash', '*'],
        ['config', '--hash', '*'],
      ],
      [
        ['config', '--format', 'json', '--show-secrets'],
        ['config', '--format', 'json'],
      ],
    ]) {
      const result = await p.run(ours!);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe((await compose(p.dir, theirs!)).stdout.trim());
    }
  });

  it('one-off containers of each tool are one-offs to the other', async () => {
    const p = testProject('v2oneoff', { 'compose.yaml': STACK }, cleanups);
    await compose(p.dir, ['run', '-d', '--no-deps', 'web', 'sleep', '300']);
    expect((await p.run(['up', '-d', '--wait', '--remove-orphans'])).exitCode).toBe(0);
    const oneOffs = () =>
      docker([
        'ps',
        '-q',
        '--filter',
        `label=com.docker.compose.project=${p.name}`,
        '--filter',
        'label=com.docker.compose.oneoff=True',
      ]);
    expect((await oneOffs()).split('\n').filter(Boolean)).toHaveLength(1);
    const run = await p.run(['run', '--rm', '--no-deps', 'web', 'true']);
    expect(run.exitCode, run.stderr).toBe(0);
    const theirs = await compose(p.dir, ['up', '-d', '--remove-orphans']);
    expect(theirs.stdout + theirs.stderr).not.toMatch(/Recreate|orphan/i);
    expect((await oneOffs()).split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses in one line a key the engine cannot honour, as v2 does, and passes it where it can', async () => {
    const p = testProject(
      'v2gate',
      {
        'compose.yaml': `services:
  db:
    image: busybox:1.36
    init: true
    command: ["sleep", "3600"]
    healthcheck: {test: ["CMD", "true"], interval: 1s, start_period: 5s, start_interval: 100ms}
`,
      },
      cleanups,
    );
    const theirs = await execa(V2, ['up', '-d'], { cwd: p.dir, reject: false });
    await execa(V2, ['down'], { cwd: p.dir, reject: false });
    const ours = await p.run(['up', '-d']);
    if (await engineApiAtLeast('1.44')) {
      expect(theirs.exitCode, theirs.stderr).toBe(0);
      expect(ours.exitCode, ours.stderr).toBe(0);
      const [id] = await projectResources('containers', p.name);
      expect(
        await docker(['inspect', '--format', '{{.Config.Healthcheck.StartInterval}}', id!]),
      ).toBe('100ms');
    } else {
      expect(theirs.exitCode).not.toBe(0);
      expect(theirs.stderr).toContain('start_interval');
      expect(ours.exitCode).toBe(2);
      expect(ours.stderr.split('\n')[0]).toMatch(
        /^error: service db: healthcheck\.start_interval needs Docker Engine 25 or newer \(API 1\.44\); this engine is \S+ \(API 1\.41\)/,
      );
      expect(await projectResources('containers', p.name)).toEqual([]);
    }
  });
});
