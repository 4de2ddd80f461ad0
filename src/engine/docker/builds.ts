/** Builds (classic and BuildKit, as the engine runs them) and the build cache. */
import type Docker from 'dockerode';
import type { BuildCachePrune, BuildEvent, BuildOps, BuildRequest } from '../engine.js';
import { createDocker } from './connect.js';
import { EngineError } from '../../errors.js';
import { buildQuery } from './map-build.js';
import type { DockerApi } from './api.js';
import type { DockerImages } from './images.js';

export class DockerBuilds implements BuildOps {
  /** Builds' own client: its connections close after each request. */
  private client: Docker | undefined;

  constructor(
    private readonly api: DockerApi,
    /** To find what a classic build made when its output did not say. */
    private readonly images: DockerImages,
  ) {}

  async buildImage(request: BuildRequest, onEvent: (e: BuildEvent) => void): Promise<string> {
    await this.api.connect();
    const modem = this.api.docker.modem as { version?: string };
    // A connection kept alive from an earlier request and reused for /build can stall or mix
    // streams: builds get a client of their own that closes its connection.
    this.client ??= createDocker(this.api.endpoint, { headers: { Connection: 'close' } });
    (this.client.modem as { version?: string }).version = modem.version;
    const options = buildQuery(request);
    // protobufjs is loaded by builds only: the other commands start faster without it.
    const { decodeStatus } = await import('./buildkit-status.js');
    const stream = (await this.api.call('build', () =>
      this.client!.buildImage(request.context, options as Docker.ImageBuildOptions),
    )) as NodeJS.ReadableStream;
    let imageId: string | undefined;
    await this.api.follow('build', stream, (m) => {
      if (m.id === 'moby.buildkit.trace' && typeof m.aux === 'string') {
        for (const e of decodeStatus(m.aux)) onEvent(e);
      } else if (m.id === 'moby.image.id' || (m.aux && !m.id)) {
        const id = (m.aux as { ID?: string } | undefined)?.ID;
        if (id) imageId = id;
      } else if (typeof m.stream === 'string') {
        const built = /^Successfully built ([0-9a-f]+)/.exec(m.stream);
        if (built) imageId ??= built[1];
        for (const line of m.stream.split('\n'))
          if (line.trim()) onEvent({ type: 'classic', text: line });
      }
    });
    if (!imageId) {
      const image = await this.images.inspectImage(request.tags[0] ?? '');
      if (!image) throw new EngineError('build: the engine reported no image', undefined);
      imageId = image.id;
    }
    return imageId;
  }

  async pruneBuildCache(options: BuildCachePrune): Promise<number> {
    await this.api.connect();
    const filters: Record<string, string[]> = {};
    if (options.until) filters.until = [options.until];
    if (options.ids?.length) filters.id = [...options.ids];
    const query: Record<string, unknown> = {};
    if (options.all) query.all = true;
    if (options.keepStorageBytes !== undefined) query['keep-storage'] = options.keepStorageBytes;
    if (Object.keys(filters).length) query.filters = JSON.stringify(filters);
    // dockerode's pruneBuilder sends no query string: the request is made here.
    const answer = await this.api.dial<{ SpaceReclaimed?: number } | null>('prune build cache', {
      path: '/build/prune?',
      method: 'POST',
      options: query,
      statusCodes: { 200: true, 500: 'server error' },
    });
    return answer?.SpaceReclaimed ?? 0;
  }
}
