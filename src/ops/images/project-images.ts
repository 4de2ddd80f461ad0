/** `images`: the image of each of the project's containers, as Compose v2's `images` lists it. */
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';
import { byteOrder } from '../../format.js';

export interface ContainerImage {
  container: string;
  /** `sha256:...`. */
  id: string;
  repository: string;
  tag: string;
  platform: string;
  size: number;
  created?: string;
  lastTagTime: string;
}

/** `busybox:1.36` -> busybox, 1.36; `registry:5000/app` -> registry:5000/app, latest-less. */
export function splitReference(ref: string): { repository: string; tag: string } {
  if (ref.startsWith('sha256:')) return { repository: '', tag: '' };
  const at = ref.indexOf('@');
  const named = at >= 0 ? ref.slice(0, at) : ref;
  const colon = named.lastIndexOf(':');
  const tagged = colon > named.lastIndexOf('/');
  const repository = (tagged ? named.slice(0, colon) : named)
    .replace(/^docker\.io\//, '')
    .replace(/^library\//, '');
  return { repository, tag: tagged ? named.slice(colon + 1) : '' };
}

export async function projectImages(
  ctx: OpContext,
  project: string,
  services: readonly string[] = [],
): Promise<{ project: string; listedAt: string; images: ContainerImage[] }> {
  const containers = (
    await ctx.engine.listContainers({ labels: [projectFilter(project)], all: true })
  ).filter((c) => !services.length || services.includes(c.labels[Label.service] ?? ''));
  // Replicas share an image: each is asked of the engine once.
  const inspected = new Map<string, ReturnType<typeof ctx.engine.inspectImage>>();
  const inspect = (ref: string) => {
    if (!inspected.has(ref)) inspected.set(ref, ctx.engine.inspectImage(ref));
    return inspected.get(ref)!;
  };
  const images = await Promise.all(
    containers.map(async (c): Promise<ContainerImage> => {
      const { repository, tag } = splitReference(c.image);
      const details = await inspect(c.image);
      return {
        container: c.name,
        id: details?.id ?? '',
        repository,
        tag,
        platform: details?.platform ?? '',
        size: details?.size ?? 0,
        ...(details?.created ? { created: details.created } : {}),
        lastTagTime: details?.lastTagTime ?? '',
      };
    }),
  );
  images.sort((a, b) => byteOrder(a.container, b.container));
  return { project, listedAt: ctx.now().toISOString(), images };
}
