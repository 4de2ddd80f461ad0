import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectDir, stager } from '../integration/helpers.js';

const COMPOSE = `services:
  web:
    build: ./app
    image: "shop/web:\${TAG:-dev}"
    ports: ["8000:8000"]
    depends_on:
      db: {condition: service_healthy}
  db:
    image: postgres:16
    volumes: ["./data/db:/var/lib/postgresql/data"]
    healthcheck: {test: pg_isready, interval: 1s}
  mail:
    image: mailhog
    profiles: [dev]
volumes:
  cache: {}
`;

function project(files: Record<string, string> = {}) {
  return projectDir('shop', {
    'compose.yaml': COMPOSE,
    'app/Dockerfile': 'FROM busybox:1.36\n',
    ...files,
  });
}

describe('stager config', () => {
  it('prints the resolved project as YAML, paths absolute and syntax long', async () => {
    const p = project();
    try {
      const result = await stager(['config'], { cwd: p.dir });
      expect(result.exitCode).toBe(0);
      const doc = parse(result.stdout);
      expect(doc.name).toBe('shop');
      expect(Object.keys(doc.services)).toEqual(['db', 'web']);
      expect(doc.services.web.image).toBe('shop/web:dev');
      expect(doc.services.web.build.context).toBe(`${p.dir}/app`);
      expect(doc.services.web.ports).toEqual([
        { mode: 'ingress', target: 8000, published: '8000', protocol: 'tcp' },
      ]);
      expect(doc.services.web.depends_on).toEqual({
        db: { condition: 'service_healthy', required: true },
      });
      expect(doc.services.db.volumes[0]).toMatchObject({
        type: 'bind',
        source: `${p.dir}/data/db`,
      });
      expect(doc.services.db.healthcheck.test).toEqual(['CMD-SHELL', 'pg_isready']);
    } finally {
      p.cleanup();
    }
  });

  it('prints JSON with --format json or --json, and lists with --services, --volumes, --profiles, --images', async () => {
    const p = project({ '.env': 'TAG=1.2\n' });
    try {
      const json = JSON.parse(
        (await stager(['config', '--format', 'json'], { cwd: p.dir })).stdout,
      );
      expect(json.services.web.image).toBe('shop/web:1.2');
      expect(JSON.parse((await stager(['config', '--json'], { cwd: p.dir })).stdout)).toEqual(json);
      expect((await stager(['config', '--services'], { cwd: p.dir })).stdout).toBe('web\ndb\n');
      expect(
        (await stager(['config', '--services', '--profile', 'dev'], { cwd: p.dir })).stdout,
      ).toBe('web\ndb\nmail\n');
      expect((await stager(['config', '--volumes'], { cwd: p.dir })).stdout).toBe('cache\n');
      expect((await stager(['config', '--profiles'], { cwd: p.dir })).stdout).toBe('dev\n');
      expect((await stager(['config', '--images'], { cwd: p.dir })).stdout).toBe(
        'shop/web:1.2\npostgres:16\n',
      );
    } finally {
      p.cleanup();
    }
  });

  it('enables a profiled service named on the command line', async () => {
    const p = project();
    try {
      expect((await stager(['config', '--services', 'mail'], { cwd: p.dir })).stdout).toBe(
        'web\ndb\nmail\n',
      );
    } finally {
      p.cleanup();
    }
  });

  it('masks secret-looking values unless --show-secrets', async () => {
    const p = projectDir('secrets', {
      'compose.yaml':
        'services:\n  db:\n    image: x\n    environment: {POSTGRES_PASSWORD: hunter2, POSTGRES_USER: app}\n',
    });
    try {
      const masked = parse((await stager(['config'], { cwd: p.dir })).stdout);
      expect(masked.services.db.environment).toEqual({
        POSTGRES_PASSWORD: '****',
        POSTGRES_USER: 'app',
      });
      const shown = parse((await stager(['config', '--show-secrets'], { cwd: p.dir })).stdout);
      expect(shown.services.db.environment.POSTGRES_PASSWORD).toBe('hunter2');
    } finally {
      p.cleanup();
    }
  });

  it('leaves variables as written with --no-interpolate', async () => {
    const p = project();
    try {
      const doc = parse((await stager(['config', '--no-interpolate'], { cwd: p.dir })).stdout);
      expect(doc.services.web.image).toBe('shop/web:${TAG:-dev}');
    } finally {
      p.cleanup();
    }
  });

  it('prints a stable config hash that changes with the service', async () => {
    const p = project();
    try {
      const first = (await stager(['config', '--hash', 'web'], { cwd: p.dir })).stdout;
      expect(first).toMatch(/^web [0-9a-f]{64}\n$/);
      expect((await stager(['config', '--hash', 'web'], { cwd: p.dir })).stdout).toBe(first);
      const changed = await stager(['config', '--hash', 'web'], {
        cwd: p.dir,
        env: { TAG: 'other' },
      });
      expect(changed.stdout).not.toBe(first);
      expect(
        (await stager(['config', '--hash', '*'], { cwd: p.dir })).stdout
          .split('\n')
          .filter(Boolean),
      ).toHaveLength(2);
    } finally {
      p.cleanup();
    }
  });

  it('validates only with -q, and reads the file from standard input with -f -', async () => {
    const p = project();
    try {
      expect(await stager(['config', '-q'], { cwd: p.dir })).toMatchObject({
        exitCode: 0,
        stdout: '',
      });
      const piped = await stager(['-f', '-', 'config', '--services'], {
        cwd: p.dir,
        input: 'services:\n  solo: {image: x}\n',
      });
      expect(piped).toMatchObject({ exitCode: 0, stdout: 'solo\n' });
    } finally {
      p.cleanup();
    }
  });

  it('warns once per unset variable on stderr', async () => {
    const p = projectDir('warn', {
      'compose.yaml': 'services:\n  a:\n    image: "x:${NOPE}"\n    command: ["$NOPE"]\n',
    });
    try {
      const result = await stager(['config', '-q'], { cwd: p.dir });
      expect(result.exitCode).toBe(0);
      expect(result.stderr.trim().split('\n')).toEqual([
        'warning: the NOPE variable is not set; using an empty string',
      ]);
    } finally {
      p.cleanup();
    }
  });

  it('rejects a malformed project with one line per problem, file:line:column, exit 2', async () => {
    const p = projectDir('broken', {
      'compose.yaml': `services:
  web:
    image: web
    portz: ["80:80"]
    depends_on: [dbb]
  db:
    image: "\${DB_IMAGE:?set DB_IMAGE in .env}"
`,
    });
    try {
      const result = await stager(['config'], { cwd: p.dir });
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      const file = `${p.dir}/compose.yaml`;
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        `error: ${file}:7:12: services.db.image: required variable DB_IMAGE is missing a value: set DB_IMAGE in .env`,
      ]);
      const fixed = await stager(['config'], { cwd: p.dir, env: { DB_IMAGE: 'postgres' } });
      expect(fixed.exitCode).toBe(2);
      expect(fixed.stderr.trimEnd().split('\n')).toEqual([
        `error: ${file}:4:5: services.web.portz: unknown key "portz" (did you mean "ports"?)`,
        `error: ${file}:5:5: services.web.depends_on.dbb: depends on undefined service "dbb" (did you mean "db"?)`,
      ]);
    } finally {
      p.cleanup();
    }
  });

  it('points at the line of a YAML syntax error', async () => {
    const p = projectDir('yamlerr', {
      'compose.yaml': 'services:\n  web:\n    image: a\n   bad: indent\n',
    });
    try {
      const result = await stager(['config'], { cwd: p.dir });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^error: ${p.dir}/compose\\.yaml:4:\\d+: `));
    } finally {
      p.cleanup();
    }
  });
});
