import type { ContainerState, HealthState, PortBinding } from '../../engine/engine.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';
import { byteOrder } from '../../format.js';

export interface PsOptions {
  project: string;
  /** Stopped containers and one-off ones (`run`, tasks) too, as Compose v2's `ps -a`. */
  all?: boolean;
  services?: readonly string[];
  /** Only containers in these states (`running`, `exited`, ...). */
  status?: readonly string[];
}

export interface PsEntry {
  service: string;
  name: string;
  number: number;
  oneoff: boolean;
  image: string;
  state: ContainerState;
  health: HealthState;
  status: string;
  createdAt: string;
  ports: readonly PortBinding[];
  id: string;
  exitCode: number;
  command: string;
  labels: Readonly<Record<string, string>>;
  networks: readonly string[];
  mounts: readonly { name: string; driver: string }[];
}

export interface PsResult {
  project: string;
  /** When the list was taken: what "3 minutes ago" counts from. */
  listedAt: string;
  containers: PsEntry[];
}

export async function listProjectContainers(ctx: OpContext, options: PsOptions): Promise<PsResult> {
  const found = await ctx.engine.listContainers({
    // Asking for a state other than running needs the stopped ones too.
    labels: [projectFilter(options.project)],
    all: (options.all ?? false) || Boolean(options.status?.some((s) => s !== 'running')),
  });
  const wanted = options.services?.length ? new Set(options.services) : undefined;
  const containers = found
    .map((c): PsEntry => ({
      service: c.labels[Label.service] ?? '',
      name: c.name,
      number: Number(c.labels[Label.containerNumber] ?? 0),
      oneoff: (c.labels[Label.oneoff] ?? '').toLowerCase() === 'true',
      image: c.image,
      state: c.state,
      health: c.health,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      ports: c.ports,
      id: c.id,
      exitCode: c.state === 'exited' || c.state === 'dead' ? (c.exitCode ?? 0) : 0,
      command: c.command ?? '',
      labels: c.labels,
      networks: c.networks ?? [],
      mounts: c.mounts ?? [],
    }))
    .filter((c) => !wanted || wanted.has(c.service))
    .filter((c) => options.all || options.status?.length || !c.oneoff)
    .filter((c) => !options.status?.length || options.status.includes(c.state))
    // As Compose v2: by container name, byte order.
    .sort((a, b) => byteOrder(a.name, b.name));
  return { project: options.project, listedAt: ctx.now().toISOString(), containers };
}
