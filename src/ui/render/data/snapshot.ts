import { formatBytes } from '../../../format.js';
import type { BrokenSnapshot, SnapshotManifest } from '../../../ops/data/snapshot.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

const archiveBytes = (m: SnapshotManifest): number =>
  m.mounts.reduce((n, mount) => n + mount.archiveBytes, 0);

export function renderSaved(m: SnapshotManifest): string {
  const mounts = `${m.mounts.length} ${m.mounts.length === 1 ? 'mount' : 'mounts'}`;
  return `saved snapshot ${m.name}: ${mounts}, ${formatBytes(archiveBytes(m))} compressed\n`;
}

export interface SnapshotList {
  project: string;
  snapshots: SnapshotManifest[];
  broken: BrokenSnapshot[];
}

export function renderSnapshots(r: SnapshotList, style: Style): string {
  const rows = [
    ...r.snapshots.map((s) => [
      s.name,
      s.createdAt.replace('T', ' ').slice(0, 19),
      s.services.join(', '),
      String(s.mounts.length),
      formatBytes(archiveBytes(s)),
    ]),
    ...r.broken.map((b) => [b.name, 'BROKEN', b.problem, '', '']),
  ];
  return rows.length
    ? renderTable(['NAME', 'CREATED', 'SERVICES', 'MOUNTS', 'SIZE'], rows, style)
    : `no snapshots in ${r.project}\n`;
}

export const renderRestored = (m: SnapshotManifest): string =>
  `restored snapshot ${m.name} (${m.createdAt})\n`;

export const renderRemoved = (r: { removed: string }): string => `removed snapshot ${r.removed}\n`;
