import { readFileSync } from 'node:fs';
import path from 'node:path';
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

const COMPOSE = `services:
  web:
    image: busybox:1.36
    init: true
    command: ["sleep", "3600"]
    environment: {GREETING: hello}
x-stager:
  tasks:
    greet: {service: web, command: 'echo "$$GREETING from $$(hostname)"', description: says hello}
    args: {service: web, command: [echo, fixed]}
    fail: {service: web, command: "exit 7"}
    tty: {service: web, command: "if [ -t 0 ]; then echo tty; else echo no-tty; fi"}
    where: {run: "pwd; echo host-args", on: host}
    count: "echo counted"
  hooks:
    post-up:
      - {service: web, command: "echo migrated > /tmp/migrated"}
      - {run: "echo post-up ran > hook.log", on: host}
    pre-down:
      - {run: "test ! -e block-down", on: host}
`;

const project = (prefix: string) => testProject(prefix, { 'compose.yaml': COMPOSE }, cleanups);

describe('tasks', () => {
  it('run in the running container, or a one-off one when the service is down, with args and exit codes', async () => {
    const p = project('tasks');
    // Not up: a one-off container that leaves nothing behind.
    const oneOff = await p.run(['greet']);
    expect(oneOff.exitCode, oneOff.stderr).toBe(0);
    expect(oneOff.stdout).toMatch(/^hello from \w+/);
    expect(await oneOffContainers(p.name)).toBe('');

    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const hostname = await docker(['exec', `${p.name}-web-1`, 'hostname']);
    expect((await p.run(['run-task', 'greet'])).stdout).toBe(`hello from ${hostname}\n`);
    expect((await p.run(['args', 'more', '--flag'])).stdout).toBe('fixed more --flag\n');
    expect((await p.run(['greet', 'and', 'more'])).stdout).toBe(
      `hello from ${hostname} and more\n`,
    );
    expect((await p.run(['fail'])).exitCode).toBe(7);
    const host = await p.run(['where', 'x']);
    expect(host.stdout).toBe(`${p.dir}\nhost-args x\n`);
    expect((await p.run(['count'])).stdout).toBe('counted\n');
  });

  it('get a TTY when stdin is one', async () => {
    const p = project('tasktty');
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    expect((await p.run(['tty'])).stdout.trim()).toBe('no-tty');
    // `script` gives the child a pseudo-terminal as stdin and stdout.
    const r = await execa('script', ['-qec', `${process.execPath} ${BIN} tty`, '/dev/null'], {
      cwd: p.dir,
      env: { NO_COLOR: '1' },
      reject: false,
    });
    expect(r.stdout.replace(/\r/g, '').trim()).toBe('tty');
  });

  it('lists tasks, and says "did you mean" for an unknown one', async () => {
    const p = project('tasklist');
    const list = await p.run(['tasks']);
    expect(list.stdout).toMatch(
      /^greet\s+web\s+echo "\$GREETING from \$\(hostname\)"\s+says hello$/m,
    );
    expect(list.stdout).toMatch(/^post-up\s+host\s+echo post-up ran > hook\.log$/m);
    const unknown = await p.run(['gret']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(
      /"gret" is neither a stager command nor a task of \S+ \(did you mean "greet"\?\)/,
    );
  });
});

describe('the command line around tasks', () => {
  it('says unknown option for an option where a command or task was expected', async () => {
    const p = project('taskopt');
    const r = await p.run(['--bogus']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown option '--bogus'/);
  });

  it('builds the image a one-off task needs, and ends quietly when its reader stops early', async () => {
    const p = testProject(
      'taskbuild',
      {
        'compose.yaml': `services:\n  app:\n    build: .\nx-stager:\n  tasks:\n    made: {service: app, command: [cat, /made]}\n`,
        Dockerfile: 'FROM busybox:1.36\nRUN echo built-for-the-task > /made\n',
      },
      cleanups,
    );
    const r = await p.run(['made']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe('built-for-the-task\n');
    // `true` exits before stager writes: its writes meet a closed pipe.
    const piped = await execa('sh', ['-c', `"${process.execPath}" "${BIN}" help up | true`], {
      cwd: p.dir,
    });
    expect(piped.stderr).toBe('');
  });
});

describe('hooks', () => {
  it('run after up, and a failing pre-down hook stops down, named', async () => {
    const p = project('hooks');
    const up = await p.run(['up', '-d']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/Hook post-up 1\s+Done/);
    expect(await docker(['exec', `${p.name}-web-1`, 'cat', '/tmp/migrated'])).toBe('migrated');
    expect(readFileSync(path.join(p.dir, 'hook.log'), 'utf8')).toBe('post-up ran\n');

    await execa('touch', [path.join(p.dir, 'block-down')]);
    const down = await p.run(['down']);
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toMatch(
      /error: hook pre-down \(host: test ! -e block-down\) failed with exit code 1/,
    );
    expect(await docker(['inspect', '-f', '{{.State.Running}}', `${p.name}-web-1`])).toBe('true');
  });

  it('are checked like the rest of the file', async () => {
    const p = project('hookbad');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      path.join(p.dir, 'compose.yaml'),
      `services:\n  web: {image: busybox:1.36}\nx-stager:\n  hooks:\n    post-upp: [{run: "true", on: host}]\n  tasks:\n    x: {service: wbe, command: ls}\n`,
    );
    const r = await p.run(['tasks']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/x-stager\.hooks\.post-upp: unknown event/);
    expect(r.stderr).toMatch(/x-stager\.tasks\.x\.service: no service "wbe"/);
  });
});
