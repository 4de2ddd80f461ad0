/** doctor on the fake engine and a scratch project: each check's verdict. */
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImages } from '../../../../src/ops/images/build.js';
import { fakeContext } from '../../../support/op-context.js';
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

  it("judges a built image by its context's content: a touch is nothing, an edit is stale", async () => {
    const dir = scratch({
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: 'FROM busybox:1.36\nCOPY app.txt /\n',
      'app.txt': 'one',
      '.dockerignore': 'notes/\n',
      'notes/todo.txt': 'x',
    });
    const project = projectIn(dir);
    const ctx = fakeContext();
    await buildImages(ctx, project, {});
    const images = async () =>
      (
        await doctor({
          engine: async () => ctx.engine,
          project,
          composeFiles: project.configFiles,
          projectDir: dir,
          uid: process.getuid?.(),
          host: nodeHost,
        })
      ).checks.find((c) => c.id === 'images');
    expect((await images())?.status).toBe('ok');
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, 'Dockerfile'), later, later);
    writeFileSync(path.join(dir, 'notes/todo.txt'), 'ignored by the build');
    expect((await images())?.status).toBe('ok');
    writeFileSync(path.join(dir, 'app.txt'), 'two');
    expect(await images()).toMatchObject({ status: 'warn', detail: 'app (build context changed)' });
  });
});
