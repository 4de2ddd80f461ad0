/**
 * `stager prune`: first a plan (what would go, with sizes), then exactly that plan removed.
 * By default only this project's leftovers: stopped containers, dangling images it built,
 * networks nothing uses, and its unused volumes only when asked. `allProjects` widens it to the
 * engine-wide clean-ups: dangling (or all unused) images, the build cache, unused networks.
 */
import type { DiskUsage, NetworkSummary } from '../../engine/engine.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';
import { progress } from '../progress.js';
import { shortId } from '../../format.js';

export type PruneKind = 'container' | 'image' | 'network' | 'volume' | 'build cache';

export interface PruneItem {
  kind: PruneKind;
  /** What the engine removes it by: id or name. */
  id: string;
  /** What a person recognises it by. */
  name: string;
  size: number;
}

export interface PruneOptions {
  /** The project's leftovers; ignored with `allProjects`. */
  project?: string;
  allProjects?: boolean;
  volumes?: boolean;
  /** Engine-wide: unused tagged images too, not only dangling ones. */
  allImages?: boolean;
  /** Engine-wide: the build cache (BuildKit's). */
  builder?: boolean;
  /** Build cache: keep this many bytes. */
  keepStorageBytes?: number;
  /** Only what was created (images) or last used (build cache) before this long ago. */
  untilMs?: number;
}

export interface PrunePlan {
  scope: 'project' | 'engine';
  project?: string;
  items: PruneItem[];
  bytes: number;
}

const STOPPED = new Set(['exited', 'created', 'dead']);
const PREDEFINED_NETWORKS = new Set(['bridge', 'host', 'none']);

/** Pure: what prune removes, given what the engine holds. */
export function planFromUsage(
  df: DiskUsage,
  networks: readonly NetworkSummary[],
  options: PruneOptions,
  now: Date,
): PrunePlan {
  const items: PruneItem[] = [];
  const old = (d: Date | undefined): boolean =>
    options.untilMs === undefined ||
    (d !== undefined && now.getTime() - d.getTime() >= options.untilMs);
  const project = options.allProjects ? undefined : options.project;
  const ours = (labels: Readonly<Record<string, string>>): boolean =>
    project === undefined || labels[Label.project] === project;

  const containers = options.allProjects
    ? []
    : df.containers.filter((c) => ours(c.labels) && STOPPED.has(c.state));
  const leaving = new Set(containers.map((c) => c.id));
  for (const c of containers)
    items.push({ kind: 'container', id: c.id, name: c.name, size: c.size });

  for (const i of df.images) {
    if (!ours(i.labels) || !old(i.created)) continue;
    if (project !== undefined && !i.labels[Label.project]) continue;
    // In use by a container that stays (stopped ones of this project go first).
    if (df.containers.some((c) => c.imageId === i.id && !leaving.has(c.id))) continue;
    const dangling = i.tags.length === 0;
    if (!dangling && !(options.allProjects && options.allImages)) continue;
    items.push({
      kind: 'image',
      id: i.id,
      name: dangling ? `<none> ${shortId(i.id)}` : i.tags.join(', '),
      size: i.uniqueSize,
    });
  }

  for (const n of networks) {
    if (PREDEFINED_NETWORKS.has(n.name) || !ours(n.labels)) continue;
    if (n.containers.every((id) => leaving.has(id)))
      items.push({ kind: 'network', id: n.name, name: n.name, size: 0 });
  }

  if (options.volumes) {
    for (const v of df.volumes) {
      if (!ours(v.labels)) continue;
      const users = df.containers.filter((c) => c.volumes.includes(v.name) && !leaving.has(c.id));
      if (users.length === 0)
        items.push({ kind: 'volume', id: v.name, name: v.name, size: v.size });
    }
  }

  if (options.allProjects && options.builder) {
    const unused = df.buildCache.filter((b) => !b.inUse && old(b.lastUsedAt));
    let kept = 0;
    // The engine frees the least recently used first until what remains fits --keep-storage.
    const byAge = [...unused].sort(
      (a, b) => (b.lastUsedAt?.getTime() ?? 0) - (a.lastUsedAt?.getTime() ?? 0),
    );
    for (const b of byAge) {
      if (options.keepStorageBytes !== undefined && kept + b.size <= options.keepStorageBytes) {
        kept += b.size;
        continue;
      }
      items.push({
        kind: 'build cache',
        id: b.id,
        name: `${b.type} ${b.description}`.trim(),
        size: b.size,
      });
    }
  }

  return {
    scope: options.allProjects ? 'engine' : 'project',
    ...(project !== undefined ? { project } : {}),
    items,
    bytes: items.reduce((n, i) => n + i.size, 0),
  };
}

export async function planPrune(ctx: OpContext, options: PruneOptions): Promise<PrunePlan> {
  const [df, listed] = await Promise.all([
    ctx.engine.diskUsage(),
    ctx.engine.listNetworks(
      options.allProjects || options.project === undefined ? [] : [projectFilter(options.project)],
    ),
  ]);
  // A network list does not say which containers are attached; an inspect does.
  const networks = await Promise.all(
    listed
      .filter((n) => !PREDEFINED_NETWORKS.has(n.name))
      .map(async (n) => (await ctx.engine.inspectNetwork(n.id)) ?? n),
  );
  return planFromUsage(df, networks, options, ctx.now());
}

export interface PruneResult extends PrunePlan {
  removed: PruneItem[];
  failed: { item: PruneItem; error: string }[];
  dryRun: boolean;
}

/** Removes exactly what the plan lists, containers first (they hold images, networks, volumes). */
export async function applyPrune(ctx: OpContext, plan: PrunePlan): Promise<PruneResult> {
  const removed: PruneItem[] = [];
  const failed: PruneResult['failed'] = [];
  const order: PruneKind[] = ['container', 'image', 'network', 'volume'];
  for (const kind of order) {
    await Promise.all(
      plan.items
        .filter((i) => i.kind === kind)
        .map(async (item) => {
          try {
            if (kind === 'container') await ctx.engine.removeContainer(item.id, { force: false });
            else if (kind === 'image') await ctx.engine.removeImage(item.id);
            else if (kind === 'network') await ctx.engine.removeNetwork(item.id);
            else await ctx.engine.removeVolume(item.id);
            removed.push(item);
            progress(ctx.reporter)
              .row(`${item.kind}:${item.id}`, `${capital(item.kind)} ${item.name}`)
              .done('Removed');
          } catch (err) {
            failed.push({ item, error: (err as Error).message });
          }
        }),
    );
  }
  const cache = plan.items.filter((i) => i.kind === 'build cache');
  // The engine takes one id per build-prune filter: one request per record planned.
  for (const item of cache) {
    try {
      await ctx.engine.pruneBuildCache({ ids: [item.id], all: true });
      removed.push(item);
    } catch (err) {
      failed.push({ item, error: (err as Error).message });
    }
  }
  if (cache.length) {
    progress(ctx.reporter)
      .row('build-cache', `Build cache (${cache.length} records)`)
      .done('Removed');
  }
  for (const f of failed)
    ctx.reporter.report({ type: 'warning', message: `${f.item.kind} ${f.item.name}: ${f.error}` });
  return { ...plan, removed, failed, dryRun: false };
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
