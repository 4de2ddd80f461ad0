/** `up` attached with --exit-code-from and --abort-on-container-exit, against Compose v2. */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, cleanupAfterEach, composeV2, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const SLEEPY = '    image: busybox:1.36\n    init: true\n    command: ["sleep", "300"]\n';
const QUICK = '    image: busybox:1.36\n    command: ["sh", "-c", "sleep 1; exit 0"]\n';

async function bothTools(compose: string, args: string[]) {
  const p = testProject('attached', { 'compose.yaml': compose }, cleanups);
  const ours = await p.run(args);
  await p.run(['down']);
  const theirs = await execa(composeV2(), args, {
    cwd: p.dir,
    reject: false,
    env: { COMPOSE_ANSI: 'never' },
    timeout: 90_000,
  });
  return { ours, theirs };
}

describe('up attached, ended by a container', () => {
  it("--exit-code-from exits with that service's 143 when another one's exit stopped it", async () => {
    const { ours, theirs } = await bothTools(`services:\n  tests:\n${SLEEPY}  quick:\n${QUICK}`, [
      'up',
      '--abort-on-container-exit',
      '--exit-code-from',
      'tests',
      '-t',
      '2',
    ]);
    expect(theirs.exitCode).toBe(143);
    expect(ours.exitCode, ours.stderr).toBe(143);
  });

  it('--exit-code-from a dependency ends with its code, whatever the code', async () => {
    const { ours, theirs } = await bothTools(
      `services:
  migrate:
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3; exit 3"]
  app:
${SLEEPY}    depends_on: { migrate: { condition: service_started } }
`,
      ['up', '--exit-code-from', 'migrate', '-t', '2'],
    );
    expect(theirs.exitCode).toBe(3);
    expect(ours.exitCode, ours.stderr).toBe(3);
  });

  it('Ctrl-C on an attached up of one service stops that service, not its dependencies', async () => {
    const p = testProject(
      'ctrlc',
      { 'compose.yaml': `services:\n  db:\n${SLEEPY}  app:\n${SLEEPY}    depends_on: [db]\n` },
      cleanups,
    );
    const state = (service: string) =>
      execa('docker', ['inspect', '-f', '{{.State.Status}}', `${p.name}-${service}-1`], {
        reject: false,
      }).then((r) => r.stdout);
    for (const tool of ['stager', 'v2'] as const) {
      const child =
        tool === 'stager'
          ? execa(process.execPath, [BIN, 'up', '-t', '2', 'app'], { cwd: p.dir, reject: false })
          : execa(composeV2(), ['up', '-t', '2', 'app'], {
              cwd: p.dir,
              reject: false,
              env: { COMPOSE_ANSI: 'never' },
            });
      for (let i = 0; i < 100 && (await state('app')) !== 'running'; i++)
        await new Promise((resolve) => setTimeout(resolve, 200));
      await new Promise((resolve) => setTimeout(resolve, 500));
      child.kill('SIGINT');
      const ended = await child;
      expect([tool, ended.exitCode]).toEqual([tool, 130]);
      expect([tool, await state('app'), await state('db')]).toEqual([tool, 'exited', 'running']);
      await p.run(['down']);
    }
  });
});
