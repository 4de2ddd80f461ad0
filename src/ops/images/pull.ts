/**
 * `stager pull` and the pulls `up` makes: one pull per image however many services use it, in
 * parallel, with credentials from the docker CLI's config and one progress row per image.
 */
import type { Project } from '../../config/model/project.js';
import { NotFoundError, StagerError } from '../../errors.js';
import { registryOf } from '../../registry/reference.js';
import type { OpContext } from '../context.js';
import { namedServices } from '../lifecycle/plan.js';
import { layerProgress } from './layer-progress.js';
import { progress as rows } from '../progress.js';
import { serviceImage } from '../../config/model/queries.js';
import { formatBytes } from '../../format.js';

/** Pulls `ref` with the registry's credentials, reporting progress on the row `image:<ref>`. */
export async function pullImage(ctx: OpContext, ref: string): Promise<void> {
  const row = rows(ctx.reporter).image(ref);
  row.start('Pulling');
  const { progress, onEvent } = layerProgress(row);
  const auth = await ctx.credentials?.get(registryOf(ref));
  try {
    await ctx.engine.pullImage(ref, onEvent, auth);
  } catch (err) {
    row.failed('Failed');
    throw explainPullFailure(ref, err, auth !== undefined);
  }
  const { total } = progress.snapshot();
  row.done(total ? `Pulled (${formatBytes(total)})` : 'Pulled');
}

function explainPullFailure(ref: string, err: unknown, hadCredentials: boolean): Error {
  const message = (err as Error).message.replace(/^pull \S+: /, '');
  const registry = registryOf(ref);
  if (err instanceof NotFoundError || /not found|manifest unknown/i.test(message)) {
    return new NotFoundError(`image ${ref} is not in the registry ${registry}: ${message}`, {
      hint: `check the name and tag${hadCredentials ? '' : `, and log in with \`stager login ${registry}\` if it is private`}`,
      cause: err,
    });
  }
  if (/unauthorized|authentication required|denied/i.test(message)) {
    return new StagerError(`pulling ${ref}: the registry ${registry} refused access: ${message}`, {
      hint: `log in with \`stager login ${registry}\``,
      cause: err,
    });
  }
  return new StagerError(`pulling ${ref}: ${message}`, { cause: err });
}

export interface PullOptions {
  services?: readonly string[];
  /** missing: only images not present; always (default): ask the registry for newer ones. */
  policy?: 'always' | 'missing';
  ignoreFailures?: boolean;
}

export interface PulledImage {
  image: string;
  services: string[];
  status: 'pulled' | 'present' | 'failed' | 'skipped';
  error?: string;
}

export interface PullResult {
  project: string;
  images: PulledImage[];
}

/** Services that build their image are pulled only when they also name one, and may fail. */
export async function pullImages(
  ctx: OpContext,
  project: Project,
  options: PullOptions = {},
): Promise<PullResult> {
  const byImage = new Map<string, { services: string[]; optional: boolean }>();
  for (const name of namedServices(project, options.services)) {
    const s = project.services[name]!;
    if (s.build && !s.image) continue;
    const image = serviceImage(project, s);
    const entry = byImage.get(image) ?? { services: [], optional: true };
    entry.services.push(name);
    entry.optional &&= s.build !== undefined || s.pull_policy === 'build';
    byImage.set(image, entry);
  }
  const results = await Promise.all(
    [...byImage].map(async ([image, { services, optional }]): Promise<PulledImage> => {
      if (options.policy === 'missing' && (await ctx.engine.inspectImage(image)))
        return { image, services, status: 'present' };
      try {
        await pullImage(ctx, image);
        return { image, services, status: 'pulled' };
      } catch (err) {
        if (!optional && !options.ignoreFailures) throw err;
        const error = (err as Error).message;
        ctx.reporter.report({
          type: 'warning',
          message: optional ? `${error} (${services.join(', ')} will build it)` : error,
        });
        return { image, services, status: optional ? 'skipped' : 'failed', error };
      }
    }),
  );
  return { project: project.name, images: results };
}
