/** Builds on the fake engine: what is sent, which builder, how a failing step is named. */
import { describe, expect, it } from 'vitest';
import { BuildFailedError, buildImages } from '../../../../src/ops/images/build.js';
import { fakeContexts, projectIn } from '../../../support/op-context.js';
import { scratchFolders } from '../../../support/scratch.js';

const context = fakeContexts();
const scratch = scratchFolders('stager-build-');

const COMPOSE = `services:
  web:
    build: ./web
  worker:
    build:
      context: ./web
      dockerfile: worker.Dockerfile
      args: { LEVEL: "3" }
    image: registry.test/worker:dev
`;

const rowsOf = (events: { type: string; id?: string; status?: string; detail?: string }[]) =>
  events.filter((e) => e.type === 'step').map((e) => `${e.id} ${e.status} ${e.detail ?? ''}`);

describe('build on the fake engine', () => {
  it("builds each service's image with BuildKit, sends its Dockerfile and args, and tags it", async () => {
    const ctx = context();
    const dir = scratch({
      'compose.yaml': COMPOSE,
      'web/Dockerfile': 'FROM busybox:1.36\nCOPY . /app\nRUN echo ok\n',
      'web/worker.Dockerfile': 'FROM busybox:1.36\nRUN echo work\n',
    });
    const result = await buildImages(ctx, projectIn(dir));
    expect(result.images.map((i) => [i.image, i.services, i.builder, i.steps])).toEqual([
      // FROM is no step of the image's own.
      ['p-web', ['web'], 'buildkit', 2],
      ['registry.test/worker:dev', ['worker'], 'buildkit', 1],
    ]);
    const worker = ctx.engine.builds.find((b) => b.request.dockerfile === 'worker.Dockerfile')!;
    expect(worker.dockerfile).toContain('RUN echo work');
    expect(worker.request.args).toEqual({ LEVEL: '3' });
    expect((await ctx.engine.inspectImage('registry.test/worker:dev'))?.id).toBe(
      result.images[1]!.id,
    );
    expect(rowsOf(ctx.events).filter((r) => r.startsWith('image:p-web'))).toEqual([
      'image:p-web start Building',
      expect.stringMatching(/^image:p-web done Built in [\d.]+s: 2 steps, 0 cached, 2 run$/),
    ]);
  });

  it('names the Dockerfile line of a failing step, with the output before it', async () => {
    const ctx = context();
    const dir = scratch({
      'compose.yaml': 'services:\n  web:\n    build: ./web\n',
      'web/Dockerfile': 'FROM busybox:1.36\nRUN echo one\nRUN exit 3\n',
    });
    const failure = await buildImages(ctx, projectIn(dir)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BuildFailedError);
    expect((failure as Error).message).toMatch(
      /^build of p-web failed at \S*web\/Dockerfile:3 \(RUN\): process .*exit 3.* exit code: 1$/,
    );
    expect((failure as BuildFailedError).details).toEqual(['step output before it failed']);
  });

  it('falls back to the classic builder without BuildKit, dropping RUN --mount with a warning', async () => {
    const ctx = context({ noBuildkit: true });
    const dir = scratch({
      'compose.yaml': 'services:\n  web:\n    build: ./web\n',
      'web/Dockerfile':
        'FROM busybox:1.36\nRUN --mount=type=cache,target=/root/.cache echo cached\n',
    });
    const result = await buildImages(ctx, projectIn(dir));
    expect(result.images[0]!.builder).toBe('classic');
    expect(ctx.engine.builds[0]!.dockerfile).not.toContain('--mount');
    expect(ctx.events).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        message: expect.stringContaining('ignores RUN --mount') as string,
      }),
    );
    await expect(buildImages(ctx, projectIn(dir), { builder: 'buildkit' })).rejects.toThrow(
      'this engine cannot build with BuildKit',
    );
  });
});
