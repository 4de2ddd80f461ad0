/**
 * The engine under test as it also listens on 127.0.0.1 with --tlsverify (scripts/dev-engine.sh):
 * stager resolves every TLS setting itself, as the docker CLI reads them, and says in one line
 * what is wrong with the ones it is given.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  ENGINE,
  engineListener,
  runComposeV2,
  SLEEPER,
  testProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const tlsEngine = () => engineListener('tls');

/** A folder holding only some of the client's TLS files. */
function certFolder(root: string, name: string, files: string[]): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) cpSync(path.join(tlsEngine().certs, f), path.join(dir, f));
  return dir;
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toContain('this is a bug');
  return lines[0]!;
}

describe.runIf(ENGINE.owned)('the test engine over TLS', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'stager-tls-engine-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs a project with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH; Compose v2 sees the same containers', async () => {
    const { host, certs } = tlsEngine();
    const env = { DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs };
    const p = testProject('tls', { 'compose.yaml': `services:\n  app:\n${SLEEPER}` }, cleanups);
    const up = await p.run(['up', '-d', '--wait'], { env });
    expect(up.exitCode, up.stderr).toBe(0);
    const ps = await p.run(['ps', '--format', '{{.Name}} {{.State}}'], { env });
    expect(ps.stdout).toBe(`${p.name}-app-1 running\n`);
    const v2 = await runComposeV2(p.dir, ['ps', '--format', '{{.Name}} {{.State}}'], env);
    expect(v2.stdout.trim(), v2.stderr).toBe(`${p.name}-app-1 running`);
    const down = await p.run(['down'], { env });
    expect(down.exitCode, down.stderr).toBe(0);
  });

  it('says the engine expects TLS when reached without it', async () => {
    const r = await execa(
      process.execPath,
      [path.resolve('dist/bin.js'), 'ps', '-p', 'stgt-tls-plain'],
      {
        env: { DOCKER_HOST: tlsEngine().host, DOCKER_TLS_VERIFY: '', NO_COLOR: '1' },
        reject: false,
      },
    );
    expect(r.exitCode).toBe(3);
    expect(oneLine(r.stderr)).toContain(
      `cannot reach the Docker engine at ${tlsEngine().host}: the engine expects TLS (set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH`,
    );
  });

  it.each([
    ['cert.pem without key.pem', ['ca.pem', 'cert.pem'], 2, 'cert.pem without key.pem'],
    ['key.pem without cert.pem', ['ca.pem', 'key.pem'], 2, 'key.pem without cert.pem'],
    ['no files at all', [], 2, 'no ca.pem, cert.pem or key.pem there'],
    ['no client certificate', ['ca.pem'], 3, 'the engine asks for a client certificate'],
    ['no CA', ['cert.pem', 'key.pem'], 3, 'no ca.pem was given, so the system CAs were asked'],
  ])('an incomplete DOCKER_CERT_PATH (%s) is one line', async (name, files, code, message) => {
    const dir = certFolder(scratch, name.replace(/\W+/g, '-'), files);
    const r = await execa(process.execPath, [path.resolve('dist/bin.js'), 'ps', '-p', 'stgt-x'], {
      env: {
        DOCKER_HOST: tlsEngine().host,
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: dir,
        NO_COLOR: '1',
      },
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(code);
    expect(oneLine(r.stderr)).toContain(message);
  });

  it('takes a TLS context, which wins over a malformed DOCKER_HOST, as the docker CLI does', async () => {
    const { host, certs } = tlsEngine();
    const config = path.join(scratch, 'docker-config');
    const id = createHash('sha256').update('tls-engine').digest('hex');
    mkdirSync(path.join(config, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(
      path.join(config, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({
        Name: 'tls-engine',
        Metadata: {},
        Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
      }),
    );
    const tlsDir = path.join(config, 'contexts', 'tls', id, 'docker');
    mkdirSync(tlsDir, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
      cpSync(path.join(certs, f), path.join(tlsDir, f));
    const env = {
      DOCKER_CONFIG: config,
      DOCKER_HOST: 'tcp://[malformed',
      DOCKER_CERT_PATH: path.join(scratch, 'nowhere'),
      DOCKER_TLS_VERIFY: '1',
      NO_COLOR: '1',
    };
    const cli = await execa(
      'docker',
      ['--context', 'tls-engine', 'version', '--format', '{{.Server.Version}}'],
      { env, reject: false },
    );
    expect(cli.exitCode, cli.stderr).toBe(0);
    const r = await execa(
      process.execPath,
      [path.resolve('dist/bin.js'), '--context', 'tls-engine', 'version', '--json'],
      { env, reject: false },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.engine.version).toBe(cli.stdout.trim());
    expect(doc.endpoint).toEqual({ url: host, source: 'context tls-engine' });
    // Without --context, the malformed DOCKER_HOST is the engine asked for: one line, exit 2.
    const bad = await execa(process.execPath, [path.resolve('dist/bin.js'), 'version'], {
      env,
      reject: false,
    });
    expect(bad.exitCode).toBe(2);
    expect(oneLine(bad.stderr)).toContain('DOCKER_HOST: "tcp://[malformed" is not a valid URL');
  });
});
