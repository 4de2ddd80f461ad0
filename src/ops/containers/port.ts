/**
 * `port`: where a service's container port is published on the host, as Compose v2 answers it:
 * the first binding the engine lists for that port and protocol.
 */
import { StagerError } from '../../errors.js';
import type { OpContext } from '../context.js';
import { runningContainer } from './exec.js';

export interface PortQuery {
  service: string;
  port: number;
  protocol?: string;
  /** Which replica (1-based); the first when absent. */
  index?: number;
}

export interface PublishedPort {
  container: string;
  ip: string;
  port: number;
}

/** The project's services are checked by whoever selected it (`checkServices`). */
export async function publishedPort(
  ctx: OpContext,
  project: string,
  query: PortQuery,
): Promise<PublishedPort> {
  const protocol = (query.protocol ?? 'tcp').toLowerCase();
  const container = await runningContainer(ctx, project, query.service, query.index);
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
