/**
 * stager on Podman's Docker API (`podman system service`, started by scripts/dev-engine.sh): up
 * with a build (the classic builder: Podman has no BuildKit session), health in ps, exec, run,
 * logs -f ended by SIGTERM, and down. Podman runs no healthcheck timers without systemd, so the
 * test runs `podman healthcheck run` itself, as a timer would.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, cleanupAfterEach, projectDir, uniqueProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

function podman(): { host: string; args: string[]; conf: string } {
  const host = process.env.STAGER_PODMAN_HOST;
  const args = process.env.STAGER_PODMAN_ARGS;
  const conf = process.env.STAGER_PODMAN_CONF;
  if (!host || !args || !conf) {
    throw new Error('no Podman service: run the tests through `npm test` (scripts/dev-engine.sh)');
  }
  return { host, args: args.split(' '), conf };
}

const podmanCli = (args: string[]) =>
  execa('podman', [...podman().args, ...args], {
    env: { CONTAINERS_CONF: podman().conf },
    reject: false,
  });

const COMPOSE = `services:
  db:
    image: busybox:1.36
    init: true
    command: ["sleep", "3600"]
    healthcheck:
      test: ["CMD", "test", "-e", "/etc/passwd"]
      interval: 1s
  app:
    build: ./app
    init: true
    command: ["sh", "-c", "cat /built; sleep 3600"]
    depends_on:
      db: {condition: service_healthy}
`;

describe('on Podman', () => {
  it('builds, waits for health, shows it, runs exec, run and logs -f, and tears down', async () => {
    const name = uniqueProject('podman');
    const p = projectDir(name, {
      'compose.yaml': COMPOSE,
      'app/Dockerfile': 'FROM busybox:1.36\nRUN echo built-on-podman > /built\n',
    });
    const env = { DOCKER_HOST: podman().host, NO_COLOR: '1' };
    const stager = (args: string[]) =>
      execa(process.execPath, [BIN, ...args], { cwd: p.dir, env, reject: false });
    cleanups.push(async () => {
      await stager(['down', '-v', '--rmi', 'local', '-t', '0']);
      p.cleanup();
    });

    // up waits on db's health; a timer would run the check, here the test does.
    const up = stager(['--progress', 'plain', 'up', '-d', '--wait']);
    const db = `${name}-db-1`;
    let ended = false;
    void up.finally(() => (ended = true));
    for (let i = 0; i < 60 && !ended; i++) {
      await podmanCli(['healthcheck', 'run', db]);
      await new Promise((r) => setTimeout(r, 500));
    }
    const result = await up;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('Building (classic builder)');
    expect(result.stderr).toMatch(/Container \S+-db-1\s+Healthy/);

    const ps = await stager(['ps', '--format', '{{.Service}} {{.Health}} {{.Status}}']);
    const rows = ps.stdout.trim().split('\n').sort();
    expect(rows[0]).toMatch(/^app {2}Up /);
    expect(rows[1]).toMatch(/^db healthy Up .* \(healthy\)$/);

    expect((await stager(['exec', '-T', 'app', 'cat', '/built'])).stdout).toBe('built-on-podman');
    const run = await stager(['run', '--rm', '--no-deps', 'db', 'echo', 'one-off']);
    expect(run.stdout.trim(), run.stderr).toBe('one-off');

    // logs -f of a quiet service: Podman sends nothing until a line, SIGTERM still ends it.
    const follow = execa(process.execPath, [BIN, 'logs', '-f', '--tail', '0', 'db'], {
      cwd: p.dir,
      env,
      reject: false,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const sent = Date.now();
    follow.kill('SIGTERM');
    await follow;
    expect(Date.now() - sent).toBeLessThan(5000);

    const down = await stager(['down', '-t', '1']);
    expect(down.exitCode, down.stderr).toBe(0);
    const left = await podmanCli([
      'ps',
      '-a',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${name}`,
    ]);
    expect(left.stdout.trim()).toBe('');
  });
});
