/** logs on the fake engine: each container's lines, named by source, for the services asked. */
import { describe, expect, it } from 'vitest';
import { lastLogLines } from '../../../../src/ops/containers/logs-tail.js';
import { streamLogs, type LogEntry } from '../../../../src/ops/containers/logs.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

describe('logs on the fake engine', () => {
  it("prints each selected container's lines under its source", async () => {
    const ctx = context();
    await up(
      ctx,
      projectOf('services:\n  web:\n    image: busybox:1.36\n  db:\n    image: busybox:1.36\n'),
      { scale: { web: 2 } },
    );
    for (const c of ctx.engine.containers.values())
      ctx.engine.log(c.id, `hello from ${c.spec.name}`);
    const db = [...ctx.engine.containers.values()].find((c) => c.spec.name === 'p-db-1')!;
    ctx.engine.log(db.id, 'oops', 'stderr');
    const seen: LogEntry[] = [];
    let sources: string[] = [];
    await streamLogs(
      ctx,
      { project: 'p', services: ['db'] },
      (e) => seen.push(e),
      (s) => (sources = s),
    );
    expect(sources).toEqual(['db-1']);
    expect(seen.map((e) => `${e.source} ${e.stream} ${e.text}`)).toEqual([
      'db-1 stdout hello from p-db-1',
      'db-1 stderr oops',
    ]);
    const all: string[] = [];
    await streamLogs(ctx, { project: 'p' }, (e) => all.push(e.source));
    expect(all.sort()).toEqual(['db-1', 'db-1', 'web-1', 'web-2']);
    const second: string[] = [];
    await streamLogs(ctx, { project: 'p', services: ['web'], index: 2 }, (e) =>
      second.push(`${e.source} ${e.text}`),
    );
    expect(second).toEqual(['web-2 hello from p-web-2']);
  });

  it('gives the last lines a container printed, for an error message', async () => {
    const ctx = context();
    await up(ctx, projectOf('services:\n  db:\n    image: busybox:1.36\n'), {});
    const db = [...ctx.engine.containers.values()][0]!;
    for (const n of [1, 2, 3, 4]) ctx.engine.log(db.id, `line ${n}`);
    expect(await lastLogLines(ctx.engine, db.id, 2)).toEqual(['line 3', 'line 4']);
    expect(await lastLogLines(ctx.engine, db.id, 10)).toHaveLength(4);
  });
});
