/** Tasks and hooks on the fake engine: where they run, and a failing hook stops the command. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stagerSection } from '../../../../src/config/tasks.js';
import { HookFailedError, runHooks, runTask } from '../../../../src/ops/containers/tasks.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectIn, projectOf } from '../../../support/op-context.js';
import { scratchFolders } from '../../../support/scratch.js';

const context = fakeContexts();
const scratch = scratchFolders('stager-tasks-');
const terminal = { io: { stdout: new PassThrough(), stderr: new PassThrough() } };

const STACK = `services:
  app:
    image: busybox:1.36
x-stager:
  tasks:
    check: { service: app, command: ["sh", "-c", "exit 4"] }
    hello: { on: host, command: ["true"] }
    inFolder: { on: host, command: ["test", "-e", "marker"] }
    notInFolder: { on: host, command: ["test", "-e", "elsewhere"] }
  hooks:
    post-up:
      - { service: app, command: ["sh", "-c", "exit 0"] }
      - { service: app, command: ["sh", "-c", "exit 3"] }
`;

describe('tasks and hooks on the fake engine', () => {
  it("execs in the running service, runs a one-off when it is down, and gives the task's exit code", async () => {
    const ctx = context();
    const project = projectOf(STACK);
    const { tasks } = stagerSection(project);
    expect(await runTask(ctx, project, tasks.check!, [], terminal, false)).toBe(4);
    // Down: a one-off container ran it, and is gone.
    expect(ctx.engine.containers.size).toBe(0);
    await up(ctx, project, {});
    expect(await runTask(ctx, project, tasks.check!, [], terminal, false)).toBe(4);
    expect(ctx.engine.calls).toContain('exec');
  });

  it('runs a host task in the project folder', async () => {
    const dir = scratch({ 'compose.yaml': STACK, marker: '' });
    const project = projectIn(dir);
    const { tasks } = stagerSection(project);
    expect(await runTask(context(), project, tasks.hello!, [], terminal, false)).toBe(0);
    expect(await runTask(context(), project, tasks.inFolder!, [], terminal, false)).toBe(0);
    expect(await runTask(context(), project, tasks.notInFolder!, [], terminal, false)).toBe(1);
  });

  it('stops at the first failing hook and names it', async () => {
    const ctx = context();
    const project = projectOf(STACK);
    await up(ctx, project, {});
    const failed = await runHooks(ctx, project, stagerSection(project), 'post-up', terminal).catch(
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(HookFailedError);
    expect(String(failed)).toMatch(/hook post-up \(app: sh -c exit 3\) failed with exit code 3/);
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ id: 'hook:post-up:0', status: 'done' }),
    );
  });
});
