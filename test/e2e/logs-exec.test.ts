import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  cleanupAfterEach,
  docker,
  oneOffContainers,
  testProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const project = (prefix: string, compose: string) =>
  testProject(prefix, { 'compose.yaml': compose }, cleanups);

const CHATTY = `services:
  api:
    image: busybox:1.36
    init: true
    command: ["sh", "-c", "echo api out; echo api err >&2; echo \${TAG:-v1} started; exec sleep 3600"]
    environment: {TAG: "\${TAG:-v1}"}
  term:
    image: busybox:1.36
    init: true
    tty: true
    command: ["sh", "-c", "echo from a tty; exec sleep 3600"]
`;

/** Waits until `predicate` holds on the text a child process printed so far. */
function waitForOutput(
  get: () => string,
  predicate: (text: string) => boolean,
  ms = 20_000,
): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate(get())) return resolve();
      if (Date.now() - started > ms)
        return reject(new Error(`timed out; output so far:\n${get()}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

describe('stager logs', () => {
  it('prints stdout and stderr of TTY and non-TTY containers with aligned prefixes', async () => {
    const p = project('logs', CHATTY);
    expect((await p.run(['up', '-d', '--wait'])).exitCode).toBe(0);
    const all = await p.run(['logs']);
    const lines = all.stdout.trimEnd().split('\n').sort();
    expect(lines).toEqual([
      'api-1   | api err',
      'api-1   | api out',
      'api-1   | v1 started',
      'term-1  | from a tty',
    ]);
    expect((await p.run(['logs', '--no-log-prefix', 'term'])).stdout).toBe('from a tty\n');
    expect(
      (await p.run(['logs', '--tail', '1', 'api'])).stdout.split('\n').filter(Boolean),
    ).toHaveLength(1);
    const stamped = (await p.run(['logs', '-t', 'term'])).stdout;
    expect(stamped).toMatch(/^term-1 {2}\| \d{4}-\d\d-\d\dT\S+ from a tty$/m);
  });

  it('follows, and picks up the new container after a recreate', async () => {
    const p = project('follow', CHATTY);
    expect((await p.run(['up', '-d', '--wait', 'api'])).exitCode).toBe(0);
    const child = execa(process.execPath, [BIN, 'logs', '-f', 'api'], {
      cwd: p.dir,
      env: { NO_COLOR: '1' },
      reject: false,
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await waitForOutput(
      () => out,
      (t) => t.includes('v1 started'),
    );
    expect((await p.run(['up', '-d', 'api'], { env: { TAG: 'v2' } })).exitCode).toBe(0);
    await waitForOutput(
      () => out,
      (t) => t.includes('v2 started'),
    );
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(0);
  });
});

describe('stager exec', () => {
  it("returns the command's exit code and passes stdin, env, user and workdir", async () => {
    const p = project('exec', CHATTY);
    expect((await p.run(['up', '-d', '--wait', 'api'])).exitCode).toBe(0);
    const failing = await p.run([
      'exec',
      '-T',
      'api',
      'sh',
      '-c',
      'echo out; echo err >&2; exit 7',
    ]);
    expect(failing).toMatchObject({ exitCode: 7, stdout: 'out\n' });
    expect(failing.stderr).toContain('err');
    const piped = await p.run(['exec', '-T', 'api', 'wc', '-l'], { input: 'a\nb\nc\n' });
    expect(piped.stdout.trim()).toBe('3');
    const flags = await p.run([
      'exec',
      '-T',
      '-e',
      'X=1',
      '-u',
      'nobody',
      '-w',
      '/tmp',
      'api',
      'sh',
      '-c',
      'echo $X $(id -un) $(pwd)',
    ]);
    expect(flags.stdout).toBe('1 nobody /tmp\n');
    expect((await p.run(['exec', '-T', 'api', 'ls', '-d', '/'])).stdout).toBe('/\n');
  });

  it('allocates a TTY when stdin is a terminal', async () => {
    const p = project('exectty', CHATTY);
    expect((await p.run(['up', '-d', '--wait', 'api'])).exitCode).toBe(0);
    // `script` gives the CLI a pseudo-terminal as stdin and stdout.
    const result = await execa(
      'script',
      [
        '-qec',
        `${process.execPath} ${BIN} exec api sh -c 'test -t 0 && echo has-tty; exit 5'`,
        '/dev/null',
      ],
      {
        cwd: p.dir,
        env: { NO_COLOR: '1' },
        reject: false,
      },
    );
    expect(result.stdout).toContain('has-tty');
    expect(result.exitCode).toBe(5);
    const noTty = await p.run([
      'exec',
      'api',
      'sh',
      '-c',
      'test -t 0 && echo has-tty || echo no-tty',
    ]);
    expect(noTty.stdout).toBe('no-tty\n');
  });

  it('says when the service is not running', async () => {
    const p = project('execdown', CHATTY);
    const result = await p.run(['exec', '-T', 'api', 'true']);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toContain('service api is not running');
  });
});

describe('stager run', () => {
  it('runs a one-off container labelled like Compose, and --rm leaves nothing behind', async () => {
    const p = project(
      'run',
      `services:
  db:
    image: busybox:1.36
    init: true
    command: ["sleep", "3600"]
  tool:
    image: busybox:1.36
    depends_on: [db]
    environment: {MODE: dev}
    ports: ["127.0.0.1::9000"]
`,
    );
    const result = await p.run([
      'run',
      '--rm',
      '-e',
      'EXTRA=1',
      'tool',
      'sh',
      '-c',
      'echo $MODE $EXTRA; exit 3',
    ]);
    expect(result).toMatchObject({ exitCode: 3, stdout: 'dev 1\n' });
    expect(await docker(['inspect', '-f', '{{.State.Status}}', `${p.name}-db-1`])).toBe('running');
    expect(await oneOffContainers(p.name)).toBe('');

    const kept = await p.run(['run', '-d', '--name', `${p.name}-job`, 'tool', 'sleep', '30']);
    expect(kept.stdout).toBe(`${p.name}-job\n`);
    expect(
      await docker([
        'inspect',
        '-f',
        '{{index .Config.Labels "com.docker.compose.oneoff"}} {{index .Config.Labels "com.docker.compose.service"}}',
        `${p.name}-job`,
      ]),
    ).toBe('True tool');
    // One-off containers publish no ports unless asked.
    expect(await docker(['port', `${p.name}-job`])).toBe('');
  });

  it('mounts extra volumes and overrides the entrypoint', async () => {
    const p = project('runvol', `services:\n  tool:\n    image: busybox:1.36\n`);
    const result = await p.run([
      'run',
      '--rm',
      '-v',
      './scratch:/scratch',
      '--entrypoint',
      'sh -c',
      'tool',
      'echo hi > /scratch/f && cat /scratch/f',
    ]);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'hi\n' });
  });
});

describe('attached up', () => {
  it('streams logs and stops the project on Ctrl-C', async () => {
    const p = project('attached', CHATTY);
    const child = execa(process.execPath, [BIN, 'up'], {
      cwd: p.dir,
      env: { NO_COLOR: '1' },
      reject: false,
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await waitForOutput(
      () => out,
      (t) => t.includes('api-1   | v1 started') && t.includes('term-1  | from a tty'),
    );
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(await docker(['inspect', '-f', '{{.State.Status}}', `${p.name}-api-1`])).toBe('exited');
    expect(await docker(['inspect', '-f', '{{.State.Status}}', `${p.name}-term-1`])).toBe('exited');
  });

  it('exits with the code of --exit-code-from when that service ends', async () => {
    const p = project(
      'exitfrom',
      `services:
  db:
    image: busybox:1.36
    init: true
    command: ["sleep", "3600"]
  tests:
    image: busybox:1.36
    command: ["sh", "-c", "echo 2 tests failed; exit 2"]
    depends_on: [db]
`,
    );
    const result = await p.run(['up', '--exit-code-from', 'tests']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('tests-1  | 2 tests failed');
    expect(await docker(['inspect', '-f', '{{.State.Status}}', `${p.name}-db-1`])).toBe('exited');
  });

  it('returns when every container has exited', async () => {
    const p = project(
      'allexit',
      `services:\n  once:\n    image: busybox:1.36\n    command: ["echo", "done once"]\n`,
    );
    const result = await p.run(['up']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('once-1  | done once');
  });
});
