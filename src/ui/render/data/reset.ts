import path from 'node:path';
import { formatBytes } from '../../../format.js';
import type { ResetPlan, ResetResult } from '../../../ops/data/reset.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

/** `./data/db` inside the project, the absolute path outside it. */
export function shortPath(p: string, projectDir: string): string {
  const rel = path.relative(projectDir, p);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : `./${rel}`;
}

export function resetSummary(plan: ResetPlan): string {
  const parts: string[] = [];
  if (plan.folders.length) {
    const files = plan.folders.reduce((n, f) => n + f.files, 0);
    const bytes = plan.folders.reduce((n, f) => n + f.bytes, 0);
    parts.push(
      `${plan.folders.length} ${plan.folders.length === 1 ? 'folder' : 'folders'} (${files} files, ${formatBytes(bytes)})`,
    );
  }
  if (plan.volumes.length)
    parts.push(`${plan.volumes.length} ${plan.volumes.length === 1 ? 'volume' : 'volumes'}`);
  return parts.join(' and ');
}

export function renderResetPlan(projectDir: string) {
  return (plan: ResetResult, style: Style): string => {
    const rows = [
      ...plan.folders.map((f) => [
        'folder',
        shortPath(f.path, projectDir),
        f.services.join(', '),
        `${f.files}${f.partial ? '+' : ''}`,
        formatBytes(f.bytes),
      ]),
      ...plan.volumes.map((v) => ['volume', v.name, v.services.join(', '), '', '']),
    ];
    const out: string[] = [];
    if (rows.length)
      out.push(renderTable(['KIND', 'PATH', 'SERVICES', 'FILES', 'SIZE'], rows, style));
    for (const f of plan.refused)
      out.push(
        `${style.dim(`left alone: ${shortPath(f.path, projectDir)} (${f.refused}), used by ${f.services.join(', ')}`)}\n`,
      );
    for (const v of plan.volumesLeft)
      out.push(
        `${style.dim(`left alone: volume ${v.name} (${v.reason}), used by ${v.services.join(', ')}`)}\n`,
      );
    if (plan.dryRun) {
      if (rows.length)
        out.push(
          `${style.bold(`would empty ${resetSummary(plan)}; stops ${plan.services.join(', ') || 'nothing'}`)}\n`,
        );
    } else {
      out.push(
        `emptied ${resetSummary(plan)}${plan.restarted.length ? `; started ${plan.restarted.join(', ')} again` : ''}\n`,
      );
    }
    return out.join('');
  };
}
