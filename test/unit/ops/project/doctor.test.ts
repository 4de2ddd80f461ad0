/** doctor on the fake engine and a scratch project: each check's verdict. */
import { describe, expect, it } from 'vitest';
import { EngineUnreachableError } from '../../../../src/errors.js';
import { nodeHost } from '../../../../src/host/node-host.js';
import { doctor } from '../../../../src/ops/project/doctor.js';
import { FakeEngine } from '../../../support/fake-engine.js';
import { projectIn } from '../../../support/op-context.js';
import { scratchFolders } from '../../../support/scratch.js';

const scratch = scratchFolders('stager-doctor-');

const verdicts = (r: Awaited<ReturnType<typeof doctor>>) =>
  Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

describe('doctor on the fake engine', () => {
  it('passes a project whose engine answers, images exist and .env is complete', async () => {
    const dir = scratch({
      'compose.yaml': 'services:\n  app:\n    image: busybox:1.36\n',
      'sample.env': 'A=1\n',
      '.env': 'A=1\n',
    });
    const project = projectIn(dir);
    const result = await doctor({
      engine: async () => new FakeEngine(),
      project,
      composeFiles: project.configFiles,
      projectDir: dir,
      uid: process.getuid?.(),
      host: nodeHost,
    });
    expect(verdicts(result)).toMatchObject({
      engine: 'ok',
      buildkit: 'ok',
      compose: 'ok',
      env: 'ok',
      images: 'ok',
    });
    expect(result.ok).toBe(true);
  });

  it('fails on an unreachable engine with its hint, and skips what needs it', async () => {
    const dir = scratch({ 'compose.yaml': 'services:\n  app:\n    image: busybox:1.36\n' });
    const project = projectIn(dir);
    const result = await doctor({
      engine: async () => {
        throw new EngineUnreachableError('unix:///nowhere.sock', 'no socket there', {
          hint: 'start Docker',
        });
      },
      project,
      composeFiles: project.configFiles,
      projectDir: dir,
      uid: process.getuid?.(),
      host: nodeHost,
    });
    expect(verdicts(result)).toMatchObject({ engine: 'fail', images: 'skip' });
    expect(result.checks.find((c) => c.id === 'engine')?.fix).toBe('start Docker');
    expect(result.ok).toBe(false);
  });

  it('fails on a compose file that does not load, naming the problem', async () => {
    const dir = scratch({ 'compose.yaml': 'services:\n  app:\n    image: busybox:1.36\n' });
    const result = await doctor({
      engine: async () => new FakeEngine(),
      project: new Error('compose.yaml:3:5 services.app.ports: not a list'),
      composeFiles: [],
      projectDir: dir,
      uid: process.getuid?.(),
      host: nodeHost,
    });
    expect(verdicts(result).compose).toBe('fail');
    expect(result.checks.find((c) => c.id === 'compose')?.detail).toMatch(/compose.yaml:3:5/);
  });
});
