import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  removeProject,
  stager,
  stagerInTerminal,
  uniqueProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A project made by `stager init` in a fresh folder, with its own name and free ports. */
async function fromTemplate(template: string) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'stager-init-'));
  const name = uniqueProject(template.split('-')[0]!);
  const dir = path.join(root, 'app');
  const env = { COMPOSE_PROJECT_NAME: name };
  const run = (args: string[], cwd = dir) => stager(args, { cwd, env });
  cleanups.push(async () => {
    await run(['down', '-v', '-t', '0']);
    await removeProject(name);
    rmSync(root, { recursive: true, force: true });
  });
  const init = await run(['init', '--template', template, 'app'], root);
  expect(init.exitCode, init.stderr).toBe(0);
  expect(init.stdout).toMatch(/next:\n {2}cd app && stager env init --generate-secrets/);
  const envInit = await run(['env', 'init', '--generate-secrets']);
  expect(envInit.exitCode, envInit.stderr).toBe(0);
  const web = await freePort();
  appendFileSync(
    path.join(dir, '.env'),
    `WEB_PORT=${web}\nMINIO_CONSOLE_PORT=${await freePort()}\n`,
  );
  return { dir, run, web };
}

const get = async (port: number, url = '/') =>
  (await fetch(`http://127.0.0.1:${port}${url}`)).json();

