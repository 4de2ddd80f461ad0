import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  projectDir,
  stager,
  testProject,
  uniqueProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

// `echo` stands in for the installer so that the fixed file can be built offline.
const DOCKERFILE = [
  'FROM busybox:1.36',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN echo "pip install -r requirements.txt" > /installed',
  'COPY . .',
  'USER 1000',
  '',
].join('\n');

describe('stager lint', () => {
  it('finds the missing cache mount in the Dockerfiles the project builds, fixes it, and the fix builds', async () => {
    const p = testProject(
      'lint',
      {
        'compose.yaml': 'services:\n  web:\n    build: .\n',
        Dockerfile: DOCKERFILE,
        'requirements.txt': 'flask\n',
      },
      cleanups,
    );
    const run = (args: string[]) => p.run(args);

    const found = await run(['lint']);
    expect(found.exitCode).toBe(1);
    expect(found.stdout).toMatch(
      /^Dockerfile:4: warning cache-mount: pip downloads every package/m,
    );
    expect(found.stdout).toMatch(/^Dockerfile:4: warning pip-no-cache:/m);
    expect(found.stderr).toMatch(/^error: 2 warnings in Dockerfile/m);

    const sarif = JSON.parse((await run(['lint', '--format', 'sarif'])).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0]).toMatchObject({
      ruleId: 'cache-mount',
      locations: [{ physicalLocation: { region: { startLine: 4 } } }],
    });

    const fixed = await run(['lint', '--fix']);
    expect(fixed.exitCode, fixed.stdout).toBe(0);
    const text = readFileSync(path.join(p.dir, 'Dockerfile'), 'utf8');
    expect(text).toBe(
      DOCKERFILE.replace('RUN echo', 'RUN --mount=type=cache,target=/root/.cache/pip echo'),
    );
    expect((await run(['lint', '--fix'])).stdout).not.toMatch(/fixed/);
    expect(readFileSync(path.join(p.dir, 'Dockerfile'), 'utf8')).toBe(text);

    const build = await run(['build']);
    expect(build.exitCode, build.stderr).toBe(0);
  });

  it('checks the files it is given, and says which one is missing', async () => {
    const p = projectDir(uniqueProject('lintfile'), {
      'web.Dockerfile':
        'FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n',
    });
    cleanups.push(async () => p.cleanup());
    const r = await stager(['--json', 'lint', 'web.Dockerfile'], { cwd: p.dir });
    expect(r.exitCode).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.files[0].findings.map((f: { rule: string }) => f.rule)).toEqual([
      'base-image-tag',
      'root-user',
    ]);
    const missing = await stager(['lint', 'nope.Dockerfile'], { cwd: p.dir });
    expect(missing.exitCode).toBe(4);
    expect(missing.stderr).toMatch(/no Dockerfile at .*nope\.Dockerfile/);
  });
});
