/** `up` attached on the fake engine: what ends it, its exit code, and how it stops the rest. */
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../src/ops/containers/logs.js';
import {
  attachedServices,
  upAttached,
  type AttachedOptions,
} from '../../../../src/ops/lifecycle/attached.js';
import { fakeContexts, projectOf, type TestContext } from '../../../support/op-context.js';

const context = fakeContexts();

const STACK = `services:
  db:
    image: busybox:1.36
  tests:
    image: busybox:1.36
    command: ["sh", "-c", "exit 3"]
    depends_on: [db]
`;

const states = (ctx: TestContext) =>
  Object.fromEntries(
    [...ctx.engine.containers.values()].map((c) => [c.spec.name, [c.state, c.exitCode]]),
  );

function signals() {
  const interrupt = new AbortController();
  const force = new AbortController();
  return { interrupt, force, options: { interrupt: interrupt.signal, force: force.signal } };
}

async function attach(
  ctx: TestContext,
  compose: string,
  options: Partial<AttachedOptions> & Pick<AttachedOptions, 'interrupt' | 'force'>,
) {
  const entries: LogEntry[] = [];
  const result = await upAttached(
    ctx,
    projectOf(compose),
    {},
    options,
    (e) => entries.push(e),
    () => undefined,
  );
  return { result, entries };
}

describe('up attached on the fake engine', () => {
  it('ends with the exit code of --exit-code-from and stops the others', async () => {
    const ctx = context();
    const { options } = signals();
    const { result } = await attach(ctx, STACK, { ...options, exitCodeFrom: 'tests' });
    expect([result.reason, result.exitCode]).toEqual(['container-exit', 3]);
    expect(states(ctx)).toEqual({ 'p-db-1': ['exited', 143], 'p-tests-1': ['exited', 3] });
  });

  it("under --exit-code-from, another service's exit stops it and its 143 is the exit code", async () => {
    const ctx = context();
    const { options } = signals();
    const compose = `services:
  tests: { image: busybox:1.36 }
  quick: { image: busybox:1.36, command: ["sh", "-c", "exit 0"] }
`;
    const { result } = await attach(ctx, compose, {
      ...options,
      exitCodeFrom: 'tests',
      abortOnContainerExit: true,
    });
    expect([result.reason, result.exitCode]).toEqual(['container-exit', 143]);
  });

  it('ends with a one-shot dependency named by --exit-code-from that finished before the logs began', async () => {
    const compose = `services:
  migrate: { image: busybox:1.36, command: ["sh", "-c", "exit 4"] }
  app:
    image: busybox:1.36
    depends_on: { migrate: { condition: service_started } }
`;
    const ctx = context();
    const { options } = signals();
    const { result } = await attach(ctx, compose, {
      ...options,
      exitCodeFrom: 'migrate',
      afterUp: () => new Promise((resolve) => setTimeout(resolve, 30)),
    });
    expect([result.reason, result.exitCode]).toEqual(['container-exit', 4]);
    expect(states(ctx)['p-app-1']).toEqual(['exited', 143]);

    // Without it, an exit that came before the logs is no reason to abort the rest.
    const ctx2 = context();
    const later = signals();
    const ending = attach(ctx2, compose, {
      ...later.options,
      abortOnContainerExit: true,
      afterUp: () => new Promise((resolve) => setTimeout(resolve, 30)),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(states(ctx2)['p-app-1']).toEqual(['running', 0]);
    later.interrupt.abort();
    expect((await ending).result.exitCode).toBe(130);
  });

  it('follows until every container has exited by itself, then exits 0', async () => {
    const ctx = context();
    const { options } = signals();
    const compose = `services:
  one: { image: busybox:1.36, command: ["sh", "-c", "exit 0"] }
  two: { image: busybox:1.36, command: ["sh", "-c", "exit 5"] }
`;
    const { result } = await attach(ctx, compose, options);
    expect([result.reason, result.exitCode]).toEqual(['all-exited', 0]);
    expect(ctx.engine.calls).not.toContain('stopContainer');
  });

  it('stops gracefully on the first interrupt (130) and kills on the second', async () => {
    const ctx = context();
    const graceful = signals();
    const stopping: string[] = [];
    const ending = attach(ctx, 'services:\n  db:\n    image: busybox:1.36\n', {
      ...graceful.options,
      afterUp: async () => {
        graceful.interrupt.abort();
      },
      onStopping: () => stopping.push('stopping'),
    });
    const { result } = await ending;
    expect([result.reason, result.exitCode, stopping]).toEqual(['interrupted', 130, ['stopping']]);
    expect(states(ctx)).toEqual({ 'p-db-1': ['exited', 143] });

    const ctx2 = context();
    const forced = signals();
    forced.interrupt.abort();
    forced.force.abort();
    await attach(ctx2, 'services:\n  db:\n    image: busybox:1.36\n', forced.options);
    expect(ctx2.engine.calls).toContain('killContainer');
  });

  it('follows what Compose v2 attaches to, and Ctrl-C stops only that', async () => {
    const project = projectOf(`services:
  db: { image: busybox:1.36 }
  cache: { image: busybox:1.36, attach: false }
  app: { image: busybox:1.36, depends_on: [db, cache] }
`);
    const targets = ['db', 'cache', 'app'];
    expect(attachedServices(project, ['app'], targets, {})).toEqual(['app']);
    expect(attachedServices(project, [], targets, {}).sort()).toEqual(['app', 'db']);
    expect(
      attachedServices(project, ['app'], targets, { attachDependencies: true }).sort(),
    ).toEqual(['app', 'db']);
    expect(attachedServices(project, [], targets, { noAttach: ['db'] })).toEqual(['app']);
    expect(() => attachedServices(project, ['db'], ['db'], { attach: ['app'] })).toThrow(
      'cannot attach to services not included in up: app',
    );

    const ctx = context();
    const { interrupt, options } = signals();
    const entries: LogEntry[] = [];
    const ending = upAttached(
      ctx,
      project,
      { services: ['app'] },
      { ...options, afterUp: async () => interrupt.abort() },
      (e) => entries.push(e),
      () => undefined,
    );
    expect((await ending).exitCode).toBe(130);
    expect(states(ctx)).toEqual({
      'p-app-1': ['exited', 143],
      'p-cache-1': ['running', 0],
      'p-db-1': ['running', 0],
    });
  });

  it('ends on the --exit-code-from service even when only another one is attached', async () => {
    const ctx = context();
    const { options } = signals();
    const entries: LogEntry[] = [];
    const result = await upAttached(
      ctx,
      projectOf(`services:
  migrate: { image: busybox:1.36, command: ["sh", "-c", "exit 4"] }
  app: { image: busybox:1.36, depends_on: [migrate] }
`),
      { services: ['app'] },
      { ...options, exitCodeFrom: 'migrate' },
      (e) => entries.push(e),
      () => undefined,
    );
    expect([result.reason, result.exitCode]).toEqual(['container-exit', 4]);
  });
});
