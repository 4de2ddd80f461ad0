import { describe, expect, it } from 'vitest';
import type { Project, ServiceConfig } from '../../../../src/config/model/project.js';
import type { ContainerSummary } from '../../../../src/engine/engine.js';
import { dependencyLevels, dependents, withDependencies } from '../../../../src/config/graph.js';
import { planUp, renderPlan } from '../../../../src/ops/lifecycle/plan.js';

function project(
  services: Record<string, Partial<ServiceConfig>>,
  disabled: Record<string, Partial<ServiceConfig>> = {},
): Project {
  const full = (m: Record<string, Partial<ServiceConfig>>) =>
    Object.fromEntries(
      Object.entries(m).map(([name, s]) => [name, { name, image: 'x', ...s } as ServiceConfig]),
    );
  return {
    name: 'p',
    workingDir: '/p',
    configFiles: [],
    services: full(services),
    disabledServices: full(disabled),
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    extensions: {},
  };
}

function container(
  service: string,
  number: number,
  hash: string,
  state: ContainerSummary['state'] = 'running',
  oneoff = false,
): ContainerSummary {
  return {
    id: `${service}-${number}-${hash}`,
    name: `p-${service}-${number}`,
    image: 'x',
    state,
    status: '',
    health: 'none',
    createdAt: new Date(0),
    ports: [],
    labels: {
      'com.docker.compose.project': 'p',
      'com.docker.compose.service': service,
      'com.docker.compose.container-number': String(number),
      'com.docker.compose.oneoff': oneoff ? 'True' : 'False',
      'com.docker.compose.config-hash': hash,
    },
  };
}

const kinds = (plan: ReturnType<typeof planUp>) =>
  Object.fromEntries(
    plan.services.map((s) => [s.service, s.actions.map((a) => `${a.kind}:${a.number}`)]),
  );

describe('planUp', () => {
  const p = project({
    db: {},
    cache: {},
    web: {
      depends_on: {
        db: { condition: 'service_healthy', required: true },
        cache: { condition: 'service_started', required: true },
      },
    },
    worker: { depends_on: { web: { condition: 'service_started', required: true } }, scale: 2 },
  });
  const targets = ['db', 'cache', 'web', 'worker'];
  const hashes = { db: 'h', cache: 'h', web: 'h', worker: 'h' };

  it('creates everything on a cold start, in dependency levels', () => {
    const plan = planUp(p, [], { targets, hashes });
    expect(plan.services.map((s) => [s.service, s.level])).toEqual([
      ['cache', 0],
      ['db', 0],
      ['web', 1],
      ['worker', 2],
    ]);
    expect(kinds(plan)).toEqual({
      cache: ['create:1'],
      db: ['create:1'],
      web: ['create:1'],
      worker: ['create:1', 'create:2'],
    });
  });

  it('touches nothing when every container is current and running', () => {
    const actual = [
      container('db', 1, 'h'),
      container('cache', 1, 'h'),
      container('web', 1, 'h'),
      container('worker', 1, 'h'),
      container('worker', 2, 'h'),
    ];
    const plan = planUp(p, actual, { targets, hashes });
    expect(
      Object.values(kinds(plan))
        .flat()
        .every((k) => k.startsWith('keep')),
    ).toBe(true);
  });

  it('recreates on a changed hash, starts stopped ones, and honours --no-recreate and --force-recreate', () => {
    const actual = [container('db', 1, 'old'), container('cache', 1, 'h', 'exited')];
    expect(kinds(planUp(p, actual, { targets: ['db', 'cache'], hashes }))).toEqual({
      db: ['recreate:1'],
      cache: ['start:1'],
    });
    expect(
      kinds(planUp(p, actual, { targets: ['db', 'cache'], hashes, noRecreate: true })),
    ).toEqual({ db: ['keep:1'], cache: ['start:1'] });
    expect(
      kinds(planUp(p, actual, { targets: ['db', 'cache'], hashes, forceRecreate: true })),
    ).toEqual({ db: ['recreate:1'], cache: ['recreate:1'] });
  });

  it('starts a server that exited 0 when stopped, one waited on as completed excepted', () => {
    const served = { ...container('db', 1, 'h', 'exited'), exitCode: 0 };
    expect(kinds(planUp(p, [served], { targets: ['db'], hashes }))).toEqual({ db: ['start:1'] });
  });

  it('keeps a one-shot container that exited 0, and starts one stopped by hand', () => {
    const tasks = project({
      migrate: {},
      seed: {},
      app: {
        depends_on: {
          migrate: { condition: 'service_completed_successfully', required: true },
          seed: { condition: 'service_completed_successfully', required: true },
        },
      },
    });
    const done = { ...container('migrate', 1, 'h', 'exited'), exitCode: 0 };
    const killed = { ...container('seed', 1, 'h', 'exited'), exitCode: 137 };
    const h = { migrate: 'h', seed: 'h' };
    expect(
      kinds(planUp(tasks, [done, killed], { targets: ['migrate', 'seed'], hashes: h })),
    ).toEqual({
      migrate: ['keep:1'],
      seed: ['start:1'],
    });
  });

  it('scales up and down with --scale', () => {
    const actual = [container('worker', 1, 'h'), container('worker', 2, 'h')];
    expect(kinds(planUp(p, actual, { targets: ['worker'], hashes, scale: { worker: 3 } }))).toEqual(
      { worker: ['keep:1', 'keep:2', 'create:3'] },
    );
    expect(kinds(planUp(p, actual, { targets: ['worker'], hashes, scale: { worker: 1 } }))).toEqual(
      { worker: ['keep:1', 'remove:2'] },
    );
  });

  it('lists containers of services no file defines as orphans, not one-offs nor profile-disabled ones', () => {
    const q = project({ web: {} }, { debug: {} });
    const actual = [
      container('web', 1, 'h'),
      container('old', 1, 'h'),
      container('debug', 1, 'h'),
      container('web', 1, 'h', 'exited', true),
    ];
    expect(
      planUp(q, actual, { targets: ['web'], hashes: { web: 'h' } }).orphans.map((c) => c.name),
    ).toEqual(['p-old-1']);
  });
});

