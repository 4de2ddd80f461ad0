import { NotFoundError } from '../../errors.js';
import type { ContainerSummary } from '../../engine/engine.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';

const numberOf = (c: ContainerSummary): number => Number(c.labels[Label.containerNumber] ?? 0);

/**
 * A service's containers in any state, by number; one-off ones (`run`, tasks) only with
 * `oneOffs`. What `cp`, `commit` and `export` act on, stopped containers included, as v2.
 */
export async function serviceContainers(
  ctx: OpContext,
  project: string,
  service: string,
  options: { oneOffs?: boolean } = {},
): Promise<ContainerSummary[]> {
  const listed = await ctx.engine.listContainers({
    labels: [projectFilter(project), `${Label.service}=${service}`],
    all: true,
  });
  return listed
    .filter((c) => options.oneOffs || c.labels[Label.oneoff] !== 'True')
    .sort((a, b) => numberOf(a) - numberOf(b));
}

/** Container number `index` of a service, or its first when no index is given. */
export async function serviceContainer(
  ctx: OpContext,
  project: string,
  service: string,
  index?: number,
): Promise<ContainerSummary> {
  const all = await serviceContainers(ctx, project, service);
  const found = index === undefined ? all[0] : all.find((c) => numberOf(c) === index);
  if (found) return found;
  throw new NotFoundError(
    index === undefined || !all.length
      ? `no container found for service "${service}"`
      : `service "${service}" has no container number ${index}`,
  );
}
