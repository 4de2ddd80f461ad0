import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue } from '../../../src/errors.js';
import { loadProject, type LoadOptions } from '../../../src/config/load.js';
import { memoryFs } from '../../../src/config/source-fs.js';

const DIR = '/proj/shop';

function load(files: Record<string, string>, over: Partial<LoadOptions> = {}) {
  const tree = Object.fromEntries(
    Object.entries(files).map(([f, t]) => [f.startsWith('/') ? f : `${DIR}/${f}`, t]),
  );
  return loadProject({ cwd: DIR, env: { HOME: '/home/dev' }, fs: memoryFs(tree), ...over });
}

function problems(files: Record<string, string>, over: Partial<LoadOptions> = {}): string[] {
  try {
    load(files, over);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map(formatIssue);
    throw err;
  }
  throw new Error('expected the project to be rejected');
}

describe('loadProject', () => {
  it('resolves names, paths and the default network', () => {
    const { project } = load({
      'compose.yaml': `services:
  web:
    build: ./app
    volumes: ["./data:/data", "db:/var/lib/db", "~/cache:/cache"]
volumes:
  db: {}
  shared: {external: true}
`,
      'app/Dockerfile': 'FROM busybox',
    });
    expect(project.name).toBe('shop');
    const web = project.services.web!;
    expect(web.build).toEqual({ context: `${DIR}/app` });
    expect(web.volumes?.map((v) => v.source)).toEqual([`${DIR}/data`, 'db', '/home/dev/cache']);
    expect(web.networks).toEqual({ default: null });
    expect(project.networks).toEqual({ default: { name: 'shop_default' } });
    expect(project.volumes).toEqual({
      db: { name: 'shop_db' },
      shared: { name: 'shared', external: true },
    });
  });

  it('folds env files into environment, the service environment winning', () => {
    const { project } = load(
      {
        'compose.yaml':
          'services:\n  web:\n    image: x\n    env_file: [web.env, {path: missing.env, required: false}]\n    environment: {B: own, FROM_SHELL: null}\n',
        'web.env': 'A=1\nB=from-file\nC=${TAG:-dflt}\n',
      },
      { env: { FROM_SHELL: 'shell-value' } },
    );
    expect(project.services.web!.environment).toEqual({
      A: '1',
      B: 'own',
      C: 'dflt',
      FROM_SHELL: 'shell-value',
    });
    expect(project.services.web).not.toHaveProperty('env_file');
  });

  it('uses .env and the shell for interpolation, the shell winning', () => {
    const files = {
      'compose.yaml':
        'services:\n  web:\n    image: "app:${TAG}"\n    ports: ["${PORT:-8000}:80"]\n',
      '.env': 'TAG=dev\nPORT=9000\n',
    };
    expect(load(files).project.services.web).toMatchObject({
      image: 'app:dev',
      ports: [{ published: '9000', target: 80 }],
    });
    expect(load(files, { env: { TAG: 'ci' } }).project.services.web!.image).toBe('app:ci');
  });

  it('merges compose.override.yaml found beside compose.yaml', () => {
    const { project, location } = load({
      'compose.yaml': 'services:\n  web:\n    image: a\n    environment: {A: "1"}\n',
      'compose.override.yaml': 'services:\n  web:\n    environment: {B: "2"}\n',
    });
    expect(location.configFiles).toEqual([`${DIR}/compose.yaml`, `${DIR}/compose.override.yaml`]);
    expect(project.services.web!.environment).toEqual({ A: '1', B: '2' });
  });

  describe('extends', () => {
    it('takes a service from the same file and merges over it', () => {
      const { project } = load({
        'compose.yaml': `services:
  base:
    image: app
    environment: {A: "1"}
    command: run
  web:
    extends: base
    environment: {B: "2"}
  worker:
    extends: {service: web}
    command: work
`,
      });
      expect(project.services.web).toMatchObject({
        image: 'app',
        environment: { A: '1', B: '2' },
        command: ['run'],
      });
      expect(project.services.worker).toMatchObject({ image: 'app', command: ['work'] });
      expect(project.services.worker).not.toHaveProperty('extends');
    });

    it('resolves paths of a service from another file against that file', () => {
      const { project } = load({
        'compose.yaml': 'services:\n  web:\n    extends: {file: common/base.yaml, service: app}\n',
        'common/base.yaml': 'services:\n  app:\n    build: ./src\n    volumes: ["./conf:/conf"]\n',
        'common/src/Dockerfile': 'FROM x',
      });
      expect(project.services.web!.build).toEqual({ context: `${DIR}/common/src` });
      expect(project.services.web!.volumes?.[0]?.source).toBe(`${DIR}/common/conf`);
    });

    it('reports a cycle and an unknown base', () => {
      expect(
        problems({ 'compose.yaml': 'services:\n  a: {extends: b}\n  b: {extends: a}\n' }).join(
          '\n',
        ),
      ).toMatch(/extends cycle: a -> b -> a|extends cycle: b -> a -> b/);
      expect(
        problems({ 'compose.yaml': 'services:\n  a: {extends: nope, image: x}\n' })[0],
      ).toMatch(/extends names service "nope"/);
    });
  });

  describe('include', () => {
    it('brings in another project with its own folder and .env', () => {
      const { project } = load({
        'compose.yaml':
          'include: [db/compose.yaml]\nservices:\n  web:\n    image: web\n    depends_on: [db]\n',
        'db/compose.yaml':
          'services:\n  db:\n    image: "postgres:${PG}"\n    volumes: ["./data:/var/lib/postgresql/data"]\n',
        'db/.env': 'PG=16\n',
      });
      expect(project.services.db!.image).toBe('postgres:16');
      expect(project.services.db!.volumes?.[0]?.source).toBe(`${DIR}/db/data`);
      expect(project.networks.default?.name).toBe('shop_default');
    });

    it('refuses a service defined both here and in the included file', () => {
      const found = problems({
        'compose.yaml': 'include: [other.yaml]\nservices:\n  db: {image: a}\n',
        'other.yaml': 'services:\n  db: {image: b}\n',
      });
      expect(found[0]).toMatch(/service "db" is also defined by an included file/);
    });
  });

  describe('profiles', () => {
    const files = {
      'compose.yaml': `services:
  web: {image: web}
  debug: {image: dbg, profiles: [tools], depends_on: [mailhog]}
  mailhog: {image: mh, profiles: [mail]}
`,
    };

    it('leaves services with inactive profiles off', () => {
      const { project } = load(files);
      expect(Object.keys(project.services)).toEqual(['web']);
      expect(Object.keys(project.disabledServices).sort()).toEqual(['debug', 'mailhog']);
    });

    it('turns on a named service with its dependencies', () => {
      expect(Object.keys(load(files, { services: ['debug'] }).project.services).sort()).toEqual([
        'debug',
        'mailhog',
        'web',
      ]);
    });

    it('reads COMPOSE_PROFILES and says which profile a needed dependency lacks', () => {
      expect(problems(files, { env: { COMPOSE_PROFILES: 'tools' } })[0]).toMatch(
        /depends on "mailhog", which is off: enable it with --profile mail/,
      );
      expect(Object.keys(load(files, { profiles: ['tools,mail'] }).project.services)).toHaveLength(
        3,
      );
      expect(Object.keys(load(files, { profiles: ['*'] }).project.services)).toHaveLength(3);
    });
  });

  describe('problems', () => {
    it('reports every problem with file, line, column and key, with a did-you-mean', () => {
      const found = problems({
        'compose.yaml': `services:
  web:
    image: web
    portz: ["80:80"]
    depends_on: [dbb]
    restart: 5
  db:
    image: db
    volumes: ["data:/var/lib/db"]
`,
      });
      expect(found).toEqual([
        `${DIR}/compose.yaml:4:5: services.web.portz: unknown key "portz" (did you mean "ports"?)`,
        `${DIR}/compose.yaml:5:5: services.web.depends_on.dbb: depends on undefined service "dbb" (did you mean "db"?)`,
        `${DIR}/compose.yaml:6:5: services.web.restart: must be a string, not the value 5`,
        `${DIR}/compose.yaml:9:15: services.db.volumes[0]: uses undefined volume "data": declare it under the top-level volumes key`,
      ]);
    });

    it('names the override file when the problem is there', () => {
      const found = problems({
        'compose.yaml': 'services:\n  web: {image: a}\n  cache: {image: c}\n',
        'compose.override.yaml':
          'services:\n  web:\n    depends_on:\n      cache: {condition: service_ready}\n',
      });
      expect(found[0]).toMatch(
        /^\/proj\/shop\/compose\.override\.yaml:4:\d+: services\.web\.depends_on\.cache\.condition: the string "service_ready" is not allowed/,
      );
    });

    it('finds dependency cycles', () => {
      expect(
        problems({
          'compose.yaml':
            'services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [a]}\n',
        })[0],
      ).toMatch(/dependency cycle: a -> b -> a/);
    });

    it('rejects a service with no image and no build, but loads clashing container names', () => {
      // As Compose v2: a clash fails the commands that act on both services, not the load.
      const found = problems({
        'compose.yaml':
          'services:\n  a: {container_name: x, image: i}\n  b: {container_name: x, image: i}\n  c: {}\n',
      });
      expect(found.join('\n')).not.toMatch(/container name/);
      expect(found.join('\n')).toMatch(/service "c" has neither an image nor a build context/);
    });

    it('reports invalid ports at their line', () => {
      expect(
        problems({ 'compose.yaml': 'services:\n  a:\n    image: i\n    ports: ["1-3:1-2"]\n' })[0],
      ).toMatch(/compose\.yaml:4:5: services\.a\.ports: invalid port "1-3:1-2"/);
    });

    it('says when a required env file is missing', () => {
      expect(
        problems({ 'compose.yaml': 'services:\n  a:\n    image: i\n    env_file: app.env\n' })[0],
      ).toMatch(/env file \/proj\/shop\/app\.env not found/);
    });
  });
});
