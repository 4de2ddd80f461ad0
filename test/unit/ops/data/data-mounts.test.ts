import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../../../../src/host/node-host.js';
import type { Project, ServiceConfig } from '../../../../src/config/model/project.js';
import {
  bindFolders,
  outermost,
  projectVolumes,
  servicesUsing,
} from '../../../../src/ops/data/data-mounts.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'stager-mounts-'));
const dir = path.join(root, 'shop');
const outside = path.join(root, 'elsewhere');
mkdirSync(path.join(dir, 'data/db'), { recursive: true });
mkdirSync(path.join(dir, 'config'), { recursive: true });
mkdirSync(outside);
writeFileSync(path.join(dir, 'app.ini'), 'x=1\n');
symlinkSync(outside, path.join(dir, 'linked'));
symlinkSync(path.join(dir, 'data/db'), path.join(dir, 'inner-link'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bind = (source: string, target: string, ro = false) => ({
  type: 'bind' as const,
  source: path.resolve(dir, source),
  target,
  ...(ro ? { read_only: true } : {}),
});

function project(services: Record<string, Partial<ServiceConfig>>): Project {
  return {
    name: 'shop',
    workingDir: dir,
    configFiles: [],
    services: Object.fromEntries(
      Object.entries(services).map(([name, s]) => [name, { name, ...s } as ServiceConfig]),
    ),
    disabledServices: {},
    networks: {},
    volumes: { pg: { name: 'shop_pg' }, ext: { name: 'shared', external: true } } as never,
    secrets: {},
    configs: {},
    extensions: {},
  };
}

const p = project({
  db: {
    volumes: [bind('data/db', '/var/lib/db'), { type: 'volume', source: 'pg', target: '/pg' }],
  },
  web: {
    volumes: [
      bind('data', '/all'),
      bind('.', '/src'),
      bind('config', '/config', true),
      bind('app.ini', '/app.ini'),
      bind('linked', '/linked'),
      bind('inner-link', '/inner'),
      bind(outside, '/outside'),
      bind('/', '/host'),
      bind('data/new', '/new'),
      { type: 'volume', source: 'ext', target: '/ext' },
    ],
  },
});

describe('bindFolders', () => {
  const refusals = () =>
    Object.fromEntries(
      bindFolders(nodeHost.fs, p, undefined, dir).map((f) => [
        f.path === '/' ? '/' : path.relative(dir, f.path) || '.',
        f.refused ?? 'ok',
      ]),
    );

  it('accepts writable folders inside the project, existing or not, and says why others are refused', () => {
    expect(refusals()).toEqual({
      'data/db': 'ok',
      data: 'ok',
      '.': 'the project folder itself',
      config: 'read-only',
      'app.ini': 'a file',
      linked: 'a symlink out of the project',
      '../elsewhere': 'outside the project',
      '/': 'outside the project',
      'data/new': 'ok',
    });
  });

  it('lets --allow-outside name one folder outside, and only that one', () => {
    const folders = bindFolders(nodeHost.fs, p, ['web'], dir, { allowOutside: [outside] });
    expect(folders.find((f) => f.path === outside)?.refused).toBeUndefined();
    expect(folders.find((f) => f.path === '/')?.refused).toBe('outside the project');
  });

  it('never counts source as data: a build context, the compose files, tracked files', () => {
    mkdirSync(path.join(dir, 'src/app'), { recursive: true });
    mkdirSync(path.join(dir, 'deploy'), { recursive: true });
    mkdirSync(path.join(dir, 'code'), { recursive: true });
    const q = {
      ...project({
        app: {
          build: { context: path.join(dir, 'src/app') },
          volumes: [bind('src', '/app'), bind('deploy', '/deploy'), bind('code', '/code')],
        },
      }),
      configFiles: [path.join(dir, 'deploy/compose.yaml')],
    };
    const refusals = (options = {}) =>
      Object.fromEntries(
        bindFolders(nodeHost.fs, q, undefined, dir, {
          isTracked: (f) => f === path.join(dir, 'code'),
          ...options,
        }).map((f) => [path.relative(dir, f.path), f.refused ?? 'ok']),
      );
    expect(refusals()).toEqual({
      src: 'holds a build context',
      deploy: 'holds the compose files',
      code: 'holds files tracked by git',
    });
    expect(refusals({ includeSource: ['./src', 'code'] })).toEqual({
      src: 'ok',
      deploy: 'holds the compose files',
      code: 'ok',
    });
  });

  it('counts a folder the build context sends as source, and one .dockerignore leaves out as data', () => {
    mkdirSync(path.join(dir, 'app'), { recursive: true });
    mkdirSync(path.join(dir, 'data/mysql'), { recursive: true });
    mkdirSync(path.join(dir, 'cache/pip'), { recursive: true });
    writeFileSync(path.join(dir, '.dockerignore'), '# data lives here\ndata/\ncache\n');
    const q = project({
      web: {
        build: { context: dir },
        volumes: [bind('app', '/srv/app'), bind('data/mysql', '/db'), bind('cache/pip', '/pip')],
      },
    });
    const refusals = Object.fromEntries(
      bindFolders(nodeHost.fs, q, undefined, dir).map((f) => [
        path.relative(dir, f.path),
        f.refused ?? 'ok',
      ]),
    );
    expect(refusals).toEqual({
      app: 'sent with a build context',
      'data/mysql': 'ok',
      'cache/pip': 'ok',
    });
  });

  it('plans a link inside the project as its target, one folder under two names', () => {
    const db = bindFolders(nodeHost.fs, p, undefined, dir).find(
      (f) => f.path === path.join(dir, 'data/db'),
    );
    expect(db?.services.sort()).toEqual(['db', 'web']);
    expect(db?.targets.sort()).toEqual(['/inner', '/var/lib/db']);
  });

  it('keeps only the outer of nested folders, and finds every service that mounts either', () => {
    const folders = bindFolders(nodeHost.fs, p, undefined, dir).filter((f) => !f.refused);
    expect(outermost(folders).map((f) => path.relative(dir, f.path))).toEqual(['data']);
    expect(servicesUsing(p, [path.join(dir, 'data/db')])).toEqual(['db', 'web']);
  });
});

describe('projectVolumes', () => {
  it("lists the selected services' named volumes by engine name, external ones marked", () => {
    expect(projectVolumes(p, ['db'])).toEqual([
      { name: 'shop_pg', key: 'pg', services: ['db'], external: false },
    ]);
    expect(projectVolumes(p, undefined).map((v) => [v.name, v.external])).toEqual([
      ['shop_pg', false],
      ['shared', true],
    ]);
  });
});
