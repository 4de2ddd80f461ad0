import type { ContainerStats } from '../../engine/engine.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';
import { byteOrder } from '../../format.js';

export interface StatsOptions {
  project: string;
  services?: readonly string[];
  /** Stopped containers too, with nothing used. */
  all?: boolean;
}

export interface StatsEntry {
  id: string;
  name: string;
  stats: ContainerStats;
}

const NOTHING: ContainerStats = {
  cpuPercent: 0,
  memUsage: 0,
  memLimit: 0,
  memPercent: 0,
  netRx: 0,
  netTx: 0,
  blockRead: 0,
  blockWrite: 0,
  pids: 0,
};

/** One reading for each of the project's containers, by name; one-off containers included, as v2. */
export async function readStats(
  ctx: OpContext,
  options: StatsOptions,
): Promise<{ project: string; containers: StatsEntry[] }> {
  const wanted = options.services?.length ? new Set(options.services) : undefined;
  const listed = (
    await ctx.engine.listContainers({
      labels: [projectFilter(options.project)],
      all: options.all ?? false,
    })
  ).filter((c) => !wanted || wanted.has(c.labels[Label.service] ?? ''));
  const containers = await Promise.all(
    listed.map(async (c) => ({
      id: c.id,
      name: c.name,
      stats:
        c.state === 'running'
          ? // A container that stops between the listing and the reading reads as idle.
            await ctx.engine.containerStats(c.id).catch(() => NOTHING)
          : NOTHING,
    })),
  );
  containers.sort((a, b) => byteOrder(a.name, b.name));
  return { project: options.project, containers };
}
