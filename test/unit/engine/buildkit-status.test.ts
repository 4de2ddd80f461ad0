import { describe, expect, it } from 'vitest';
import { decodeStatus, encodeStatus } from '../../../src/engine/docker/buildkit-status.js';
import { BuildProgress, type StepFinished } from '../../../src/ops/images/build-progress.js';

const ts = (seconds: number, nanos = 0) => ({ seconds, nanos });

describe('BuildKit status decoding', () => {
  it('turns a StatusResponse into vertex, status, log and warning events', () => {
    const events = decodeStatus(
      encodeStatus({
        vertexes: [
          {
            digest: 'sha256:a',
            name: '[2/3] RUN make',
            cached: false,
            started: ts(100),
            completed: ts(101, 500_000_000),
            error: '',
          },
        ],
        statuses: [{ ID: 'extracting', vertex: 'sha256:a', current: 5, total: 10 }],
        logs: [{ vertex: 'sha256:a', stream: 1, msg: Buffer.from('hello\n') }],
        warnings: [{ vertex: 'sha256:a', short: Buffer.from('FromAsCasing') }],
      }),
    );
    expect(events).toEqual([
      {
        type: 'vertex',
        digest: 'sha256:a',
        name: '[2/3] RUN make',
        cached: false,
        started: new Date(100_000),
        completed: new Date(101_500),
      },
      { type: 'status', vertex: 'sha256:a', id: 'extracting', current: 5, total: 10 },
      { type: 'log', vertex: 'sha256:a', stream: 1, text: 'hello\n' },
      { type: 'warning', vertex: 'sha256:a', message: 'FromAsCasing' },
    ]);
  });
});

describe('BuildProgress', () => {
  it('reports each step once, when it completes, and keeps the output of a failed one', () => {
    const finished: StepFinished[] = [];
    const p = new BuildProgress((s) => finished.push(s));
    const v = (over: object) => ({
      type: 'vertex' as const,
      digest: 'd1',
      name: '[1/2] RUN a',
      cached: false,
      ...over,
    });
    p.accept(v({ started: new Date(0) }));
    p.accept({ type: 'log', vertex: 'd1', stream: 1, text: 'line one\nline ' });
    p.accept({ type: 'log', vertex: 'd1', stream: 1, text: 'two\n' });
    p.accept(v({ started: new Date(0), completed: new Date(1200) }));
    p.accept(v({ started: new Date(0), completed: new Date(1200) }));
    p.accept({ type: 'vertex', digest: 'd2', name: '[2/2] COPY . .', cached: true });
    p.accept({
      type: 'vertex',
      digest: 'd3',
      name: '[internal] load build context',
      cached: false,
      completed: new Date(5),
    });
    p.accept({ type: 'vertex', digest: 'd4', name: '[3/3] RUN b', cached: false });
    p.accept({ type: 'log', vertex: 'd4', stream: 2, text: 'boom' });
    p.accept({
      type: 'vertex',
      digest: 'd4',
      name: '[3/3] RUN b',
      cached: false,
      error: 'exit code: 2',
    });
    expect(finished.map((f) => [f.name, f.cached, f.durationMs, f.error])).toEqual([
      ['[1/2] RUN a', false, 1200, undefined],
      ['[2/2] COPY . .', true, undefined, undefined],
      ['[internal] load build context', false, undefined, undefined],
      ['[3/3] RUN b', false, undefined, 'exit code: 2'],
    ]);
    expect(p.failed()).toMatchObject({ name: '[3/3] RUN b', output: ['boom'] });
    p.accept({ type: 'vertex', digest: 'd0', name: '[1/3] FROM busybox', cached: false });
    expect(p.summary()).toEqual({ steps: 3, cached: 1 });
  });
});
