import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanupAfterEach, testProject } from '../integration/helpers.js';
import { nonRootUser, userProject, type TestUser } from '../integration/non-root.js';

const cleanups = cleanupAfterEach();

interface Check {
  id: string;
  status: string;
  detail: string;
  fix?: string;
}

const project = (prefix: string, files: Record<string, string>) =>
  testProject(prefix, files, cleanups);

const checkOf = (stdout: string, id: string): Check =>
  (JSON.parse(stdout) as { checks: Check[] }).checks.find((c) => c.id === id)!;

describe('stager doctor', () => {
  it('finds a host port the project publishes already taken, and by what', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    cleanups.push(async () => void (await new Promise((r) => server.close(r))));
    const p = project('docport', {
      'compose.yaml': `services:\n  web:\n    image: busybox:1.36\n    ports: ["127.0.0.1:${port}:80"]\n`,
    });
    const r = await p.run(['--json', 'doctor']);
    expect(r.exitCode).toBe(1);
    const check = checkOf(r.stdout, 'ports');
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(
      new RegExp(`^${port} \\(web\\) is used by .+ \\(pid ${process.pid}\\)$`),
    );
    expect(check.fix).toMatch(/publish another port/);
    const text = await p.run(['doctor']);
    expect(text.stdout).toMatch(new RegExp(`^FAIL\\s+host ports\\s+${port} \\(web\\)`, 'm'));
    expect(text.stdout).toMatch(/1 check failed$/m);
  });

  it('reports nothing right after a build; an edit to the context, not a touch, makes it stale', async () => {
    const p = project('docstale', {
      'compose.yaml': 'services:\n  app:\n    build: .\n    command: ["sleep", "1"]\n',
      Dockerfile: 'FROM busybox:1.36\nCOPY app.txt /\n',
      'app.txt': 'one',
    });
    expect((await p.run(['build'])).exitCode).toBe(0);
    const images = async () => checkOf((await p.run(['--json', 'doctor'])).stdout, 'images');
    expect((await images()).status).toBe('ok');
    await execa('touch', ['-d', '+1 hour', path.join(p.dir, 'Dockerfile')]);
    expect((await images()).status).toBe('ok');
    await execa('sh', ['-c', `echo two > ${path.join(p.dir, 'app.txt')}`]);
    expect(await images()).toMatchObject({ status: 'warn', detail: 'app (build context changed)' });
  });

  it('finds a key of sample.env missing from .env', async () => {
    const p = project('docenv', {
      'compose.yaml': 'services:\n  web: {image: busybox:1.36}\n',
      'sample.env': '# required\nDB_PASSWORD=\nS3_BUCKET=media\n',
      '.env': 'DB_PASSWORD=x\n',
    });
    const r = await p.run(['--json', 'doctor']);
    expect(r.exitCode).toBe(1);
    expect(checkOf(r.stdout, 'env')).toMatchObject({
      status: 'fail',
      detail: 'missing S3_BUCKET',
      fix: expect.stringMatching(/stager env check/),
    });
  });

  it('says how to start when the engine cannot be reached', async () => {
    const p = project('docengine', { 'compose.yaml': 'services:\n  web: {image: busybox:1.36}\n' });
    const r = await p.run(['--json', 'doctor', '-H', 'unix:///run/no-such-engine.sock']);
    expect(r.exitCode).toBe(1);
    expect(checkOf(r.stdout, 'engine')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/unix:\/\/\/run\/no-such-engine\.sock: no socket there/),
      fix: expect.stringMatching(/engine/),
    });
    expect(checkOf(r.stdout, 'compose').status).toBe('ok');
  });

  describe('as a non-root user', () => {
    let user: TestUser;
    beforeAll(async () => {
      user = await nonRootUser();
    });

    it('finds a bind-mounted folder root owns, and suggests fix-perms, which fixes it', async () => {
      const p = userProject(
        user,
        'docowner',
        {
          'compose.yaml':
            'services:\n  db:\n    image: busybox:1.36\n    volumes: ["./data/db:/data"]\n',
        },
        cleanups,
      );
      await execa('docker', [
        'run',
        '--rm',
        '-v',
        `${path.join(p.dir, 'data/db')}:/d`,
        'busybox:1.36',
        'touch',
        '/d/ibdata1',
      ]);
      const r = await p.run(['--json', 'doctor']);
      expect(r.exitCode).toBe(1);
      expect(checkOf(r.stdout, 'ownership')).toMatchObject({
        status: 'fail',
        detail: 'not yours: data/db (uid 0)',
        fix: expect.stringMatching(/^stager fix-perms/),
      });
      expect((await p.run(['fix-perms'])).exitCode).toBe(0);
      expect(checkOf((await p.run(['--json', 'doctor'])).stdout, 'ownership').status).toBe('ok');
    });
  });
});
