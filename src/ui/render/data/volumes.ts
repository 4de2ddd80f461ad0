import { formatBytes } from '../../../format.js';
import type { VolumesResult } from '../../../ops/data/volumes.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';
import { shortPath } from './reset.js';

export function renderVolumes(projectDir: string) {
  return (result: VolumesResult, style: Style): string => {
    const rows = [
      ...result.volumes.map((v) => [
        'volume',
        v.name,
        v.services.join(', '),
        v.bytes === undefined ? (v.exists ? '' : style.dim('not created')) : formatBytes(v.bytes),
        '',
        v.external ? 'external' : '',
      ]),
      ...result.binds.map((b) => [
        'bind',
        shortPath(b.path, projectDir),
        b.services.join(', '),
        !b.exists ? style.dim('missing') : b.partial && !b.bytes ? '' : formatBytes(b.bytes),
        b.exists && !(b.partial && !b.files) ? `${b.files}${b.partial ? '+' : ''}` : '',
        b.refused ?? '',
      ]),
    ];
    if (!rows.length) return `project ${result.project} mounts no volumes or folders\n`;
    return renderTable(['KIND', 'NAME', 'SERVICES', 'SIZE', 'FILES', 'NOTE'], rows, style);
  };
}
