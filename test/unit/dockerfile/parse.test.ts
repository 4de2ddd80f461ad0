import { describe, expect, it } from 'vitest';
import { instructionForStep, parseDockerfile } from '../../../src/dockerfile/parse.js';

const MULTI = `# syntax=docker/dockerfile:1
# escape=\\
FROM python:3.12-slim AS deps
# a comment
RUN --mount=type=cache,target=/root/.cache/pip \\
    --mount=type=bind,source=requirements.txt,target=/r.txt \\
    pip install -r /r.txt

FROM deps AS app
WORKDIR /app
ENV A=1
COPY . .
RUN <<EOF
set -e
make
EOF
CMD ["python", "app.py"]
`;

describe('parseDockerfile', () => {
  const file = parseDockerfile(MULTI);

  it('reads parser directives only from the top', () => {
    expect(file.directives).toEqual({ syntax: 'docker/dockerfile:1', escape: '\\' });
  });

  it('joins continuations, keeps the first line, and splits --flags from arguments', () => {
    const run = file.instructions[1]!;
    expect(run.keyword).toBe('RUN');
    expect(run.line).toBe(5);
    expect(run.endLine).toBe(7);
    expect(run.flags).toEqual([
      { name: 'mount', value: 'type=cache,target=/root/.cache/pip' },
      { name: 'mount', value: 'type=bind,source=requirements.txt,target=/r.txt' },
    ]);
    expect(run.args).toBe('pip install -r /r.txt');
  });

  it('reads heredocs and goes on after their delimiter', () => {
    const run = file.instructions.find((i) => i.line === 13)!;
    expect(run.heredocs).toEqual([{ name: 'EOF', body: 'set -e\nmake\n' }]);
    expect(file.instructions.at(-1)).toMatchObject({ keyword: 'CMD', line: 17 });
  });

  it('groups instructions into stages', () => {
    expect(file.stages.map((s) => [s.name, s.instructions.length])).toEqual([
      ['deps', 2],
      ['app', 6],
    ]);
  });

  it('honours a backtick escape and skips comment lines inside an instruction', () => {
    const f = parseDockerfile('# escape=`\nFROM x\nRUN a `\n# note\n  b\n');
    expect(f.instructions[1]).toMatchObject({ args: 'a   b', line: 3, endLine: 5 });
  });
});

describe('instructionForStep', () => {
  const file = parseDockerfile(MULTI);

  it.each([
    ['[deps 2/2] RUN --mount=type=cache,target=/root/.cache/pip pip install', 5],
    ['[deps 1/2] FROM docker.io/library/python:3.12-slim', 3],
    // A stage built on another stage has no FROM step: WORKDIR is its first.
    ['[app 1/3] WORKDIR /app', 10],
    ['[app 2/3] COPY . .', 12],
    ['[stage-1 3/3] RUN <<EOF', 13],
  ])('%s is line %d', (step, line) => {
    expect(instructionForStep(file, step)?.line).toBe(line);
  });

  it('finds steps of an unnamed final stage by text when numbers do not fit', () => {
    const f = parseDockerfile('FROM busybox\nARG X\nRUN echo $X\n');
    expect(instructionForStep(f, '[2/2] RUN echo $X')?.line).toBe(3);
    expect(instructionForStep(f, 'exporting to image')).toBeUndefined();
  });
});
