/** Images: inspect, pull, push, list, remove, and registry logins checked by the engine. */
import type {
  ImageDetails,
  ImageOps,
  ImageSummary,
  PullProgress,
  PushProgress,
  RegistryAuth,
} from '../engine.js';
import { progressOf, splitReference } from './map-build.js';
import { toImageSummary } from './map-disk.js';
import type { DockerApi } from './api.js';

export class DockerImages implements ImageOps {
  constructor(private readonly api: DockerApi) {}

  async inspectImage(ref: string): Promise<ImageDetails | undefined> {
    try {
      const info = await this.api.call(`inspect image ${ref}`, () =>
        this.api.docker.getImage(ref).inspect(),
      );
      const meta = (info as { Metadata?: { LastTagTime?: string } }).Metadata;
      const variant = (info as { Variant?: string }).Variant;
      return {
        id: info.Id,
        tags: info.RepoTags ?? [],
        created: info.Created,
        size: info.Size,
        platform: [info.Os, info.Architecture, variant].filter(Boolean).join('/'),
        lastTagTime: meta?.LastTagTime ?? '',
        labels: info.Config?.Labels ?? {},
      };
    } catch (err) {
      if ((err as { name?: string }).name === 'NotFoundError') return undefined;
      throw err;
    }
  }

  async pullImage(
    ref: string,
    onProgress?: (p: PullProgress) => void,
    auth?: RegistryAuth,
  ): Promise<void> {
    const stream = (await this.api.call(`pull ${ref}`, () =>
      this.api.docker.pull(ref, auth ? { authconfig: auth } : {}),
    )) as NodeJS.ReadableStream;
    await this.api.follow(`pull ${ref}`, stream, (m) => onProgress?.(progressOf(m)));
  }

  async pushImage(
    ref: string,
    onProgress?: (p: PushProgress) => void,
    auth?: RegistryAuth,
  ): Promise<void> {
    const { name, tag } = splitReference(ref);
    const stream = (await this.api.call(`push ${ref}`, () =>
      this.api.docker.getImage(name).push({
        tag,
        // The engine insists on a registry auth header, even an empty one.
        authconfig: auth ?? { serveraddress: '' },
      }),
    )) as NodeJS.ReadableStream;
    await this.api.follow(`push ${ref}`, stream, (m) => onProgress?.(progressOf(m)));
  }

  async listImages(
    query: { labels?: readonly string[]; dangling?: boolean } = {},
  ): Promise<ImageSummary[]> {
    const filters: Record<string, string[]> = {};
    if (query.labels?.length) filters.label = [...query.labels];
    if (query.dangling) filters.dangling = ['true'];
    const list = await this.api.call('list images', () => this.api.docker.listImages({ filters }));
    return list.map((i) => toImageSummary(i));
  }

  async removeImage(ref: string): Promise<void> {
    await this.api.call(`remove image ${ref}`, () =>
      this.api.docker
        .getImage(ref)
        .remove()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err;
        }),
    );
  }

  async checkAuth(auth: RegistryAuth): Promise<{ status: string; identityToken?: string }> {
    const r = (await this.api.call(`log in to ${auth.serveraddress}`, () =>
      this.api.docker.checkAuth(auth),
    )) as { Status?: string; IdentityToken?: string };
    return {
      status: r.Status ?? '',
      ...(r.IdentityToken ? { identityToken: r.IdentityToken } : {}),
    };
  }
}
