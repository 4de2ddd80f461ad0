/** The Engine API's image list and `/system/df` answer, in stager's terms. */
import type { DiskUsage, ImageSummary } from '../engine.js';

export interface RawImage {
  Id: string;
  RepoTags?: string[] | null;
  Labels?: Record<string, string> | null;
  Created: number;
  Size: number;
  SharedSize?: number;
  Containers?: number;
}

export interface RawDiskUsage {
  LayersSize?: number;
  Images?: RawImage[] | null;
  Containers?:
    | {
        Id: string;
        Names?: string[];
        Labels?: Record<string, string> | null;
        State: string;
        SizeRw?: number;
        ImageID?: string;
        Mounts?: { Type?: string; Name?: string }[] | null;
      }[]
    | null;
  Volumes?:
    | {
        Name: string;
        Labels?: Record<string, string> | null;
        UsageData?: { Size: number; RefCount: number } | null;
      }[]
    | null;
  BuildCache?:
    | {
        ID: string;
        Type: string;
        Description?: string;
        Size: number;
        InUse: boolean;
        Shared: boolean;
        LastUsedAt?: string | null;
      }[]
    | null;
}

export function toImageSummary(i: RawImage): ImageSummary {
  const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  const shared = i.SharedSize !== undefined && i.SharedSize >= 0 ? i.SharedSize : 0;
  return {
    id: i.Id,
    tags,
    labels: i.Labels ?? {},
    created: new Date(i.Created * 1000),
    size: i.Size,
    uniqueSize: Math.max(0, i.Size - shared),
    containers: i.Containers ?? -1,
  };
}

export function toDiskUsage(df: RawDiskUsage): DiskUsage {
  return {
    images: (df.Images ?? []).map(toImageSummary),
    layersSize: df.LayersSize ?? 0,
    containers: (df.Containers ?? []).map((c) => ({
      id: c.Id,
      name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
      labels: c.Labels ?? {},
      state: c.State,
      size: c.SizeRw ?? 0,
      imageId: c.ImageID ?? '',
      volumes: (c.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name!),
    })),
    volumes: (df.Volumes ?? []).map((v) => ({
      name: v.Name,
      labels: v.Labels ?? {},
      size: Math.max(0, v.UsageData?.Size ?? 0),
      refCount: Math.max(0, v.UsageData?.RefCount ?? 0),
    })),
    buildCache: (df.BuildCache ?? []).map((b) => ({
      id: b.ID,
      type: b.Type,
      description: b.Description ?? '',
      size: b.Size,
      inUse: b.InUse,
      shared: b.Shared,
      ...(b.LastUsedAt ? { lastUsedAt: new Date(b.LastUsedAt) } : {}),
    })),
  };
}
