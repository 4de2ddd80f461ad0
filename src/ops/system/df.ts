/** `stager df`: disk taken by images, containers, volumes and the build cache; this project's first. */
import type { DiskUsage } from '../../engine/engine.js';
import { Label } from '../../engine/labels.js';
import type { OpContext } from '../context.js';

export interface UsageRow {
  kind: 'images' | 'containers' | 'volumes' | 'build cache';
  total: number;
  active: number;
  bytes: number;
  reclaimable: number;
}

export interface DfResult {
  project?: string;
  /** What this project's labels claim. */
  projectRows: UsageRow[];
  engineRows: UsageRow[];
}

function rows(
  df: DiskUsage,
  owned: (labels: Readonly<Record<string, string>>) => boolean,
): UsageRow[] {
  const images = df.images.filter((i) => owned(i.labels));
  const containers = df.containers.filter((c) => owned(c.labels));
  const volumes = df.volumes.filter((v) => owned(v.labels));
  const running = (s: string): boolean => s === 'running' || s === 'paused' || s === 'restarting';
  return [
    {
      kind: 'images',
      total: images.length,
      active: images.filter((i) => i.containers > 0).length,
      bytes: images.reduce((n, i) => n + i.uniqueSize, 0),
      reclaimable: images.filter((i) => i.containers <= 0).reduce((n, i) => n + i.uniqueSize, 0),
    },
    {
      kind: 'containers',
      total: containers.length,
      active: containers.filter((c) => running(c.state)).length,
      bytes: containers.reduce((n, c) => n + c.size, 0),
      reclaimable: containers.filter((c) => !running(c.state)).reduce((n, c) => n + c.size, 0),
    },
    {
      kind: 'volumes',
      total: volumes.length,
      active: volumes.filter((v) => v.refCount > 0).length,
      bytes: volumes.reduce((n, v) => n + v.size, 0),
      reclaimable: volumes.filter((v) => v.refCount === 0).reduce((n, v) => n + v.size, 0),
    },
  ];
}

export function usageRows(df: DiskUsage, project: string | undefined): DfResult {
  const engineRows = rows(df, () => true);
  // Shared layers belong to no one image: the engine's total counts each once.
  engineRows[0]!.bytes = Math.max(engineRows[0]!.bytes, df.layersSize);
  engineRows.push({
    kind: 'build cache',
    total: df.buildCache.length,
    active: df.buildCache.filter((b) => b.inUse).length,
    bytes: df.buildCache.reduce((n, b) => n + b.size, 0),
    reclaimable: df.buildCache.filter((b) => !b.inUse).reduce((n, b) => n + b.size, 0),
  });
  return {
    ...(project !== undefined ? { project } : {}),
    projectRows: project === undefined ? [] : rows(df, (l) => l[Label.project] === project),
    engineRows,
  };
}

export async function diskUsage(ctx: OpContext, project: string | undefined): Promise<DfResult> {
  return usageRows(await ctx.engine.diskUsage(), project);
}
