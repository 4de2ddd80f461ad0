/**
 * An OpContext for unit tests of ops: the fake engine, a reporter that records, this machine's
 * host (tests give ops a scratch folder) and the real clock.
 */
import { afterEach } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import type { Project } from '../../src/config/model/project.js';
import { memoryFs } from '../../src/config/source-fs.js';
import { nodeFs } from '../../src/host/node-source-fs.js';
import { nodeHost } from '../../src/host/node-host.js';
import type { OpContext } from '../../src/ops/context.js';
import type { ReportEvent } from '../../src/ops/reporter.js';
import { FakeEngine, type FakeEngineOptions } from './fake-engine.js';

export interface TestContext extends OpContext {
  engine: FakeEngine;
  events: ReportEvent[];
}

export function fakeContext(
  options: FakeEngineOptions & { signal?: AbortSignal } = {},
): TestContext {
  const events: ReportEvent[] = [];
  return {
    engine: new FakeEngine(options),
    reporter: { report: (e) => events.push(e) },
    host: nodeHost,
    now: () => new Date(),
    signal: options.signal,
    events,
  };
}

/** Makes fresh fake contexts, each one's engine closed after the test that made it. */
export function fakeContexts(): typeof fakeContext {
  const made: TestContext[] = [];
  afterEach(() => {
    for (const ctx of made.splice(0)) ctx.engine.close();
  });
  return (options) => {
    const ctx = fakeContext(options);
    made.push(ctx);
    return ctx;
  };
}

/** A project from compose text, as if read from /p/compose.yaml. */
export function projectOf(compose: string, name = 'p'): Project {
  return loadProject({
    cwd: '/p',
    env: { COMPOSE_PROJECT_NAME: name },
    fs: memoryFs({ '/p/compose.yaml': compose }),
  }).project;
}

/** A project read from the disk, in `dir`: for ops that touch its folders. */
export function projectIn(dir: string, name = 'p'): Project {
  return loadProject({ cwd: dir, env: { COMPOSE_PROJECT_NAME: name }, fs: nodeFs }).project;
}
