/**
 * `stager push`: the images the project builds, pushed to the registries their `image:` names,
 * in parallel, one progress row per image.
 */
import type { Project } from '../../config/model/project.js';
import { StagerError, UsageError } from '../../errors.js';
import { registryOf } from '../../registry/reference.js';
import type { OpContext } from '../context.js';
import { namedServices } from '../lifecycle/plan.js';
import { layerProgress } from './layer-progress.js';
import { progress as rows } from '../progress.js';

export interface PushOptions {
  services?: readonly string[];
  ignoreFailures?: boolean;
}

export interface PushedImage {
  image: string;
  services: string[];
  status: 'pushed' | 'failed';
  error?: string;
}

export interface PushResult {
  project: string;
  images: PushedImage[];
}

/** Services with both `build:` and `image:`: what the project makes and says where it goes. */
export async function pushImages(
  ctx: OpContext,
  project: Project,
  options: PushOptions = {},
): Promise<PushResult> {
  const byImage = new Map<string, string[]>();
  for (const name of namedServices(project, options.services)) {
    const s = project.services[name]!;
    if (!s.build || !s.image) {
      if (options.services?.length)
        throw new UsageError(`service ${name} has no build: and image: to push`, {
          hint: 'stager pushes images the project builds, to the registry its image: names',
        });
      continue;
    }
    byImage.set(s.image, [...(byImage.get(s.image) ?? []), name]);
  }
  const images = await Promise.all(
    [...byImage].map(async ([image, services]): Promise<PushedImage> => {
      try {
        await pushOne(ctx, image);
        return { image, services, status: 'pushed' };
      } catch (err) {
        if (!options.ignoreFailures) throw err;
        const error = (err as Error).message;
        ctx.reporter.report({ type: 'warning', message: error });
        return { image, services, status: 'failed', error };
      }
    }),
  );
  return { project: project.name, images };
}

async function pushOne(ctx: OpContext, ref: string): Promise<void> {
  const row = rows(ctx.reporter).image(ref);
  if (!(await ctx.engine.inspectImage(ref)))
    throw new StagerError(`cannot push ${ref}: it has not been built`, {
      hint: 'build it first with `stager build`',
    });
  row.start('Pushing');
  const { progress, onEvent } = layerProgress(row);
  const registry = registryOf(ref);
  try {
    await ctx.engine.pushImage(ref, onEvent, await ctx.credentials?.get(registry));
  } catch (err) {
    row.failed('Failed');
    const message = (err as Error).message.replace(/^push \S+: /, '');
    throw new StagerError(`pushing ${ref} to ${registry}: ${message}`, {
      ...(/unauthorized|denied|authentication/i.test(message)
        ? { hint: `log in with \`stager login ${registry}\`` }
        : {}),
      cause: err,
    });
  }
  const snap = progress.snapshot();
  row.done(`Pushed (${snap.layers} layers)`);
}
