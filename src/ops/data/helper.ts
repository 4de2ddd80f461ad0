/**
 * A throwaway container that does, as root inside the engine, what the host user may not:
 * delete or chown files a container created, read and write named volumes. It has no network,
 * mounts only what it is given, and is removed whatever happens.
 */
import { randomBytes } from 'node:crypto';
import type { Project } from '../../config/model/project.js';
import { StagerError } from '../../errors.js';
import type { ContainerSpec, MountSpec } from '../../engine/engine.js';
import type { OpContext } from '../context.js';
import { lastLogLines } from '../containers/logs-tail.js';
import { serviceImage } from '../../config/model/queries.js';

export const DEFAULT_HELPER_IMAGE = 'busybox:1.36';
export const HELPER_LABEL = 'dev.stager.helper';

export interface HelperJob {
  image: string;
  mounts: MountSpec[];
  /** A POSIX shell script. */
  script: string;
  /** What the job is for, in messages: `empty ./data/db`. */
  purpose: string;
  /** The project it works for, as a label. */
  project?: string;
}

export async function runHelper(ctx: OpContext, job: HelperJob): Promise<string[]> {
  const spec: ContainerSpec = {
    name: `stager-helper-${randomBytes(5).toString('hex')}`,
    image: job.image,
    entrypoint: ['sh', '-c'],
    command: [job.script],
    user: '0:0',
    env: [],
    labels: {
      [HELPER_LABEL]: 'true',
      ...(job.project ? { [`${HELPER_LABEL}.project`]: job.project } : {}),
    },
    exposedPorts: [],
    portBindings: {},
    mounts: job.mounts,
    networkMode: 'none',
    endpoints: [],
  };
  let id: string;
  try {
    id = await ctx.engine.createContainer(spec);
  } catch (err) {
    throw new StagerError(
      `${job.purpose}: cannot create a helper container from ${job.image}: ${(err as Error).message}`,
      {
        hint: `name a small image that has sh with --helper-image (e.g. ${DEFAULT_HELPER_IMAGE})`,
        cause: err,
      },
    );
  }
  try {
    await ctx.engine.startContainer(id);
    const code = await ctx.engine.waitContainer(id);
    const output = await lastLogLines(ctx.engine, id, 20).catch(() => []);
    if (code !== 0) {
      throw new HelperExitError(
        code,
        `${job.purpose}: the helper container (${job.image}) exited with code ${code}`,
        {
          details: output,
          ...(code === 127 || code === 126
            ? { hint: `${job.image} has no usable sh: pass --helper-image ${DEFAULT_HELPER_IMAGE}` }
            : {}),
        },
      );
    }
    return output;
  } finally {
    await ctx.engine.removeContainer(id, { force: true }).catch(() => undefined);
  }
}

export class HelperExitError extends StagerError {
  constructor(
    readonly code: number,
    message: string,
    options: ConstructorParameters<typeof StagerError>[1],
  ) {
    super(message, options);
  }
}

/** The service's own image when it is here (it surely has what it needs), else a small one. */
export async function pickHelperImage(
  ctx: OpContext,
  project: Project,
  service: string | undefined,
  chosen: string | undefined,
): Promise<string> {
  return (await helperImages(ctx, project, service, chosen))[0]!;
}

/** The images a helper may use, best first: the one named, or the service's own, then a small one. */
export async function helperImages(
  ctx: OpContext,
  project: Project,
  service: string | undefined,
  chosen: string | undefined,
): Promise<string[]> {
  if (chosen) return [chosen];
  const config = service ? project.services[service] : undefined;
  const own = config ? serviceImage(project, config) : undefined;
  if (own && own !== DEFAULT_HELPER_IMAGE && (await ctx.engine.inspectImage(own)))
    return [own, DEFAULT_HELPER_IMAGE];
  return [DEFAULT_HELPER_IMAGE];
}

/**
 * Runs the job in the first image that can: one that cannot start it, or whose script says it
 * lacks a tool (exit `unusable`), hands it to the next. The script must change nothing before
 * it knows it can finish.
 */
export async function runHelperIn(
  ctx: OpContext,
  images: readonly string[],
  job: Omit<HelperJob, 'image'>,
  unusable: number,
): Promise<{ image: string; output: string[] }> {
  for (const [i, image] of images.entries()) {
    try {
      return { image, output: await runHelper(ctx, { ...job, image }) };
    } catch (err) {
      const last = i === images.length - 1;
      const cannot = !(err instanceof HelperExitError) || err.code === unusable;
      if (last || !cannot) throw err;
    }
  }
  throw new Error('internal: no helper image to run');
}

/** Shell-quotes a path for a helper script. */
export const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
