/**
 * The engine under test through an sshd on 127.0.0.1 (scripts/dev-engine.sh), reached as the
 * docker CLI reaches it: the system ssh client with its configuration, keys and known_hosts,
 * `docker system dial-stdio` on the remote, and one SSH connection per command.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

const sshEngine = () => engineListener('ssh');

/** Logins the sshd accepted so far: one per SSH connection made. */
function logins(): number {
  const log = path.join(sshEngine().bin, '..', `sshd-${ENGINE.name}.log`);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.includes('Accepted publickey')).length;
}

describe.runIf(ENGINE.owned)('the test engine over ssh', () => {
  let scratch: string;
  /** Control sockets of their own, so that no master of an earlier test is reused. */
  let runtimeDir: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'stager-ssh-engine-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const freshRuntime = (): string => {
    // Short: ssh's control socket path must fit a unix socket's 108 bytes.
    runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'sr-'));
    cleanups.push(async () => rmSync(runtimeDir, { recursive: true, force: true }));
    chmodSync(runtimeDir, 0o700);
    return runtimeDir;
  };

  const sshEnv = (bin = sshEngine().bin) => ({
    PATH: `${bin}:${process.env.PATH}`,
    XDG_RUNTIME_DIR: runtimeDir,
  });

  it('runs up, ps, exec, logs and down over one SSH connection; Compose v2 sees the same', async () => {
    freshRuntime();
    // No user in the URL: ssh's own configuration (here: the current user) decides, as in docker.
    const host = sshEngine().host.replace('root@', '');
    const env = { ...sshEnv(), DOCKER_HOST: host };
    const p = testProject(
      'ssh',
      {
        'compose.yaml': `services:\n  app:\n${SLEEPER}  db:\n${SLEEPER}  cache:\n${SLEEPER}`,
      },
      cleanups,
    );
    const before = logins();
    const up = await p.run(['up', '-d', '--wait'], { env });
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stderr).not.toContain('Warning');
    const ps = await p.run(['ps', '--format', '{{.Service}} {{.State}}'], { env });
    expect(ps.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'app running',
      'cache running',
      'db running',
    ]);
    const exec = await p.run(['exec', '-T', 'app', 'sh', '-c', 'cat; echo from-exec'], {
      env,
      input: 'from-stdin\n',
    });
    expect(exec.stdout).toBe('from-stdin\nfrom-exec\n');
    expect((await p.run(['logs', 'app'], { env })).exitCode).toBe(0);
    // Three services created and started in parallel, and four commands: one login in all.
    expect(logins() - before).toBe(1);

    const v2 = await runComposeV2(p.dir, ['ps', '--format', '{{.Service}}'], env);
    expect(v2.stdout.split('\n').filter(Boolean).sort(), v2.stderr).toEqual(['app', 'cache', 'db']);
    const down = await p.run(['down'], { env });
    expect(down.exitCode, down.stderr).toBe(0);
  });

  it('refuses a host whose key is not known, as the docker CLI does', async () => {
    freshRuntime();
    const bin = path.join(scratch, 'unknown-bin');
    mkdirSync(bin, { recursive: true });
    const config = path.join(scratch, 'unknown_config');
    writeFileSync(
      config,
      `Host *\n  IdentityFile ${path.join(sshEngine().bin, '..', 'client_key')}\n  UserKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  BatchMode yes\n`,
    );
    writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${config} "$@"\n`);
    chmodSync(path.join(bin, 'ssh'), 0o755);
    const p = testProject(
      'ssh-unknown',
      { 'compose.yaml': `services:\n  app:\n${SLEEPER}` },
      cleanups,
    );
    const r = await p.run(['ps'], { env: { ...sshEnv(bin), DOCKER_HOST: sshEngine().host } });
    expect(r.exitCode).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain(
      `cannot reach the Docker engine at ${sshEngine().host}: ssh: Host key verification failed.`,
    );
  });

  it('takes an ssh context', async () => {
    freshRuntime();
    const config = path.join(scratch, 'docker-config');
    const id = createHash('sha256').update('over-ssh').digest('hex');
    mkdirSync(path.join(config, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(
      path.join(config, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({
        Name: 'over-ssh',
        Metadata: {},
        Endpoints: { docker: { Host: sshEngine().host, SkipTLSVerify: false } },
      }),
    );
    const p = testProject(
      'ssh-context',
      { 'compose.yaml': `services:\n  app:\n${SLEEPER}` },
      cleanups,
    );
    const env = { ...sshEnv(), DOCKER_CONFIG: config, DOCKER_HOST: undefined as unknown as string };
    const r = await p.run(['--context', 'over-ssh', 'up', '-d'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    const ps = await p.run(['--context', 'over-ssh', 'ps', '--format', '{{.Name}}'], { env });
    expect(ps.stdout).toBe(`${p.name}-app-1\n`);
    expect((await p.run(['--context', 'over-ssh', 'down'], { env })).exitCode).toBe(0);
  });
});