describe('the whole plan as text', () => {
  it('lists networks, volumes, images, orphans and containers in the order up takes them', () => {
    const q: Project = {
      ...project({
        db: { volumes: [{ type: 'volume', source: 'data', target: '/var/lib/db' }] },
        web: {
          depends_on: { db: { condition: 'service_healthy', required: true } },
          networks: { default: null, shared: null },
          scale: 2,
        },
      }),
      networks: { default: { name: 'p_default' }, shared: { name: 'edge', external: true } },
      volumes: { data: { name: 'p_data' } },
    };
    q.services.db!.networks = { default: null };
    const actual = [
      container('db', 1, 'old', 'exited'),
      container('web', 1, 'h-web', 'running'),
      container('web', 2, 'h-web', 'exited'),
      container('web', 3, 'h-web', 'running'),
      container('gone', 1, 'x', 'running'),
    ];
    // web's containers run the image web runs now; db's ran another one.
    for (const c of actual.filter((c) => c.name.startsWith('p-web')))
      c.labels = { ...c.labels, 'com.docker.compose.image': 'sha256:fedcba9876543210' };
    const plan = planUp(q, actual, {
      targets: ['db', 'web'],
      hashes: { db: 'h-db', web: 'h-web' },
      imageIds: { db: 'sha256:0123456789abcdef', web: 'sha256:fedcba9876543210' },
    });
    expect(renderPlan(plan, { removeOrphans: true })).toBe(
      [
        'network p_default',
        'network edge (external)',
        'volume p_data',
        'image db 0123456789ab',
        'image web fedcba987654',
        'orphan p-gone-1 remove',
        'level 0 db #1 recreate p-db-1',
        'level 1 web #1 keep p-web-1',
        'level 1 web #2 start p-web-2',
        'level 1 web #3 remove p-web-3',
        '',
      ].join('\n'),
    );
    expect(renderPlan(plan)).toContain('orphan p-gone-1 keep, with a warning\n');
  });
});

describe('dependency helpers', () => {
  const p = project({
    db: {},
    app: { depends_on: { db: { condition: 'service_started', required: true } } },
    proxy: { network_mode: 'service:app' },
    backup: { volumes_from: ['db:ro'] },
  });

  it('follows depends_on, network_mode: service and volumes_from', () => {
    expect(withDependencies(p, ['proxy']).sort()).toEqual(['app', 'db', 'proxy']);
    expect(withDependencies(p, ['backup']).sort()).toEqual(['backup', 'db']);
    expect(Object.fromEntries(dependencyLevels(p, ['db', 'app', 'proxy', 'backup']))).toEqual({
      db: 0,
      app: 1,
      proxy: 2,
      backup: 1,
    });
  });

  it('finds the services that must stop before a dependency', () => {
    expect(dependents(p, ['db']).sort()).toEqual(['app', 'backup', 'db', 'proxy']);
    expect(dependents(p, ['app']).sort()).toEqual(['app', 'proxy']);
  });
});
