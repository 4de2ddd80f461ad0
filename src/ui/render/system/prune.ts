import { formatBytes } from '../../../format.js';
import type { PrunePlan, PruneResult } from '../../../ops/system/prune.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

export function planSummary(plan: PrunePlan): string {
  const n = plan.items.length;
  return `${n} ${n === 1 ? 'item' : 'items'} (${formatBytes(plan.bytes)})`;
}

function scope(plan: PrunePlan): string {
  return plan.scope === 'engine' ? 'the engine' : `project ${plan.project}`;
}

export function renderPrunePlan(result: PruneResult, style: Style): string {
  if (!result.items.length) return `nothing to prune in ${scope(result)}\n`;
  const table = renderTable(
    ['KIND', 'NAME', 'SIZE'],
    result.items.map((i) => [i.kind, i.name, i.size ? formatBytes(i.size) : '']),
    style,
  );
  return `${table}${style.bold(`would remove ${planSummary(result)} from ${scope(result)}`)}\n`;
}

export function renderPruneResult(result: PruneResult, style: Style): string {
  const freed = result.removed.reduce((n, i) => n + i.size, 0);
  const lines = [
    `removed ${result.removed.length} of ${result.items.length} from ${scope(result)}, ${formatBytes(freed)} freed`,
  ];
  if (result.failed.length) lines.push(style.red(`${result.failed.length} could not be removed`));
  return `${lines.join('\n')}\n`;
}
