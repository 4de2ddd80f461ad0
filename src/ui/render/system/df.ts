import { formatBytes } from '../../../format.js';
import type { DfResult, UsageRow } from '../../../ops/system/df.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

const cells = (scope: string, r: UsageRow): string[] => [
  scope,
  r.kind,
  String(r.total),
  String(r.active),
  formatBytes(r.bytes),
  formatBytes(r.reclaimable),
];

export function renderDf(result: DfResult, style: Style): string {
  return renderTable(
    ['SCOPE', 'TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'],
    [
      ...result.projectRows.map((r) => cells(result.project ?? '', r)),
      ...result.engineRows.map((r) => cells('engine', r)),
    ],
    style,
  );
}
