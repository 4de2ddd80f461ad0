/**
 * `port`: where a service's container port is published on the host, as Compose v2 answers it:
 * the first binding the engine lists for that port and protocol.
 */
import type { Project } from '../../config/model/project.js';
import { StagerError } from '../../errors.js';
import type { ContainerSummary } from '../../engine/engine.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';
import { namedServices } from '../lifecycle/plan.js';

export interface PortQuery {
  service: string;
  port: number;
  protocol?: string;
  /** Which replica (1-based); the lowest-numbered one when absent. */
  index?: number;
}

export interface PublishedPort {
  container: string;
  ip: string;
  port: number;
}

const numberOf = (c: ContainerSummary): number => Number(c.labels[Label.containerNumber] ?? 0);
const isOneOff = (c: ContainerSummary): boolean => c.labels[Label.oneoff] === 'True';

/** The running container of a service a one-container command talks to (one-offs last). */
export async function serviceContainer(
  ctx: OpContext,
  project: string,
  service: string,
  index?: number,
): Promise<ContainerSummary> {
  const labels = [projectFilter(project), `${Label.service}=${service}`];
  if (index !== undefined) labels.push(`${Label.containerNumber}=${index}`);
  const found = await ctx.engine.listContainers({ labels });
  if (!found.length)
    throw new StagerError(
      index !== undefined
        ? `service "${service}" is not running container #${index}`
        : `service "${service}" is not running`,
    );
  found.sort((a, b) =>
    isOneOff(a) || isOneOff(b)
      ? Number(isOneOff(a)) - Number(isOneOff(b))
      : numberOf(a) - numberOf(b),
  );
  return found[0]!;
}

export async function publishedPort(
  ctx: OpContext,
  project: Project | string,
  query: PortQuery,
): Promise<PublishedPort> {
  const name = typeof project === 'string' ? project : project.name;
  if (typeof project !== 'string') namedServices(project, [query.service]);
  const protocol = (query.protocol ?? 'tcp').toLowerCase();
  const container = await serviceContainer(ctx, name, query.service, query.index);
  const binding = container.ports.find(
    (p) => p.containerPort === query.port && p.protocol === protocol && p.hostPort !== undefined,
  );
  if (!binding) {
    const published = container.ports.map((p) => `${p.hostPort ?? 0}/${p.protocol}`).join(', ');
    throw new StagerError(
      `no port ${query.port}/${protocol} for container ${container.name}: ${published}`,
    );
  }
  return { container: container.name, ip: binding.hostIp ?? '', port: binding.hostPort! };
}
