/** images on the fake engine, printed as Compose v2 prints them. */
import { describe, expect, it } from 'vitest';
import { humanSize } from '../../../../src/format.js';
import { projectImages, splitReference } from '../../../../src/ops/images/project-images.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import {
  renderImageIds,
  renderImages,
  renderImagesJson,
} from '../../../../src/ui/render/images/project-images.js';
import { plainStyle } from '../../../../src/ui/style.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

describe('images on the fake engine', () => {
  it("lists each container's image by container name, in v2's table, JSON and ids", async () => {
    const ctx = context({ images: ['busybox:1.36', 'registry:5000/team/app:dev'] });
    await up(
      ctx,
      projectOf(
        'services:\n  web: {image: "registry:5000/team/app:dev"}\n  db: {image: busybox:1.36}\n',
      ),
      { scale: { web: 2 } },
    );
    const result = await projectImages(ctx, 'p');
    expect(result.images.map((i) => `${i.container} ${i.repository} ${i.tag}`)).toEqual([
      'p-db-1 busybox 1.36',
      'p-web-1 registry:5000/team/app dev',
      'p-web-2 registry:5000/team/app dev',
    ]);
    const table = renderImages(result, plainStyle).split('\n');
    expect(table[0]).toMatch(
      /^CONTAINER {11}REPOSITORY {15}TAG {17}PLATFORM {12}IMAGE ID {12}SIZE {16}CREATED$/,
    );
    expect(table[1]).toMatch(/^p-db-1 {14}busybox {18}1\.36 {16}/);
    expect(JSON.parse(renderImagesJson(result))[0]).toMatchObject({
      ContainerName: 'p-db-1',
      Repository: 'busybox',
      Tag: '1.36',
    });
    expect(renderImageIds(result).trim().split('\n')).toHaveLength(2);
    expect((await projectImages(ctx, 'p', ['db'])).images).toHaveLength(1);
    ctx.engine.calls.length = 0;
    await projectImages(ctx, 'p');
    // Three containers, two images: two inspections.
    expect(ctx.engine.calls.filter((c) => c === 'inspectImage')).toHaveLength(2);
  });

  it('splits references and sizes as the docker CLI does', () => {
    expect(splitReference('docker.io/library/busybox:1.36')).toEqual({
      repository: 'busybox',
      tag: '1.36',
    });
    expect(splitReference('localhost:5000/app')).toEqual({
      repository: 'localhost:5000/app',
      tag: '',
    });
    expect(splitReference('sha256:abc')).toEqual({ repository: '', tag: '' });
    expect([999, 1000, 1984234, 12345, 4_260_000_000].map(humanSize)).toEqual([
      '999B',
      '1kB',
      '1.98MB',
      '12.3kB',
      '4.26GB',
    ]);
  });
});
