/** The lint op: which Dockerfiles a project builds, and --fix writing only real files. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHost } from '../../../../src/host/node-host.js';
import {
  lintSources,
  sourcesFromPaths,
  sourcesFromProject,
} from '../../../../src/ops/images/lint.js';
import { projectIn } from '../../../support/op-context.js';
import { scratchFolders } from '../../../support/scratch.js';

const scratch = scratchFolders('stager-lint-');
const SLOW = 'FROM python:3.12\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n';

describe('lint on a project', () => {
  it('reads each Dockerfile the services build once, inline ones by service', () => {
    const dir = scratch({
      'compose.yaml': `services:
  web: { build: ./app }
  worker: { build: ./app }
  tool:
    build:
      context: .
      dockerfile_inline: "FROM busybox:1.36"
`,
      'app/Dockerfile': SLOW,
    });
    const sources = sourcesFromProject(nodeHost.fs, projectIn(dir), dir);
    expect(sources.map((s) => [s.name, s.file !== undefined])).toEqual([
      [path.join('app', 'Dockerfile'), true],
      ['tool dockerfile_inline', false],
    ]);
    const result = lintSources(nodeHost.fs, sources);
    expect(result.files[0]!.findings.map((f) => f.rule)).toContain('copy-before-install');
    expect(result.warnings).toBeGreaterThan(0);
  });

  it('adds the cache mounts in place with --fix, and refuses a path that is not there', () => {
    const dir = scratch({ Dockerfile: SLOW });
    const sources = sourcesFromPaths(nodeHost.fs, ['Dockerfile'], dir);
    const fixed = lintSources(nodeHost.fs, sources, { fix: true });
    expect(fixed.files[0]!.fixed).toBeGreaterThan(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain(
      '--mount=type=cache,target=/root/.cache/pip',
    );
    expect(fixed.files[0]!.findings.map((f) => f.rule)).not.toContain('cache-mount');
    expect(() => sourcesFromPaths(nodeHost.fs, ['missing/Dockerfile'], dir)).toThrow(
      /^no Dockerfile at .*missing\/Dockerfile$/,
    );
  });
});