describe('stager init', () => {
  it('hello: comes up healthy offline, serves its page, and its task reads the data', async () => {
    const p = await fromTemplate('hello');
    expect((await p.run(['lint'])).exitCode).toBe(0);
    const up = await p.run(['up', '-d', '--wait']);
    expect(up.exitCode, up.stderr).toBe(0);
    const page = await (await fetch(`http://127.0.0.1:${p.web}/`)).text();
    expect(page).toMatch(/<h1>Hello from stager<\/h1>/);
    const started = await p.run(['started']);
    expect(started.exitCode, started.stderr).toBe(0);
    expect(readFileSync(path.join(p.dir, 'data', 'db', 'started'), 'utf8')).toBe(started.stdout);
    expect(readFileSync(path.join(p.dir, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
  }, 120_000);

  it('flask-mysql-minio: lint-clean, comes up healthy offline, its tasks and hooks work', async () => {
    const p = await fromTemplate('flask-mysql-minio');
    const lint = await p.run(['lint']);
    expect(lint.exitCode, lint.stdout).toBe(0);
    expect(lint.stdout).toMatch(/1 Dockerfile: 0 warnings, 0 info/);
    const up = await p.run(['up', '-d', '--wait']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stdout + up.stderr).toMatch(/tables ready/);
    expect(await get(p.web)).toEqual({ visits: 1, storage: 'up' });
    expect(await get(p.web)).toEqual({ visits: 2, storage: 'up' });
    const routes = await p.run(['flask', 'routes']);
    expect(routes.exitCode, routes.stderr).toBe(0);
    expect(routes.stdout).toMatch(/healthz\s+GET\s+\/healthz/);
    const sql = await p.run(['mysql', '-N', '-e', 'SELECT COUNT(*) FROM visits']);
    expect(sql.stdout.trim()).toBe('2');
    // The day-one page again after a reset: MySQL back and healthy, its tables made again.
    const reset = await p.run(['reset', '--bind-mounts', '--yes']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.stdout + reset.stderr).toMatch(/tables ready/);
    expect(await get(p.web)).toEqual({ visits: 1, storage: 'up' });
  }, 300_000);

  it('django-postgres: lint-clean, migrated by its hook, the worker up, psql and manage tasks', async () => {
    const p = await fromTemplate('django-postgres');
    expect((await p.run(['lint'])).exitCode).toBe(0);
    const up = await p.run(['up', '-d', '--wait']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(await get(p.web)).toEqual({ migrations: 18 });
    const check = await p.run(['manage', 'check']);
    expect(check.stdout).toMatch(/System check identified no issues/);
    const psql = await p.run(['psql', '-tAc', 'select count(*) from django_migrations']);
    expect(psql.stdout.trim()).toBe('18');
    const ps = JSON.parse((await p.run(['--json', 'ps'])).stdout) as {
      containers: { service: string; state: string }[];
    };
    expect(ps.containers.map((c) => `${c.service} ${c.state}`).sort()).toEqual([
      'db running',
      'redis running',
      'web running',
      'worker running',
    ]);
  }, 240_000);

  it('node-mongo: lint-clean, comes up healthy offline, counts in MongoDB, its tasks work', async () => {
    const p = await fromTemplate('node-mongo');
    expect((await p.run(['config', '-q'])).exitCode).toBe(0);
    const lint = await p.run(['lint']);
    expect(lint.exitCode, lint.stdout).toBe(0);
    const up = await p.run(['up', '-d', '--wait']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(await get(p.web)).toEqual({ visits: 1 });
    expect(await get(p.web)).toEqual({ visits: 2 });
    const count = await p.run(['mongosh', '--eval', 'db.visits.countDocuments()']);
    expect(count.exitCode, count.stderr).toBe(0);
    expect(count.stdout.trim()).toBe('2');
    const tests = await p.run(['test']);
    expect(tests.exitCode, tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(/# pass 1\n# fail 0/);
    expect(JSON.parse((await p.run(['--json', 'tasks'])).stdout).tasks.mongosh.target).toEqual({
      on: 'service',
      service: 'mongo',
    });
  }, 240_000);

  it('asks which template in a terminal, and wants --template elsewhere', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'stager-init-'));
    cleanups.push(async () => rmSync(root, { recursive: true, force: true }));
    const asked = await stagerInTerminal(
      ['init', 'app'],
      [
        [1, '\\033[B'],
        [0.3, '\\r'],
      ],
      { cwd: root },
    );
    expect(asked.stdout).toMatch(/Which template\? flask-mysql-minio/);
    expect(existsSync(path.join(root, 'app', 'compose.yaml'))).toBe(true);
    const piped = await stager(['init', 'other'], { cwd: root });
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr).toMatch(
      /choose a template with --template NAME \(templates: django-postgres, flask-mysql-minio, hello, node-mongo\)/,
    );
  });

  it('never overwrites, lists what --force replaces, merges .gitignore, and knows its templates', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'stager-init-'));
    cleanups.push(async () => rmSync(root, { recursive: true, force: true }));
    writeFileSync(path.join(root, 'compose.yaml'), 'services: {}\n');
    writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n.env\n');
    const refused = await stager(['init', '-t', 'hello'], { cwd: root });
    expect(refused.exitCode).toBe(5);
    expect(refused.stderr).toMatch(/already has compose\.yaml: nothing was written/);
    expect(existsSync(path.join(root, 'sample.env'))).toBe(false);
    const forced = await stager(['init', '-t', 'hello', '--force'], { cwd: root });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/warning: replaced compose\.yaml/);
    const flask = await stager(['init', '-t', 'flask-mysql-minio', 'sub'], { cwd: root });
    expect(flask.exitCode).toBe(0);
    const list = await stager(['init', '--list'], { cwd: root });
    expect(list.stdout).toMatch(/^django-postgres\s+Django with PostgreSQL/m);
    const typo = await stager(['init', '-t', 'django-postgre'], { cwd: root });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(
      /no template "django-postgre" \(did you mean "django-postgres"\?\)/,
    );
    // An existing .gitignore gets what it lacked, and keeps what it had.
    const merged = await stager(['init', '-t', 'django-postgres', 'dj'], { cwd: root });
    expect(merged.exitCode).toBe(0);
    writeFileSync(path.join(root, 'dj', '.gitignore'), 'node_modules/\n.env\n');
    await stager(['init', '-t', 'django-postgres', '--force', 'dj'], { cwd: root });
    expect(readFileSync(path.join(root, 'dj', '.gitignore'), 'utf8')).toBe(
      'node_modules/\n.env\ndata/\n.stager/\n__pycache__/\n',
    );
  });
});
