/** `commit` and `export`: a service's container as an image, or as a tar of its files. */
import type { CommitOptions } from '../../engine/engine.js';
import type { OpContext } from '../context.js';
import { progress } from '../progress.js';
import { serviceContainer } from './service-containers.js';

export interface ContainerRef {
  project: string;
  service: string;
  /** Which replica; the first when not given. */
  index?: number;
}

export async function commitService(
  ctx: OpContext,
  ref: ContainerRef,
  options: CommitOptions,
): Promise<{ container: string; image: string }> {
  const c = await serviceContainer(ctx, ref.project, ref.service, ref.index);
  const row = progress(ctx.reporter).container(c.name);
  row.start('Committing');
  const image = await ctx.engine.commitContainer(c.id, options);
  row.done('Committed');
  return { container: c.name, image };
}

/** Writes the container's files as a tar to the file `output`, or to `stdout` without one. */
export async function exportService(
  ctx: OpContext,
  ref: ContainerRef,
  to: { output?: string; stdout: NodeJS.WritableStream },
): Promise<{ container: string; output?: string }> {
  const c = await serviceContainer(ctx, ref.project, ref.service, ref.index);
  const row = progress(ctx.reporter).container(c.name);
  row.start('Exporting');
  const tar = await ctx.engine.exportContainer(c.id);
  const file = to.output ? ctx.host.fs.createWriteStream(to.output) : undefined;
  await new Promise<void>((resolve, reject) => {
    tar.on('error', reject);
    if (file) {
      file.on('error', reject);
      file.on('finish', resolve);
      tar.pipe(file);
    } else {
      tar.on('end', resolve);
      tar.pipe(to.stdout, { end: false });
    }
  });
  row.done('Exported');
  return { container: c.name, ...(to.output ? { output: to.output } : {}) };
}
